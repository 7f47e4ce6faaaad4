"""The independent redaction check of issue 13: a seeded corpus of 行政处罚决定书, its manifest and the harness that scores an engine on it."""
