"""Proactive disclosure (主动公开): the directory, items and their publishing workflow."""
