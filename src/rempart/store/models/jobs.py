"""Advisory jobs asked for in the web (an uploaded file to import, a feed sync) (store layer)."""

from __future__ import annotations

from django.db import models


class AdvisoryJob(models.Model):
    """One import or sync a person asked for; a worker claims and runs it, writing its progress.

    ``payload`` holds an uploaded file until the job has run (then it is emptied); ``done`` of
    ``total`` steps and ``stage`` are what the page polling the job shows.
    """

    class Kind(models.TextChoices):
        IMPORT = "import"
        SYNC = "sync"

    class Status(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    filename = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    payload = models.BinaryField(null=True, blank=True)
    requested_by = models.CharField(max_length=150)
    requested_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(max_length=300, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=list)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status"], name="advisory_job_status")]
