"""The manufacturer: who places the products on the market (Art. 13(16)–(17), Annex II point 1–2)."""

from __future__ import annotations

from django.db import models


class Organization(models.Model):
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    website = models.URLField(blank=True)
    # Single point of contact for users, including vulnerability reports (Art. 13(17), AII-2).
    contact_point_email = models.EmailField(blank=True)
    contact_point_url = models.URLField(blank=True)
    # ISO 3166-1 alpha-2 code of the Member State of the main establishment (Art. 14(7)).
    main_establishment_country = models.CharField(max_length=2, blank=True)
    # Refuse SBOMs with any schema violation (value formats included), for CI gates.
    sbom_strict_schema = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
