"""ASGI entry point (composition root of the web process)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rempart.settings")
application = get_asgi_application()
