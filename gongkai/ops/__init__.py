"""Operating the platform: the demo bureau, the embedded server, backup and restore."""
