"""Forms of the reporting pages; times are read in the user's time zone (web layer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.http import HttpRequest

from rempart.core.clock import zone
from rempart.core.product import EU_MEMBER_STATES

STATES = sorted(EU_MEMBER_STATES)


def time_zone_of(request: HttpRequest) -> str:
    profile = getattr(request.user, "profile", None)
    return str(getattr(profile, "time_zone", "") or "UTC")


class LocalTimeField(forms.DateTimeField):
    """``datetime-local`` input read in the user's zone, returned aware."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args: Any, tz: str = "UTC", **kwargs: Any) -> None:
        self.tz = tz
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> datetime | None:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        return parsed.replace(tzinfo=None).replace(tzinfo=zone(self.tz))


class CaseForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            ("vulnerability", "Actively exploited vulnerability (Art. 14(1))"),
            ("incident", "Severe incident (Art. 14(3))"),
        ]
    )
    title = forms.CharField(max_length=300)
    vulnerability_id = forms.CharField(
        required=False,
        max_length=200,
        label="Vulnerability ID",
        help_text="e.g. CVE-2026-12345; its findings propose the affected releases",
    )
    summary = forms.CharField(
        required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    member_states = forms.MultipleChoiceField(
        required=False,
        choices=[(s, s) for s in STATES],
        widget=forms.CheckboxSelectMultiple,
        label="Member States where the products are made available",
    )


class LinksNoteForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=2000,
        label="Why (kept in the case history)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def tz_form(form_class: type[forms.Form], request: HttpRequest, data: Any = None) -> forms.Form:
    form = form_class(data)
    for field in form.fields.values():
        if isinstance(field, LocalTimeField):
            field.tz = time_zone_of(request)
    return form


class ConfirmForm(forms.Form):
    aware_at = LocalTimeField(label="The manufacturer became aware at")
    reason = forms.CharField(
        required=False, max_length=2000, label="How, if before Rempart detected it"
    )


class DismissForm(forms.Form):
    reason = forms.CharField(max_length=2000)


class MeasureForm(forms.Form):
    available_at = LocalTimeField(label="Corrective or mitigating measure available at")
    description = forms.CharField(max_length=20000, widget=forms.Textarea(attrs={"rows": 2}))


class RequestForm(forms.Form):
    requested_at = LocalTimeField(label="CSIRT requested an intermediate report at")
    due_at = LocalTimeField(required=False, label="Due (if the CSIRT set a time)")
    note = forms.CharField(required=False, max_length=2000)


class SubmitForm(forms.Form):
    submitted_at = LocalTimeField(label="Submitted on the single reporting platform at")
    platform_reference = forms.CharField(
        required=False, max_length=200, label="Reference given by the platform"
    )
    already_provided_in = forms.ChoiceField(
        required=False,
        label="Information already provided in (notification and final report only)",
        choices=[
            ("", "—"),
            ("early-warning", "the early warning"),
            ("notification", "the notification"),
        ],
    )


class SettingsForm(forms.Form):
    csirt_name = forms.CharField(required=False, max_length=200, label="Coordinator CSIRT (name)")
    csirt_endpoint = forms.CharField(
        required=False, max_length=500, label="Electronic notification end-point"
    )
    main_establishment_basis = forms.ChoiceField(
        required=False,
        choices=[
            ("", "No main establishment in the Union"),
            (
                "main_establishment_decisions",
                "Main establishment: where cybersecurity decisions are taken",
            ),
            (
                "main_establishment_most_employees",
                "Main establishment: most employees in the Union",
            ),
        ],
    )
    main_establishment_country = forms.ChoiceField(
        required=False, choices=[("", "—")] + [(s, s) for s in STATES]
    )
    authorised_representative_country = forms.ChoiceField(
        required=False, choices=[("", "—")] + [(s, s) for s in STATES]
    )
    importer_country = forms.ChoiceField(
        required=False, choices=[("", "—")] + [(s, s) for s in STATES]
    )
    distributor_country = forms.ChoiceField(
        required=False, choices=[("", "—")] + [(s, s) for s in STATES]
    )
    most_users_country = forms.ChoiceField(
        required=False, choices=[("", "—")] + [(s, s) for s in STATES]
    )
    default_member_states = forms.MultipleChoiceField(
        required=False,
        choices=[(s, s) for s in STATES],
        widget=forms.CheckboxSelectMultiple,
        label="Member States where the products are made available",
    )
