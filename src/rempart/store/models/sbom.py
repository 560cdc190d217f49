"""SBOM documents of releases: the original bytes and the normalized component graph."""

from __future__ import annotations

from django.db import models

from rempart.store.models.product import Release


class Sbom(models.Model):
    """One SBOM document attached to a release (a release may have several: firmware, app…)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="sboms")
    label = models.CharField(max_length=200)
    filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    format = models.CharField(max_length=16)
    spec_version = models.CharField(max_length=16)
    encoding = models.CharField(max_length=16)
    serial_number = models.CharField(max_length=300, blank=True)
    document_name = models.CharField(max_length=500, blank=True)
    document_created = models.CharField(max_length=64, blank=True)
    creators = models.JSONField(default=list)
    root = models.JSONField(null=True, blank=True)  # the described component, serialized
    component_count = models.PositiveIntegerField()
    edge_count = models.PositiveIntegerField()
    dependencies_stated = models.JSONField(default=list)
    quality_score = models.PositiveSmallIntegerField()
    quality = models.JSONField(default=dict)  # rule results and defect counts
    warnings = models.JSONField(default=list)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.CharField(max_length=200)
    # How it arrived: "" (web, API, CLI) or "dependency-track" (the compatible endpoint, whose
    # uploads replace each other as in Dependency-Track).
    channel = models.CharField(max_length=32, blank=True, default="")
    # A replaced SBOM stays stored and listed, but leaves the release's current view.
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    # The token a Dependency-Track client polls (``/api/v1/event/token/{uuid}``).
    upload_token = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["release", "label"]
        constraints = [
            models.UniqueConstraint(fields=["release", "label"], name="sbom_label_unique")
        ]


class SbomContent(models.Model):
    """The document exactly as uploaded, kept apart so listings never load it."""

    sbom = models.OneToOneField(
        Sbom, on_delete=models.CASCADE, primary_key=True, related_name="content"
    )
    data = models.BinaryField()


class Component(models.Model):
    sbom = models.ForeignKey(Sbom, on_delete=models.CASCADE, related_name="components")
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="components")
    bom_ref = models.CharField(max_length=1000)
    type = models.CharField(max_length=40)
    name = models.CharField(max_length=1000)
    version = models.CharField(max_length=300, blank=True)
    group = models.CharField(max_length=500, blank=True)
    purl = models.CharField(max_length=2000, blank=True)
    cpe = models.CharField(max_length=1000, blank=True)
    # The advisory index key (OSV ecosystem, normalized package name), empty when unknown.
    ecosystem = models.CharField(max_length=100, blank=True)
    package = models.CharField(max_length=1000, blank=True)
    supplier = models.CharField(max_length=1000, blank=True)
    supplier_contact = models.CharField(max_length=1000, blank=True)
    author = models.CharField(max_length=1000, blank=True)
    licenses = models.TextField(blank=True)
    scope = models.CharField(max_length=16, blank=True)
    description = models.TextField(blank=True)
    filename = models.CharField(max_length=1000, blank=True)
    hashes = models.JSONField(default=list)
    properties = models.JSONField(default=list)
    external_references = models.JSONField(default=list)
    direct = models.BooleanField(default=False)  # a top-level dependency of the SBOM's root

    class Meta:
        ordering = ["name", "version"]
        indexes = [
            models.Index(fields=["release", "name"]),
            models.Index(fields=["ecosystem", "package"]),
        ]


class DependencyEdge(models.Model):
    sbom = models.ForeignKey(Sbom, on_delete=models.CASCADE, related_name="edges")
    ref = models.CharField(max_length=1000)
    depends_on = models.CharField(max_length=1000)
    kind = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["sbom", "ref"])]
