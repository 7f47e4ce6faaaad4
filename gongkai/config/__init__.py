"""Django settings, URLs, WSGI/ASGI and the job runner's configuration."""
