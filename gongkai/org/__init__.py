"""Agencies, their units, staff and roles, and the append-only audit log."""
