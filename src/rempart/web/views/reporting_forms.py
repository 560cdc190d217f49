"""Forms of the reporting pages; times are read in the user's time zone (web layer)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest

from rempart.core.member_states import MEMBER_STATES
from rempart.web.pickers import member_state_choices
from rempart.web.time_zones import LocalTimeField as LocalTimeField
from rempart.web.time_zones import zone_of

STATES = MEMBER_STATES


def time_zone_of(request: HttpRequest) -> str:
    """The IANA zone of the person making the request (see ``web/time_zones.py``)."""
    return zone_of(request).name


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
        choices=member_state_choices(),
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
        required=False, choices=member_state_choices("—")
    )
    authorised_representative_country = forms.ChoiceField(
        required=False, choices=member_state_choices("—")
    )
    importer_country = forms.ChoiceField(required=False, choices=member_state_choices("—"))
    distributor_country = forms.ChoiceField(required=False, choices=member_state_choices("—"))
    most_users_country = forms.ChoiceField(required=False, choices=member_state_choices("—"))
    default_member_states = forms.MultipleChoiceField(
        required=False,
        choices=member_state_choices(),
        widget=forms.CheckboxSelectMultiple,
        label="Member States where the products are made available",
    )
