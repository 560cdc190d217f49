"""URL configuration: the web interface, the REST API under /api/v1, and /api/version."""

from django.urls import include, path

from rempart.api.app import api
from rempart.api.routes.dt_compat import version as dependency_track_version

urlpatterns = [
    # Dependency-Track clients test their connection here (outside /api/v1, as in DT)
    path("api/version", dependency_track_version, name="dependency-track-version"),
    path("api/v1/", api.urls),
    path("", include("rempart.web.urls")),
]
