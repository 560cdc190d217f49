"""Products and their releases, with the CRA decisions recorded on them."""

from __future__ import annotations

import uuid

from django.db import models

from rempart.store.models.organization import Organization


class Product(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="products"
    )
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    intended_purpose = models.TextField(blank=True)
    # Scope (Art. 2): the answers and the decision with the catalog version that made it.
    scope_answers = models.JSONField(default=dict)
    scope_outcome = models.CharField(max_length=32)
    # Classification (Art. 7, 8) and conformity route (Art. 32).
    categories = models.JSONField(default=list)
    product_class = models.CharField(max_length=32)
    free_open_source_public_documentation = models.BooleanField(default=False)
    standards_applied = models.CharField(max_length=16, default="none")
    allowed_procedures = models.JSONField(default=list)
    # Support policy (Art. 13(8)).
    support_months = models.PositiveIntegerField()
    expected_use_months = models.PositiveIntegerField(null=True, blank=True)
    support_justification = models.TextField(blank=True)
    catalog_version = models.CharField(max_length=32)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Release(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RELEASED = "released", "Released"
        WITHDRAWN = "withdrawn", "Withdrawn"

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="releases")
    version = models.CharField(max_length=100)
    release_date = models.DateField(null=True, blank=True)
    end_of_support = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField()
    # Stable identity for Dependency-Track clients: their "project" UUID names a release.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # SBOM uploads numbered per release; incremented under a row lock, so labels built from
    # it never collide, not even after a deletion or between parallel uploads.
    sbom_upload_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["product", "-release_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "version"], name="release_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.product.name} {self.version}"
