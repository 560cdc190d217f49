"""REST API (django-ninja) under /api/v1."""
