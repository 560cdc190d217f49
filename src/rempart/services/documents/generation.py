"""The declaration of conformity, its simplified form and the user information (services layer).

``document`` builds one document (core rules over the gathered facts); ``export`` renders it
as JSON, HTML or PDF. A preview may be incomplete and then says DRAFT on every copy; asking for
the final document (``final=True``) refuses an incomplete one with the list of what is missing,
and issuing a final document is an audit event carrying its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Any

from django.db import transaction

from rempart import __version__
from rempart.core.cra.catalog import Catalog
from rempart.core.documents import declaration, technical_file, user_information
from rempart.core.documents.labels import labels_for
from rempart.core.documents.model import Document, Facts
from rempart.core.documents.model import DocumentKind as DocumentKind
from rempart.core.errors import InvalidInput, Problem
from rempart.formats import render
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.documents import facts as gathering

FORMATS = ("html", "pdf", "json")
_MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "json": "application/json"}
_STYLE = render.asset_text("print.css")


def parse_kind(value: str) -> DocumentKind:
    try:
        return DocumentKind(value)
    except ValueError:
        known = ", ".join(k.value for k in DocumentKind)
        raise InvalidInput.single("kind", f"{value!r}: use one of {known}") from None


def build(catalog: Catalog, kind: DocumentKind, language: str, facts: Facts) -> Document:
    """One document from gathered facts (the technical file judges the other two first)."""
    labels = labels_for(language)
    if kind is DocumentKind.DECLARATION:
        return declaration.declaration(catalog, labels, facts)
    if kind is DocumentKind.SIMPLIFIED_DECLARATION:
        return declaration.simplified_declaration(catalog, labels, facts)
    if kind is DocumentKind.USER_INFORMATION:
        return user_information.user_information(catalog, labels, facts)
    held = {
        k.value: len(build(catalog, k, language, facts).missing)
        for k in (DocumentKind.DECLARATION, DocumentKind.USER_INFORMATION)
    }
    return technical_file.technical_file(catalog, labels, replace(facts, documents_missing=held))


def _language(facts: Facts, language: str | None) -> str:
    languages = facts.record.languages
    chosen = language or languages[0]
    if chosen not in languages:
        raise InvalidInput.single(
            "language",
            f"{chosen!r} is not a document language of this product ({', '.join(languages)})",
            "ART28-2",
        )
    return chosen


def document(
    ctx: ServiceContext,
    slug: str,
    kind: DocumentKind,
    language: str | None = None,
    version: str | None = None,
) -> Document:
    require(ctx, Action.READ)
    facts = gathering.gather(ctx, slug, version)
    return build(ctx.catalog, kind, _language(facts, language), facts)


def as_dict(catalog: Catalog, doc: Document, retention: Any = None) -> dict[str, Any]:
    """The document as a JSON-ready dictionary (schema ``rempart.cra-document/1``)."""
    labels = doc.labels
    return {
        "schema": "rempart.cra-document/1",
        "kind": doc.kind.value,
        "language": doc.language,
        "title": doc.title,
        "product": doc.product_name,
        "version": doc.version,
        "final": doc.final,
        "catalog_version": catalog.version,
        "rempart_version": __version__,
        "unchecked_language": None
        if labels.checked_against_oj
        else labels.doc("unchecked_language"),
        "retention": retention,
        "labels": dict(labels.documents),
        "statements": dict(labels.statements),
        "missing": [_problem(p) for p in doc.missing],
        "sections": [
            {
                "id": s.item_id,
                "ref": s.ref,
                "heading": s.heading,
                "level": s.level,
                "legal_text": s.legal_text,
                "statements": list(s.statements),
                "entries": [
                    {
                        "label": e.label,
                        "value": e.value if isinstance(e.value, str) else list(e.value),
                        "missing": e.missing,
                    }
                    for e in s.entries
                ],
                "files": list(s.files),
                "complete": not s.missing,
            }
            for s in doc.sections
        ],
    }


def _problem(p: Problem) -> dict[str, str | None]:
    return {"field": p.field, "message": p.message, "citation": p.citation}


def render_dict(data: dict[str, Any], fmt: str, *, legal_text: bool = False) -> bytes:
    """``data`` (from :func:`as_dict`) as ``html``, ``pdf`` or ``json`` bytes."""
    if fmt == "json":
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()
    html = render.render_template(
        "cra_document.html", d=data, style=_STYLE, show_legal_text=legal_text
    )
    if fmt == "html":
        return html.encode()
    if fmt == "pdf":
        return render.html_to_pdf(html)
    raise InvalidInput.single("format", f"{fmt!r}: use html, pdf or json")


def file_name(slug: str, doc: Document, fmt: str) -> str:
    version = f"-{doc.version}" if doc.version else ""
    return f"{slug}{version}-{doc.kind.value}-{doc.language}.{fmt}"


def refuse_incomplete(doc: Document) -> None:
    """The final label is refused while anything mandatory is missing (with the list)."""
    if not doc.final:
        count = len(doc.missing)
        raise InvalidInput(
            f"the {doc.kind.value} ({doc.language}) is incomplete: {count} item"
            f"{'s' if count != 1 else ''} missing, so it cannot be labelled final",
            doc.missing,
        )


def export(
    ctx: ServiceContext,
    slug: str,
    kind: DocumentKind,
    fmt: str,
    *,
    language: str | None = None,
    version: str | None = None,
    final: bool = False,
) -> tuple[bytes, str, str]:
    """(bytes, media type, file name) of one document; ``final`` refuses a draft and audits."""
    if fmt not in FORMATS:
        raise InvalidInput.single("format", f"{fmt!r}: use html, pdf or json")
    if kind is DocumentKind.TECHNICAL_FILE:
        raise InvalidInput.single(
            "kind", "the technical documentation is a bundle: use the technical file export"
        )
    doc = document(ctx, slug, kind, language, version)
    if final:
        refuse_incomplete(doc)
    data = render_dict(as_dict(ctx.catalog, doc), fmt)
    if final:
        with transaction.atomic():
            audit.record(
                ctx,
                "document.issue",
                "product",
                slug,
                {
                    "kind": kind.value,
                    "language": doc.language,
                    "version": doc.version,
                    "format": fmt,
                    "sha256": hashlib.sha256(data).hexdigest(),
                },
            )
    return data, _MEDIA[fmt], file_name(slug, doc, fmt)


def overview(ctx: ServiceContext, slug: str, version: str | None = None) -> list[dict[str, Any]]:
    """Every document kind in every language of the product: final or what is missing."""
    require(ctx, Action.READ)
    facts = gathering.gather(ctx, slug, version)
    rows = []
    for kind in DocumentKind:
        for language in facts.record.languages:
            doc = build(ctx.catalog, kind, language, facts)
            rows.append(
                {
                    "kind": kind.value,
                    "title": doc.title,
                    "language": language,
                    "version": doc.version,
                    "final": doc.final,
                    "missing": [_problem(p) for p in doc.missing],
                }
            )
    return rows
