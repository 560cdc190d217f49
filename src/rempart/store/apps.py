"""Django app configuration of the store."""

from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "rempart.store"
    label = "store"
    verbose_name = "Rempart store"
    default_auto_field = "django.db.models.BigAutoField"
