"""The statutory holiday calendar as data: State Council notices entered by an administrator."""
