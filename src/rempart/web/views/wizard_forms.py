"""The forms of the product wizard's steps (web layer)."""

from __future__ import annotations

from django import forms

from rempart.services.products.wizard import StandardsApplied

STANDARDS = [(s.value, s.value) for s in StandardsApplied]


class BasicsForm(forms.Form):
    name = forms.CharField(
        max_length=200, help_text="The name under which the product is marketed."
    )
    slug = forms.SlugField(
        max_length=80,
        required=False,
        help_text="Identifier for URLs and the CLI; derived from the name if empty.",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=20000
    )
    intended_purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20000,
        help_text="The use the product is intended for, as in its instructions and marketing (Art. 3(23)).",
    )


class CategoryForm(forms.Form):
    categories = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    free_open_source_public_documentation = forms.BooleanField(
        required=False,
        label="Free and open-source software whose technical documentation is made public at placing on the market",
    )
    standards_applied = forms.ChoiceField(
        choices=STANDARDS,
        initial="none",
        widget=forms.RadioSelect,
        label="Harmonised standards, common specifications or EU cybersecurity certification applied",
    )


class SupportForm(forms.Form):
    support_months = forms.IntegerField(
        min_value=1, max_value=1200, initial=60, label="Support period (months)"
    )
    expected_use_months = forms.IntegerField(
        min_value=1, max_value=1200, required=False, label="Expected use time (months)"
    )
    support_justification = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20000,
        label="What was taken into account (Annex VII point 4)",
    )
