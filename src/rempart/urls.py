"""URL configuration: the web interface and the REST API under /api/v1."""

from django.urls import include, path

from rempart.api.app import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("rempart.web.urls")),
]
