"""The Annex VII technical documentation as one reproducible ZIP (services layer).

The bundle holds the technical documentation itself (HTML and PDF, every document language),
the declaration of conformity and its simplified form, the user information, the release's
SBOMs as uploaded and merged (CycloneDX 1.6 and SPDX 2.3), the risk assessment, the Annex I
assessment with its evidence files, test and audit records, the vulnerability-handling records
(security.txt, CVD policy, findings), and ``manifest.json`` listing every file with its SHA-256,
the generation time, Rempart's version and the retention date (Art. 13(13)).

Reproducible: every file is made from stored data only; times inside files are data times
(upload, review, release), never "now". The generation time appears once, in the manifest.
Issuing the bundle is an audit event with its SHA-256; ``final`` refuses an incomplete file.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.db import transaction

from rempart import __version__
from rempart.core.disclosure import policy as policy_text
from rempart.core.documents.model import DocumentKind, Facts
from rempart.core.documents.technical_file import retention
from rempart.core.errors import InvalidInput, RempartError
from rempart.formats import bundle
from rempart.formats.bundle import BundleCheck as BundleCheck
from rempart.formats.bundle import Signer as Signer
from rempart.formats.sbom_export import write_cyclonedx_json, write_spdx_json
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.assessment import annex_i
from rempart.services.assessment import evidence as evidence_files
from rempart.services.context import ServiceContext
from rempart.services.disclosure import settings as disclosure
from rempart.services.documents import facts as gathering
from rempart.services.documents import generation
from rempart.services.risk import assessment as risk
from rempart.services.risk import selfassessment
from rempart.services.sboms import release_sboms
from rempart.services.vulnerabilities import scanning

Files = dict[str, bytes]


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def _documents(
    ctx: ServiceContext, facts: Facts, files: Files, served: dict[str, list[str]]
) -> None:
    """Declaration, simplified declaration and user information in every language, HTML + PDF."""
    kinds = {
        DocumentKind.DECLARATION: ("declaration", "AVII-7"),
        DocumentKind.SIMPLIFIED_DECLARATION: ("declaration", "AVII-7"),
        DocumentKind.USER_INFORMATION: ("user-information", "AVII-1d"),
    }
    for kind, (folder, item) in kinds.items():
        for language in facts.record.languages:
            doc = generation.build(ctx.catalog, kind, language, facts)
            data = generation.as_dict(ctx.catalog, doc)
            for fmt in ("html", "pdf"):
                path = f"{folder}/{kind.value}-{language}.{fmt}"
                files[path] = generation.render_dict(data, fmt)
                served[item].append(path)


def _sboms(ctx: ServiceContext, facts: Facts, files: Files, served: dict[str, list[str]]) -> None:
    release = facts.release
    if release is None:
        return
    slug, version = facts.product.slug, release.version
    views = release_sboms.list_sboms(ctx, slug, version)
    for view in views:
        _, original = release_sboms.original_bytes(ctx, view.id)
        suffix = "xml" if view.encoding == "xml" else "json" if view.encoding == "json" else "txt"
        name = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in view.label)[:80]
        path = f"sbom/original/{view.id}-{name or 'sbom'}.{suffix}"
        files[path] = original
        served["AVII-2b"].append(path)
        served["AVII-8"].append(path)
    if views:
        merged = release_sboms.merged_release(ctx, slug, version)
        document = merged.as_document(name=f"{slug} {version}")
        # A data time, not "now": the latest upload, so unchanged SBOMs export unchanged.
        created = max(v.uploaded_at for v in views)
        for path, writer in (
            ("sbom/merged.cdx.json", write_cyclonedx_json),
            ("sbom/merged.spdx.json", write_spdx_json),
        ):
            files[path] = writer(document, created=created)
            served["AVII-2a"].append(path)
            served["AVII-2b"].append(path)
            served["AVII-8"].append(path)


def _risk(ctx: ServiceContext, facts: Facts, files: Files, served: dict[str, list[str]]) -> None:
    release = facts.release
    if release is None or risk.get_assessment(ctx, facts.product.slug, release.version) is None:
        return
    files["risk-assessment/risks.csv"] = risk.export_risks(ctx, facts.product.slug, release.version)
    served["AVII-3"].append("risk-assessment/risks.csv")


def _annex_i(ctx: ServiceContext, facts: Facts, files: Files, served: dict[str, list[str]]) -> None:
    view = annex_i.get_assessment(ctx, facts.product.slug)
    rows = []
    for r in view.requirements:
        entry = r.entry
        evidence = []
        for e in r.evidence:
            item: dict[str, Any] = {
                "kind": e.kind,
                "title": e.title,
                "url": e.url or None,
                "record": e.record or None,
                "sha256": e.sha256 or None,
            }
            if e.kind == "file":
                try:
                    _, data = evidence_files.download(ctx, e.id)
                except RempartError as error:
                    item["missing"] = error.message
                else:
                    path = f"annex-i/evidence/{e.sha256[:16]}-{_safe(e.file_name)}"
                    files[path] = data
                    item["file"] = path
                    served["AVII-6"].append(path)
            evidence.append(item)
        rows.append(
            {
                "id": r.requirement.id,
                "ref": r.requirement.ref,
                "applicable": r.applicable,
                "status": r.status.value,
                "justification": entry.justification if entry else "",
                "how_met": entry.how_met if entry else "",
                "links": list(entry.links) if entry else [],
                "owner": entry.owner if entry else None,
                "reviewed_on": entry.reviewed_on.isoformat()
                if entry and entry.reviewed_on
                else None,
                "evidence": evidence,
                "automatic_evidence": [
                    {"title": a.title, "state": a.state.value, "detail": a.detail}
                    for a in r.automatic
                ],
            }
        )
    files["annex-i/assessment.json"] = _json(
        {"schema": "rempart.annex-i-assessment/1", "requirements": rows}
    )
    served["AVII-3"].append("annex-i/assessment.json")
    served["AVII-6"].append("annex-i/assessment.json")


def _safe(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name).strip(".-")
    return cleaned[:80] or "file"


def _records(ctx: ServiceContext, facts: Facts, files: Files, served: dict[str, list[str]]) -> None:
    shown = selfassessment.show(ctx, facts.product.slug)
    files["tests/security-records.json"] = _json(
        {
            "tests": [
                {
                    "kind": t.kind,
                    "performed_on": t.performed_on.isoformat(),
                    "tester": t.tester,
                    "scope": t.scope,
                    "requirements": list(t.requirement_ids),
                    "findings": [
                        {"title": f.title, "severity": f.severity, "status": f.status}
                        for f in t.findings
                    ],
                }
                for t in sorted(shown.tests, key=lambda t: (t.performed_on, t.id))
            ],
            "audits": [
                {
                    "performed_on": a.performed_on.isoformat(),
                    "auditor": a.auditor,
                    "scope": a.scope,
                    "result": a.result,
                    "requirements": list(a.requirement_ids),
                }
                for a in sorted(shown.audits, key=lambda a: (a.performed_on, a.id))
            ],
        }
    )
    served["AVII-6"].append("tests/security-records.json")


def _vulnerability_handling(
    ctx: ServiceContext, facts: Facts, files: Files, served: dict[str, list[str]]
) -> None:
    try:
        files["vulnerability-handling/security.txt"] = disclosure.security_txt(ctx).encode()
        served["AVII-2b"].append("vulnerability-handling/security.txt")
    except RempartError:
        pass  # not publishable (no contact or expired): AVII-2b then lists the contact as missing
    document = disclosure.cvd_policy(ctx)
    # The policy's own "generated on" line would be a second generation time: left out.
    kept = tuple(s for s in document.sections if s.heading != "Version")
    files["vulnerability-handling/cvd-policy.md"] = policy_text.to_markdown(
        replace(document, sections=kept)
    ).encode()
    served["AVII-2b"].append("vulnerability-handling/cvd-policy.md")
    if facts.release is not None:
        findings = scanning.release_findings(ctx, facts.product.slug, facts.release.version)
        files["vulnerability-handling/findings.json"] = _json(
            [
                {
                    "vulnerability": f.vulnerability_id,
                    "aliases": list(f.aliases),
                    "severity": f.severity,
                    "component": f.component_name,
                    "component_version": f.component_version,
                    "purl": f.component_purl,
                    "fixed_versions": list(f.fixed_versions),
                    "known_exploited": f.known_exploited,
                    "status": f.status,
                }
                for f in sorted(findings, key=lambda f: (f.vulnerability_id, f.component_bom_ref))
            ]
        )
        served["AVII-2b"].append("vulnerability-handling/findings.json")


def build_files(ctx: ServiceContext, facts: Facts) -> tuple[Files, dict[str, Any], bool]:
    """Every file of the bundle, the manifest header fields and whether the file is complete."""
    files: Files = {}
    served: dict[str, list[str]] = defaultdict(list)
    for part in (_documents, _sboms, _risk, _annex_i, _records, _vulnerability_handling):
        part(ctx, facts, files, served)
    with_files = replace(facts, files={k: tuple(sorted(set(v))) for k, v in served.items()})
    kept = retention(ctx.catalog, facts.release)
    retained = {
        "until": kept.until.isoformat() if kept.until else None,
        "placed_on_market": kept.placed_on_market.isoformat() if kept.placed_on_market else None,
        "end_of_support": kept.end_of_support.isoformat() if kept.end_of_support else None,
        "citations": list(kept.citations),
    }
    complete = True
    for language in facts.record.languages:
        doc = generation.build(ctx.catalog, DocumentKind.TECHNICAL_FILE, language, with_files)
        complete = complete and doc.final
        data = generation.as_dict(ctx.catalog, doc, retention=retained)
        for fmt in ("html", "pdf", "json"):
            files[f"technical-documentation-{language}.{fmt}"] = generation.render_dict(
                data, fmt, legal_text=True
            )
    header = {
        "product": facts.product.name,
        "product_slug": facts.product.slug,
        "version": facts.release.version if facts.release else None,
        "manufacturer": facts.manufacturer.name,
        "languages": list(facts.record.languages),
        "complete": complete,
        "retention": retained,
        "catalog_version": ctx.catalog.version,
        "rempart_version": __version__,
    }
    return files, header, complete


def verify_bundle(data: bytes) -> BundleCheck:
    """Recompute every hash of a technical documentation ZIP against its manifest."""
    return bundle.verify_bundle(data)


def configured_signer(ctx: ServiceContext) -> Signer:
    """The signer of the configured key and certificate files (REMPART_SIGNING_KEY/_CERT)."""
    key, cert = ctx.settings.signing_key, ctx.settings.signing_certificate
    if key is None or cert is None:
        raise InvalidInput.single(
            "sign", "no signing key is configured (REMPART_SIGNING_KEY, REMPART_SIGNING_CERT)"
        )
    return signer_from_files(key, cert)


def signer_from_files(key: Path, cert: Path) -> Signer:
    try:
        return Signer(key.read_bytes(), cert.read_bytes())
    except OSError as error:
        raise InvalidInput.single(
            "sign", f"cannot read {error.filename}: {error.strerror}"
        ) from error


def export_bundle(
    ctx: ServiceContext,
    slug: str,
    version: str | None = None,
    *,
    signer: Signer | None = None,
    final: bool = False,
) -> tuple[bytes, str]:
    """(ZIP bytes, file name). ``final`` refuses an incomplete file; every export is audited."""
    require(ctx, Action.READ)
    facts = gathering.gather(ctx, slug, version)
    files, header, complete = build_files(ctx, facts)
    if final and not complete:
        doc = generation.build(
            ctx.catalog, DocumentKind.TECHNICAL_FILE, facts.record.languages[0], facts
        )
        generation.refuse_incomplete(doc)
    generated = ctx.clock.now().isoformat()
    data = bundle.write_bundle({"generated_at": generated, **header}, files, signer)
    with transaction.atomic():
        audit.record(
            ctx,
            "technical_file.export",
            "product",
            slug,
            {
                "version": header["version"],
                "complete": complete,
                "final": final,
                "signed": signer is not None,
                "generated_at": generated,
                "sha256": hashlib.sha256(data).hexdigest(),
            },
        )
    version_part = f"-{header['version']}" if header["version"] else ""
    return data, f"{slug}{version_part}-technical-documentation.zip"
