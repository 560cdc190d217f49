"""Server-rendered web interface (Django templates + htmx)."""
