"""Risk assessments per release (Art. 13(2)-(3)) and the self-assessment records per product."""

from __future__ import annotations

from django.db import models

from rempart.store.models.product import Product, Release


class RiskAssessment(models.Model):
    release = models.OneToOneField(
        Release, on_delete=models.CASCADE, related_name="risk_assessment"
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    intended_purpose = models.TextField(blank=True)
    foreseeable_use = models.TextField(blank=True)
    operational_environment = models.TextField(blank=True)
    assets = models.JSONField(default=list)
    owner = models.CharField(max_length=200, blank=True)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()


class Threat(models.Model):
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="threats")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()  # shown as T-<number>, stable across copies
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    asset = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="threat_number_unique")
        ]


class Risk(models.Model):
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="risks")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()  # shown as R-<number>, stable across copies
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    threat = models.ForeignKey(
        Threat, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    asset = models.CharField(max_length=200, blank=True)
    likelihood = models.CharField(max_length=32)
    impact = models.CharField(max_length=32)
    treatment = models.CharField(max_length=16)
    treatment_description = models.TextField(blank=True)
    requirement_ids = models.JSONField(default=list)
    residual_likelihood = models.CharField(max_length=32, blank=True)
    residual_impact = models.CharField(max_length=32, blank=True)
    owner = models.CharField(max_length=200, blank=True)
    next_review = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="risk_number_unique")
        ]


class SelfAssessmentAnswer(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    question_id = models.CharField(max_length=32)
    answer = models.CharField(max_length=16)
    comment = models.TextField(blank=True)
    answered_by = models.CharField(max_length=200)
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "question_id"], name="selfassessment_answer_unique"
            )
        ]


class SecurityTest(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    performed_on = models.DateField()
    tester = models.CharField(max_length=1000)
    scope = models.TextField()
    findings = models.JSONField(default=list)  # [{"title", "severity", "status"}]
    requirement_ids = models.JSONField(default=list)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-performed_on", "-id"]


class SecurityTraining(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField()
    people = models.CharField(max_length=1000)
    topic = models.CharField(max_length=1000)
    requirement_ids = models.JSONField(default=list)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]


class ThirdPartyAudit(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    performed_on = models.DateField()
    auditor = models.CharField(max_length=1000)
    scope = models.TextField()
    result = models.CharField(max_length=32)
    requirement_ids = models.JSONField(default=list)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-performed_on", "-id"]
