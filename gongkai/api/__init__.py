"""The API for the systems around the bureau (django-ninja, OpenAPI 3.1, mounted at /api/v1/)."""
