"""Date formats for staff and public pages (FORMAT_MODULE_PATH): one module per language the site speaks."""
