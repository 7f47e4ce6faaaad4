"""The public website: pages, search, feeds, forms and queries."""
