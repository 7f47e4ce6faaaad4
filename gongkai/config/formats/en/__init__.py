"""English date formats, used only when an administrator enables English: see formats.py."""
