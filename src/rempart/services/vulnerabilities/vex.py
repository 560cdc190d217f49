"""VEX out and in: a release's or product's statements, and suppliers' VEX applied (services layer).

- ``export_vex``: the triage decisions of a release (or every release of a product) as OpenVEX
  0.2, CycloneDX 1.6 VEX or CSAF 2.0 VEX; undecided findings are "under investigation". The
  writers check their output against the official schema (and, for CSAF, the mandatory
  tests) before it leaves.
- ``import_vex``: reads a document in any of the three formats (judged by content), refuses
  it whole with located problems when it is invalid, and applies each statement to the
  matching open findings of the chosen release or product. The document is kept
  (``VexDocument``: format, id, author, digest, statements) and every decision it set points
  at it; one audit event per import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from rempart import __version__
from rempart.core.csaf import CsafInput, Publisher, Revision, build_document
from rempart.core.csaf_assembly import FindingFacts, assemble, release_pid
from rempart.core.errors import InvalidInput, NotFound
from rempart.core.triage import Decision, TriageState, VexFormat, component_key
from rempart.core.vex import VexDocument, VexStatement, VexTarget, matching
from rempart.formats import csaf as csaf_format
from rempart.formats.cyclonedx_vex import read_cyclonedx_vex, write_cyclonedx_vex
from rempart.formats.errors import UnrecognizedFormat
from rempart.formats.limits import parse_json
from rempart.formats.openvex import read_openvex, write_openvex
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.vulnerabilities import workbench
from rempart.store.repositories import enrichment as enrichment_repo
from rempart.store.repositories import organizations
from rempart.store.repositories import security_advisories as csaf_repo
from rempart.store.repositories import triage as triage_repo

MEDIA_TYPES = {
    VexFormat.OPENVEX: ("application/json", "openvex.json"),
    VexFormat.CYCLONEDX: ("application/vnd.cyclonedx+json", "vex.cdx.json"),
    VexFormat.CSAF: ("application/json", "csaf-vex.json"),
}


@dataclass(frozen=True, slots=True)
class VexImportOutcome:
    document_id: int
    format: str
    statements: int
    matched_findings: int
    changed: int
    unmatched_statements: int


def _scope_rows(
    ctx: ServiceContext, product_slug: str, version: str | None
) -> list[workbench.FindingRow]:
    rows: list[workbench.FindingRow] = []
    page = 1
    while True:
        query = workbench.FindingQuery(
            product_slug=product_slug, release_version=version, page=page, per_page=500,
            sort="component",
        )  # fmt: skip
        found = workbench.find(ctx, query)
        rows.extend(found.rows)
        if page >= found.pages:
            return rows
        page += 1


def _facts(rows: Sequence[workbench.FindingRow]) -> list[FindingFacts]:
    decisions = triage_repo.decisions([r.id for r in rows])
    scores = enrichment_repo.cvss_and_cwe({r.vulnerability_id for r in rows})
    return [
        FindingFacts(
            r.id, r.product_slug, r.product_name, r.release_version, r.vulnerability_id,
            r.aliases, r.summary, r.component_name, r.component_version, r.component_purl,
            r.fixed_versions,
            decisions[r.id].decision if r.id in decisions else Decision(TriageState.IN_TRIAGE),
            *scores.get(r.vulnerability_id, ("", "")),
        )
        for r in rows
    ]  # fmt: skip


def product_purl(product_slug: str, version: str) -> str:
    """How Rempart names one release of a product in VEX: a generic purl."""
    return f"pkg:generic/{product_slug}@{version}"


def _statements(facts: Sequence[FindingFacts]) -> list[VexStatement]:
    grouped: dict[tuple[str, str, Decision], list[FindingFacts]] = {}
    for f in facts:
        grouped.setdefault(
            (f.vulnerability_id, product_purl(f.product_slug, f.version), f.decision), []
        ).append(f)
    statements = []
    for (vulnerability, product, decision), group in sorted(
        grouped.items(), key=lambda item: (item[0][0], item[0][1], item[0][2].state)
    ):
        components = tuple(sorted({
            f.component_purl or component_key("", f.component_name, f.component_version) for f in group
        }))  # fmt: skip
        aliases = tuple(sorted({a for f in group for a in f.aliases} - {vulnerability}))
        statements.append(
            VexStatement(vulnerability, aliases, components, decision, products=(product,))
        )
    return statements


def export_vex(
    ctx: ServiceContext, product_slug: str, version: str | None, fmt: VexFormat
) -> tuple[bytes, str, str]:
    """(document bytes, media type, file name) for the release's or product's statements."""
    require(ctx, Action.READ)
    rows = _scope_rows(ctx, product_slug, version)
    if not rows:
        raise NotFound(
            f"no open findings for {product_slug} {version or '(all releases)'}: nothing to state"
        )
    facts = _facts(rows)
    now = ctx.clock.now()
    organization = organizations.first()
    author = organization.name if organization else "Rempart"
    label = f"{product_slug}-{version}" if version else product_slug
    media, suffix = MEDIA_TYPES[fmt]
    if fmt is VexFormat.OPENVEX:
        data = write_openvex(
            _statements(facts),
            document_id=f"urn:rempart:vex:{label}:{now.strftime('%Y%m%dT%H%M%SZ')}",
            author=author,
            timestamp=now,
            tooling=f"Rempart {__version__}",
        )
    elif fmt is VexFormat.CYCLONEDX:
        statements = _statements(facts)
        names = {
            f.component_purl or component_key("", f.component_name, f.component_version): (
                f.component_name,
                f.component_version,
            )
            for f in facts
        }
        first = rows[0]
        data = write_cyclonedx_vex(
            statements,
            product_name=first.product_name,
            product_version=version or "all releases",
            product_ref=product_purl(product_slug, version)
            if version
            else f"pkg:generic/{product_slug}",
            component_names=names,
            timestamp=now,
        )
    else:
        data = csaf_format.write_csaf(_csaf_vex(facts, author, label, now))
    return data, media, f"{label}.{suffix}"


def _csaf_vex(facts: Sequence[FindingFacts], author: str, label: str, now: Any) -> dict[str, Any]:
    settings = csaf_repo.settings()
    publisher = Publisher(
        settings.publisher_name or author,
        settings.publisher_namespace or "https://rempart.invalid",
        settings.publisher_category or "vendor",
        settings.contact_details,
    )
    assembly = assemble(facts, component_level=True)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    return build_document(
        CsafInput(
            category="csaf_vex",
            title=f"VEX for {label}",
            tracking_id=f"{settings.tracking_prefix or 'VEX'}-{label}-{stamp}"[:100],
            status="final",
            revisions=(Revision("1", now, "Exported from Rempart"),),
            initial_release_date=now,
            current_release_date=now,
            publisher=publisher,
            vendor=author,
            releases=assembly.releases,
            components=assembly.components,
            vulnerabilities=assembly.vulnerabilities,
            generator=("Rempart", __version__),
        )
    )


def read_vex(data: bytes) -> VexDocument:
    """Read a VEX document in any of the three formats, judged by its content."""
    document = parse_json(data)
    if isinstance(document, dict) and str(document.get("@context", "")).startswith(
        "https://openvex.dev/ns"
    ):
        return read_openvex(data)
    if isinstance(document, dict) and document.get("bomFormat") == "CycloneDX":
        return read_cyclonedx_vex(data)
    if isinstance(document, dict) and isinstance(document.get("document"), dict):
        return csaf_format.read_csaf_vex(data)
    raise UnrecognizedFormat.at(
        "(document)", "not OpenVEX (@context), CycloneDX (bomFormat) or CSAF (document)"
    )


def _target(row: workbench.FindingRow) -> VexTarget:
    return VexTarget(
        row.vulnerability_id, row.aliases, row.component_purl, "", row.component_bom_ref
    )


def import_vex(
    ctx: ServiceContext, data: bytes, filename: str, product_slug: str, version: str | None
) -> VexImportOutcome:
    """Apply a supplier's VEX to the matching open findings of a release (or a product)."""
    require(ctx, Action.WRITE)
    document = read_vex(data)  # invalid input raises here: nothing has changed
    rows = _scope_rows(ctx, product_slug, version)
    if (
        not rows
        and not workbench.find(
            ctx, workbench.FindingQuery(product_slug=product_slug, per_page=1)
        ).total
    ):
        from rempart.services.products import register as products

        products.get_product(ctx, product_slug)  # NotFound for an unknown product
    plan: dict[tuple[int, VexStatement], list[int]] = {}
    current = triage_repo.decisions([r.id for r in rows])
    used: set[int] = set()
    matched = 0
    for row in rows:
        statement = matching(document.statements, _target(row))
        if statement is None:
            continue
        matched += 1
        used.add(document.statements.index(statement))
        existing = current.get(row.id)
        if existing is not None and existing.decision == statement.decision:
            continue
        if existing is None and statement.decision.state is TriageState.IN_TRIAGE:
            continue  # "under investigation" of an undecided finding changes nothing
        plan.setdefault((document.statements.index(statement), statement), []).append(row.id)
    now = ctx.clock.now()
    with transaction.atomic():
        document_pk = triage_repo.store_vex_document(
            {
                "format": document.format.value, "document_id": document.document_id[:500],
                "author": document.author[:500], "issued_at": document.timestamp,
                "sha256": hashlib.sha256(data).hexdigest(), "filename": filename[:500],
                "product_id": _product_id(rows), "release_id": _release_id(rows, version),
                "statements": [_statement_json(s) for s in document.statements],
                "imported_by": ctx.actor.name, "imported_at": now,
            }
        )  # fmt: skip
        changed = 0
        for (index, statement), ids in sorted(plan.items(), key=lambda item: item[0][0]):
            detail = f"VEX from {document.author or 'a supplier'} ({document.format.value} {document.document_id or filename}, statement {index + 1})"
            triage_repo.save_decisions(
                ids, statement.decision, origin="vex", detail=detail, actor=ctx.actor.name,
                now=now, origin_vex_id=document_pk,
            )  # fmt: skip
            changed += len(ids)
        triage_repo.set_vex_applied(document_pk, changed)
        audit.record(
            ctx, "vex.import", "vex-document", str(document_pk),
            {"format": document.format.value, "document_id": document.document_id,
             "author": document.author, "sha256": hashlib.sha256(data).hexdigest(),
             "product": product_slug, "release": version, "statements": len(document.statements),
             "matched": matched, "changed": changed,
             "findings": sorted(i for ids in plan.values() for i in ids)},
        )  # fmt: skip
    return VexImportOutcome(
        document_pk, document.format.value, len(document.statements), matched, changed,
        len(document.statements) - len(used),
    )  # fmt: skip


def _product_id(rows: Sequence[workbench.FindingRow]) -> int | None:
    if not rows:
        return None
    identity = triage_repo.identities([rows[0].id]).get(rows[0].id)
    return identity.product_id if identity else None


def _release_id(rows: Sequence[workbench.FindingRow], version: str | None) -> int | None:
    if not rows or version is None:
        return None
    identity = triage_repo.identities([rows[0].id]).get(rows[0].id)
    return identity.release_id if identity else None


def _statement_json(statement: VexStatement) -> dict[str, Any]:
    return {
        "vulnerability": statement.vulnerability,
        "aliases": list(statement.aliases),
        "components": list(statement.components),
        "products": list(statement.products),
        **statement.decision.as_dict(),
        "timestamp": statement.timestamp.isoformat() if statement.timestamp else None,
    }


def parse_format(value: str) -> VexFormat:
    try:
        return VexFormat(value)
    except ValueError:
        raise InvalidInput.single("format", "one of: openvex, cyclonedx, csaf") from None


__all__ = ["release_pid"]
