"""简体中文 date formats: see formats.py."""
