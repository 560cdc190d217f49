"""The documents page of a product: what is missing, preview, download, issue (web layer).

Previews (HTML/PDF/JSON) are GET requests and say DRAFT while anything is missing. Issuing a
final document and exporting the technical documentation are POST requests (they are audit
events); the final label is refused with the list of what is missing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from rempart.core.documents.fields import FIELDS, FieldKind, FieldSpec
from rempart.core.documents.labels import labels_for, load_labels
from rempart.core.errors import InvalidInput, Problem, RempartError
from rempart.services.accounts.authz import Action, allows
from rempart.services.disclosure import settings as disclosure
from rempart.services.documents import generation, records, technical_file
from rempart.services.documents.generation import DocumentKind
from rempart.services.products import register as products
from rempart.web.session import apply_errors, ctx_of

# Groups of fields on the form, by the annex they mostly serve.
GROUPS = (
    "Declaration of conformity (Annex V, VI)",
    "User information (Annex II)",
    "Technical documentation (Annex VII)",
)


def _form_field(spec: FieldSpec, label: str, choices: list[tuple[str, str]]) -> forms.Field:
    kind = spec.kind
    if kind is FieldKind.FLAG:
        return forms.BooleanField(required=False, label=label)
    if kind is FieldKind.DATE:
        return forms.DateField(
            required=False, label=label, widget=forms.DateInput(attrs={"type": "date"})
        )
    if kind is FieldKind.CHOICE:
        return forms.ChoiceField(required=False, label=label, choices=[("", "—"), *choices])
    if kind in (FieldKind.PROSE, FieldKind.LIST):
        help_text = "One entry per line." if kind is FieldKind.LIST else ""
        return forms.CharField(
            required=False,
            label=label,
            max_length=spec.max_length,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=help_text,
        )
    widget = forms.URLInput() if kind is FieldKind.URL else forms.TextInput()
    return forms.CharField(required=False, label=label, max_length=spec.max_length, widget=widget)


class DocumentationForm(forms.Form):
    languages = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, label="Document languages"
    )

    def __init__(
        self, *args: Any, languages: tuple[str, ...], procedures: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        known = load_labels()
        self.fields["languages"].choices = [  # type: ignore[attr-defined]
            (code, f"{labels.name} ({code})") for code, labels in sorted(known.items())
        ]
        english = labels_for("en")
        for spec in FIELDS:
            choices = [(c, english.choices.get(c, c)) for c in (spec.choices or procedures)]
            label = english.field(spec.name)
            if spec.translatable:
                for code in languages:
                    self.fields[f"{spec.name}__{code}"] = _form_field(
                        spec, f"{label} ({code})", choices
                    )
            else:
                self.fields[spec.name] = _form_field(spec, label, choices)

    def grouped(self) -> list[tuple[str, list[Any]]]:
        """The bound fields in three groups, by the annex of the first item a field serves."""
        groups: list[tuple[str, list[Any]]] = [(title, []) for title in GROUPS]
        for spec in FIELDS:
            first = spec.items[0]
            index = 2 if first.startswith("AVII-") else 1 if first.startswith("AII-") else 0
            names = [n for n in self.fields if n == spec.name or n.startswith(f"{spec.name}__")]
            groups[index][1].extend(self[n] for n in names)
        return groups

    def values(self, languages: list[str]) -> dict[str, object]:
        data = self.cleaned_data
        out: dict[str, object] = {}
        for spec in FIELDS:
            if spec.translatable:
                out[spec.name] = {
                    code: data.get(f"{spec.name}__{code}", "")
                    for code in languages
                    if f"{spec.name}__{code}" in data and data.get(f"{spec.name}__{code}")
                } or None
            elif spec.kind is FieldKind.DATE:
                out[spec.name] = data[spec.name].isoformat() if data.get(spec.name) else None
            elif spec.kind is FieldKind.FLAG:
                out[spec.name] = bool(data.get(spec.name))
            else:
                out[spec.name] = data.get(spec.name) or None
        return out


def _initial(record: Any) -> dict[str, object]:
    initial: dict[str, object] = {"languages": list(record.languages)}
    for spec in FIELDS:
        value = record.values.get(spec.name)
        if spec.translatable and isinstance(value, dict):
            initial.update({f"{spec.name}__{code}": text for code, text in value.items()})
        elif isinstance(value, tuple):
            initial[spec.name] = "\n".join(value)
        elif value is not None:
            initial[spec.name] = value
    return initial


def _context(request: HttpRequest, slug: str, form: DocumentationForm | None) -> dict[str, Any]:
    ctx = ctx_of(request)
    product = products.get_product(ctx, slug)
    record = records.get_record(ctx, slug)
    version = request.GET.get("version") or None
    if form is None:
        form = DocumentationForm(
            initial=_initial(record),
            languages=record.languages,
            procedures=list(product.allowed_procedures),
        )
    base = disclosure.get_settings(ctx).public_base_url
    public_path = reverse("public-product", args=[slug])
    return {
        "product": product,
        "record": record,
        "rows": generation.overview(ctx, slug, version),
        "version": version,
        "form": form,
        "public_url": f"{base}{public_path}" if base else public_path,
        "can_publish": allows(ctx.actor.role, Action.MANAGE_ORGANIZATION),
        "kinds": [k.value for k in DocumentKind if k is not DocumentKind.TECHNICAL_FILE],
    }


def page(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    if request.method != "POST":
        return render(request, "rempart/documents/page.html", _context(request, slug, None))
    product = products.get_product(ctx, slug)
    chosen = request.POST.getlist("languages")
    form = DocumentationForm(
        request.POST,
        languages=tuple(chosen) or ("en",),
        procedures=list(product.allowed_procedures),
    )
    status = 422
    if form.is_valid():
        try:
            records.save_record(ctx, slug, chosen, form.values(chosen), replace=True)
        except RempartError as error:
            apply_errors(form, _for_form(error))
        else:
            messages.success(request, "Documentation saved.")
            return HttpResponseRedirect(reverse("documents", args=[slug]))
    return render(
        request, "rempart/documents/page.html", _context(request, slug, form), status=status
    )


def _for_form(error: RempartError) -> RempartError:
    """Problems named ``field.lang`` go on the form field ``field__lang``."""
    if not isinstance(error, InvalidInput):
        return error
    return InvalidInput(
        error.message,
        [Problem(p.field.replace(".", "__"), p.message, p.citation) for p in error.problems],
    )


@require_POST
def public_switch(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    on = request.POST.get("public_page") == "on"
    records.set_public_page(ctx, slug, on)
    messages.success(request, "The public page is on." if on else "The public page is off.")
    return HttpResponseRedirect(reverse("documents", args=[slug]))


@require_GET
def preview(request: HttpRequest, slug: str, kind: str, fmt: str) -> HttpResponse:
    ctx = ctx_of(request)
    data, media, name = generation.export(
        ctx,
        slug,
        generation.parse_kind(kind),
        fmt,
        language=request.GET.get("lang") or None,
        version=request.GET.get("version") or None,
    )
    return _download(data, media, name, inline=fmt == "html")


@require_POST
def issue(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    ctx = ctx_of(request)
    try:
        data, media, name = generation.export(
            ctx,
            slug,
            generation.parse_kind(kind),
            request.POST.get("format", "pdf"),
            language=request.POST.get("lang") or None,
            version=request.POST.get("version") or None,
            final=True,
        )
    except InvalidInput as refused:
        context = _context(request, slug, None)
        context["refused"] = refused
        return render(request, "rempart/documents/page.html", context, status=422)
    return _download(data, media, name, inline=False)


@require_POST
def bundle(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    try:
        signer = technical_file.configured_signer(ctx) if request.POST.get("sign") else None
        data, name = technical_file.export_bundle(
            ctx,
            slug,
            request.POST.get("version") or None,
            signer=signer,
            final=bool(request.POST.get("final")),
        )
    except InvalidInput as refused:
        context = _context(request, slug, None)
        context["refused"] = refused
        return render(request, "rempart/documents/page.html", context, status=422)
    return _download(data, "application/zip", name, inline=False)


def _download(data: bytes, media: str, name: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=media)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    if media.startswith("text/html"):
        # A standalone document with its own inline style: allow exactly that, nothing else.
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        )
    return response
