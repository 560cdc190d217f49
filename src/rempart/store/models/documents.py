"""What the manufacturer entered for the CRA documents, and public-page request counters (store).

One row per product: the document languages, the entered values (a JSON object keyed by the
field names of ``rempart.core.documents.fields``; translatable fields hold ``{language: text}``)
and whether the public product page is on. Off by default: nothing is public until chosen.
"""

from __future__ import annotations

from django.db import models

from rempart.store.models.product import Product


class ProductDocumentation(models.Model):
    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="documentation")
    languages = models.JSONField(default=list)
    values = models.JSONField(default=dict)
    public_page = models.BooleanField(default=False)
    updated_at = models.DateTimeField()
    updated_by = models.CharField(max_length=200)


class PublicRequestCount(models.Model):
    """Requests to a public page per client address and fixed time window (rate limiting).

    One row per (scope, address, window) rather than one per request, so a burst costs one
    row; rows of past windows are deleted as new windows open.
    """

    scope = models.CharField(max_length=40)
    address = models.CharField(max_length=64)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "address", "window_start"], name="public_request_window_unique"
            )
        ]
