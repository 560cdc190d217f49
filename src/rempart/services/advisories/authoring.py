"""Security advisories authored from findings, rendered as CSAF 2.0 and published (services layer).

An advisory starts as a draft from selected findings (``create_advisory``): their
vulnerabilities, the releases they are in and their triage. People edit the texts (summary,
details, impact, remediation, references, acknowledgments), the TLP and which releases fix
it. ``render`` builds the CSAF document at any time (a draft renders with version 0);
``publish`` freezes a revision (integer versions, a summary per revision, status interim or
final), checked against the schema and the mandatory tests, and then rewrites the provider
directory. Annex I Part II (4) evidence is read from published advisories.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction

from rempart import __version__
from rempart.core.csaf import (
    STATUSES,
    TLP_LABELS,
    CsafInput,
    Note,
    ProductVersion,
    Publisher,
    Reference,
    Remediation,
    Revision,
    Vulnerability,
    build_document,
    filename_for,
)
from rempart.core.csaf_assembly import FindingFacts, assemble, release_pid
from rempart.core.errors import Conflict, InvalidInput, NotFound, ProblemCollector
from rempart.core.triage import Decision, TriageState
from rempart.formats import csaf as csaf_format
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.advisories import settings as csaf_settings
from rempart.services.context import ServiceContext
from rempart.store.repositories import enrichment as enrichment_repo
from rempart.store.repositories import security_advisories as repo
from rempart.store.repositories import triage as triage_repo
from rempart.store.repositories.security_advisories import AdvisoryView as AdvisoryView
from rempart.store.repositories.security_advisories import RevisionView as RevisionView

TEXT_FIELDS = ("summary", "details", "impact", "remediation")
TEXT_MAX = 20_000


def _tracking_id(ctx: ServiceContext) -> str:
    prefix = repo.settings().tracking_prefix or "SA"
    year = ctx.clock.now().year
    base = f"{prefix}-{year}-"
    return f"{base}{repo.count_with_prefix(base) + 1:04d}"


def create_advisory(
    ctx: ServiceContext, finding_ids: Sequence[int], title: str = ""
) -> AdvisoryView:
    """A draft advisory about the selected findings."""
    require(ctx, Action.WRITE)
    facts = repo.finding_facts(finding_ids)
    if not facts:
        raise InvalidInput.single("findings", "select at least one finding for the advisory")
    missing = set(finding_ids) - {f["id"] for f in facts}
    if missing:
        raise NotFound(f"no finding {min(missing)}")
    vulnerabilities = sorted({f["vulnerability_id"] for f in facts})
    products = sorted({f["product_name"] for f in facts})
    default_title = f"{', '.join(vulnerabilities[:3])}{'…' if len(vulnerabilities) > 3 else ''} in {', '.join(products)}"
    summary = facts[0]["summary"] or f"Vulnerabilities in {', '.join(products)}"
    with transaction.atomic():
        view = repo.create(
            {
                "tracking_id": _tracking_id(ctx),
                "title": (title.strip() or default_title)[:500],
                "status": "draft",
                "tlp": "WHITE",
                "content": {"summary": summary, "details": "", "impact": "", "remediation": "",
                            "references": [], "acknowledgments": [], "fixed_releases": []},
                "vulnerability_ids": vulnerabilities,
                "created_by": ctx.actor.name,
            },
            finding_ids,
            ctx.clock.now(),
        )  # fmt: skip
        audit.record(ctx, "advisory.create", "advisory", view.tracking_id,
                     {"findings": sorted(finding_ids), "vulnerabilities": vulnerabilities})  # fmt: skip
    return view


def get_advisory(ctx: ServiceContext, tracking_id: str) -> AdvisoryView:
    require(ctx, Action.READ)
    view = repo.get(tracking_id)
    if view is None:
        raise NotFound(f"no advisory {tracking_id!r}")
    return view


def list_advisories(ctx: ServiceContext) -> list[AdvisoryView]:
    require(ctx, Action.READ)
    return repo.all_advisories()


def update_advisory(ctx: ServiceContext, tracking_id: str, values: dict[str, Any]) -> AdvisoryView:
    """Change the title, TLP and texts; references as ``[{url, summary}]``, acknowledgments as names."""
    require(ctx, Action.WRITE)
    problems = ProblemCollector()
    with transaction.atomic():
        current = repo.get(tracking_id, for_update=True)
        if current is None:
            raise NotFound(f"no advisory {tracking_id!r}")
        content = dict(current.content)
        fields: dict[str, Any] = {}
        if "title" in values:
            title = str(values["title"]).strip()
            if not title or len(title) > 500:
                problems.add("title", "a title of 1 to 500 characters")
            fields["title"] = title
        if "tlp" in values:
            if values["tlp"] not in TLP_LABELS:
                problems.add(
                    "tlp",
                    f"one of {', '.join(TLP_LABELS)} (TLP:CLEAR is written WHITE in CSAF 2.0)",
                )
            fields["tlp"] = values["tlp"]
        for name in TEXT_FIELDS:
            if name in values:
                text = str(values[name]).strip()
                if len(text) > TEXT_MAX:
                    problems.add(name, f"at most {TEXT_MAX:,} characters")
                content[name] = text
        if "references" in values:
            content["references"] = _references(values["references"], problems)
        if "acknowledgments" in values:
            content["acknowledgments"] = [
                str(n).strip()[:200] for n in values["acknowledgments"] if str(n).strip()
            ]
        if "fixed_releases" in values:
            content["fixed_releases"] = sorted(
                {str(v).strip() for v in values["fixed_releases"] if str(v).strip()}
            )
        problems.raise_if_any("the advisory is refused")
        fields["content"] = content
        view = repo.update(tracking_id, fields, ctx.clock.now())
        audit.record(ctx, "advisory.update", "advisory", tracking_id,
                     {k: v for k, v in fields.items() if k != "content"} | {"content": sorted(values)})  # fmt: skip
    return view


def _references(entries: Any, problems: ProblemCollector) -> list[dict[str, str]]:
    found = []
    for i, entry in enumerate(entries or []):
        url = str((entry or {}).get("url", "")).strip()
        if not url.startswith(("https://", "http://")):
            problems.add(f"references/{i}", f"{url!r} is not an http(s) URL")
            continue
        found.append({"url": url[:2000], "summary": str(entry.get("summary") or url)[:500]})
    return found


def _facts(view: AdvisoryView) -> list[FindingFacts]:
    rows = repo.finding_facts(view.finding_ids)
    decisions = triage_repo.decisions(view.finding_ids)
    scores = enrichment_repo.cvss_and_cwe({r["vulnerability_id"] for r in rows})
    facts = []
    for r in rows:
        decision = (
            decisions[r["id"]].decision if r["id"] in decisions else Decision(TriageState.IN_TRIAGE)
        )
        if decision.state is TriageState.IN_TRIAGE:
            # An advisory states the product is affected; "in triage" is not public wording.
            decision = Decision(TriageState.AFFECTED, None, "", decision.responses, "")
        facts.append(FindingFacts(
            r["id"], r["product_slug"], r["product_name"], r["version"], r["vulnerability_id"],
            tuple(r["aliases"]), r["summary"], r["component_name"], r["component_version"],
            r["component_purl"], tuple(r["fixed_versions"]), decision,
            *scores.get(r["vulnerability_id"], ("", "")),
        ))  # fmt: skip
    return facts


def _publisher() -> Publisher:
    saved = csaf_settings.effective(repo.settings())
    if not saved.publisher_name or not saved.publisher_namespace:
        raise InvalidInput.single(
            "publisher", "set the CSAF publisher's name and https namespace (CSAF settings) first"
        )
    return Publisher(
        saved.publisher_name,
        saved.publisher_namespace,
        saved.publisher_category,
        saved.contact_details,
    )


def _with_fixes(
    vulnerabilities: Sequence[Vulnerability], fixed: list[ProductVersion], content: dict[str, Any]
) -> list[Vulnerability]:
    from dataclasses import replace

    found = []
    fixed_ids = tuple(p.pid for p in fixed)
    for v in vulnerabilities:
        status = dict(v.product_status)
        affected = status.get("known_affected", ())
        remediations = list(v.remediations)
        if fixed_ids:
            status["fixed"] = tuple(sorted({*status.get("fixed", ()), *fixed_ids} - set(affected)))
            names = ", ".join(f"{p.product_name} {p.version}" for p in fixed)
            if affected:
                remediations = [r for r in remediations if r.category != "vendor_fix"]
                remediations.append(
                    Remediation(
                        "vendor_fix", content.get("remediation") or f"Update to {names}.", affected
                    )
                )
        elif content.get("remediation") and affected:
            remediations = [
                Remediation("mitigation", content["remediation"], affected),
                *remediations,
            ]
        threats = v.threats
        if content.get("impact") and affected:
            threats = (*threats, ("impact", content["impact"], affected))
        found.append(
            replace(v, product_status=status, remediations=tuple(remediations), threats=threats)
        )
    return found


def render(
    ctx: ServiceContext,
    tracking_id: str,
    pending: Revision | None = None,
    status: str | None = None,
) -> dict[str, Any]:
    """The CSAF document: the published revisions plus ``pending`` (a draft renders as version 0)."""
    view = get_advisory(ctx, tracking_id)
    facts = _facts(view)
    assembly = assemble(facts, component_level=False)
    releases = list(assembly.releases)
    product = facts[0] if facts else None
    fixed = [
        ProductVersion(
            release_pid(product.product_slug, v),
            product.product_name,
            v,
            f"pkg:generic/{product.product_slug}@{v}",
        )
        for v in view.content.get("fixed_releases", [])
        if product is not None
    ]
    releases += [p for p in fixed if p.pid not in {r.pid for r in releases}]
    revisions = [Revision(r.version, r.published_at, r.summary) for r in view.revisions]
    if pending is not None:
        revisions.append(pending)
    if not revisions:
        revisions = [Revision("0", view.created_at, "Draft")]
    now = ctx.clock.now()
    base = ctx.settings.base_url
    references = [Reference(r["url"], r["summary"]) for r in view.content.get("references", [])]
    if base:
        year = (
            view.revisions[0].published_at if view.revisions else pending.date if pending else now
        ).year
        references.insert(0, Reference(f"{base}/.well-known/csaf/white/{year}/{filename_for(tracking_id)}",
                                       "Canonical URL", "self"))  # fmt: skip
    notes = [Note("summary", view.content.get("summary") or view.title, "Summary")]
    if view.content.get("details"):
        notes.append(Note("details", view.content["details"], "Details"))
    notes.append(
        Note(
            "legal_disclaimer",
            "Published under Regulation (EU) 2024/2847, Annex I Part II (4).",
            "Basis",
        )
    )
    return build_document(
        CsafInput(
            category="csaf_security_advisory",
            title=view.title,
            tracking_id=tracking_id,
            status=status or view.status,
            revisions=tuple(revisions),
            initial_release_date=revisions[0].date,
            current_release_date=revisions[-1].date if pending or view.revisions else now,
            publisher=_publisher(),
            vendor=_publisher().name,
            tlp=view.tlp,
            notes=tuple(notes),
            references=tuple(references),
            acknowledgments=tuple((n,) for n in view.content.get("acknowledgments", [])),
            releases=tuple(releases),
            vulnerabilities=tuple(_with_fixes(assembly.vulnerabilities, fixed, view.content)),
            generator=("Rempart", __version__),
        )
    )


def validate(ctx: ServiceContext, tracking_id: str) -> csaf_format.CsafValidation:
    """Schema and mandatory tests of the advisory as it would be published now."""
    document = render(ctx, tracking_id)
    return csaf_format.validate_csaf(csaf_format.to_bytes(document))


def publish(ctx: ServiceContext, tracking_id: str, status: str, summary: str) -> RevisionView:
    """Freeze a new revision (status interim or final) and rewrite the provider directory."""
    require(ctx, Action.WRITE)
    if status not in STATUSES[1:]:
        raise InvalidInput.single(
            "status", "publish as 'interim' or 'final' (a draft is not published)"
        )
    if not summary.strip():
        raise InvalidInput.single(
            "summary", "say what this revision changes (the revision history)"
        )
    now = ctx.clock.now()
    with transaction.atomic():
        view = repo.get(tracking_id, for_update=True)
        if view is None:
            raise NotFound(f"no advisory {tracking_id!r}")
        if view.revisions and view.revisions[-1].status == "final" and status == "interim":
            raise Conflict(f"{tracking_id} is final; a new revision stays final")
        number = str(len(view.revisions) + 1)
        repo.update(tracking_id, {"status": status}, now)
        document = render(ctx, tracking_id, Revision(number, now, summary.strip()[:500]), status)
        data = csaf_format.write_csaf(document)  # schema + mandatory tests, or a bug is raised
        repo.add_revision(tracking_id, {
            "version": number, "status": status, "summary": summary.strip()[:500], "document": document,
            "sha256": hashlib.sha256(data).hexdigest(), "published_by": ctx.actor.name, "published_at": now,
        })  # fmt: skip
        audit.record(ctx, "advisory.publish", "advisory", tracking_id,
                     {"version": number, "status": status, "sha256": hashlib.sha256(data).hexdigest(),
                      "tlp": view.tlp, "vulnerabilities": list(view.vulnerability_ids)})  # fmt: skip
    from rempart.services.advisories import directory

    directory.write_directory(ctx)
    published = repo.get(tracking_id)
    assert published is not None  # noqa: S101 - just published
    return published.revisions[-1]


def published_at(view: AdvisoryView) -> datetime | None:
    return view.revisions[-1].published_at if view.revisions else None


def validate_document(data: bytes) -> csaf_format.CsafValidation:
    """Schema and mandatory tests (6.1) of any CSAF 2.0 document (``rempart csaf validate``)."""
    return csaf_format.validate_csaf(data)


def document_bytes(document: dict[str, Any]) -> bytes:
    return csaf_format.to_bytes(document)
