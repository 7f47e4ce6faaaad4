"""Management commands of the public portal."""
