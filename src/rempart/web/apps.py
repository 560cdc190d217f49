"""Django app configuration of the web interface."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "rempart.web"
    label = "web"
    verbose_name = "Rempart web interface"
