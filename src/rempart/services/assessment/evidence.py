"""Evidence for a requirement: uploaded files, URLs, references to Rempart's records (services layer).

Files are checked (size limit, accepted kind detected from content, safe name) before
anything is stored; the bytes go content-addressed under ``<data dir>/evidence`` and the row
with its SHA-256 and size into the database, with the history row and audit event, in one
transaction. A refused file leaves no row and no file; a file written for a transaction that
then fails is removed again.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.db import transaction

from rempart.core.cra.assessment import check_url, requirement
from rempart.core.errors import InvalidInput, NotFound, ProblemCollector
from rempart.formats import evidence_file
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store import evidence_blobs
from rempart.store.repositories import assessments as repo
from rempart.store.repositories.assessments import EvidenceView as EvidenceView
from rempart.store.repositories.assessments import SettingsView

MAX_TITLE = 300
# References to Rempart's own records: "<kind>:<identifier>", e.g. "sbom:12",
# "release:router@1.8.2", "risk:R-7" (risks are linked by the risk module).
RECORD_RE = re.compile(r"(product|release|sbom|finding|risk|audit|action):[A-Za-z0-9@._:+-]{1,200}")


def evidence_limit() -> int:
    return repo.settings_view().evidence_max_bytes


def check_upload_size(size: int) -> None:
    """Refuse an upload by its announced size, before its body is read."""
    evidence_file.check_size(size, evidence_limit())


def get_settings(ctx: ServiceContext) -> SettingsView:
    require(ctx, Action.READ)
    return repo.settings_view()


def update_settings(
    ctx: ServiceContext,
    evidence_max_bytes: int,
    kev_remediation_days: int,
    critical_remediation_days: int,
    **severity_windows: int,
) -> SettingsView:
    """Save the settings; ``severity_windows`` may set ``high_remediation_days``,
    ``medium_…``, ``low_…`` and ``unknown_…`` (the rest of the remediation policy)."""
    require(ctx, Action.MANAGE_ORGANIZATION)
    problems = ProblemCollector()
    if not 1024 <= evidence_max_bytes <= 1024**3:
        problems.add("evidence_max_bytes", "between 1 KiB and 1 GiB")
    allowed = {f"{s}_remediation_days" for s in ("high", "medium", "low", "unknown")}
    for name in sorted(set(severity_windows) - allowed):
        problems.add(name, "not a setting")
    for name, days in (
        ("kev_remediation_days", kev_remediation_days),
        ("critical_remediation_days", critical_remediation_days),
        *sorted(severity_windows.items()),
    ):
        if not 1 <= days <= 3650:
            problems.add(name, "between 1 and 3650 days")
    problems.raise_if_any("the assessment settings are invalid")
    values = {
        "evidence_max_bytes": evidence_max_bytes,
        "kev_remediation_days": kev_remediation_days,
        "critical_remediation_days": critical_remediation_days,
        **severity_windows,
    }
    with transaction.atomic():
        try:
            saved = repo.save_settings(values)
        except LookupError:
            raise NotFound("no organization is set up yet; run `rempart init`") from None
        audit.record(ctx, "assessment.settings", "organization", "assessment", dict(values))
    return saved


def _title(title: str, default: str) -> str:
    title = (title or default).strip()
    if len(title) > MAX_TITLE:
        raise InvalidInput.single("title", f"at most {MAX_TITLE} characters")
    return title or default


def _store(
    ctx: ServiceContext, slug: str, requirement_id: str, fields: dict[str, object], what: str
) -> EvidenceView:
    pk = repo.product_pk(slug)
    if pk is None:
        raise NotFound(f"no product with slug {slug!r}")
    now = ctx.clock.now()
    entry = repo.ensure_entry(pk, requirement_id, now, ctx.actor.name)
    view = repo.add_evidence(entry.id, {**fields, "added_at": now, "added_by": ctx.actor.name})
    repo.add_change(
        entry.id, now, ctx.actor.name, f"evidence added: {what}", {"evidence+": [None, what]}
    )
    audit.record(
        ctx,
        "assessment.evidence.add",
        "assessment",
        f"{slug}:{requirement_id}",
        {"evidence_id": view.id, **{k: v for k, v in fields.items() if v not in ("", None)}},
    )
    return view


def add_file(
    ctx: ServiceContext,
    slug: str,
    requirement_id: str,
    data: bytes,
    file_name: str,
    title: str = "",
) -> EvidenceView:
    require(ctx, Action.WRITE)
    requirement(ctx.catalog, requirement_id)
    evidence_file.check_size(len(data), evidence_limit())
    name = evidence_file.safe_file_name(file_name)
    kind = evidence_file.detect(data, name)
    title = _title(title, name)
    root = ctx.settings.require_data_dir()
    sha256, created = evidence_blobs.write(root, data)
    try:
        with transaction.atomic():
            return _store(
                ctx,
                slug,
                requirement_id,
                {
                    "kind": "file",
                    "title": title,
                    "file_name": name,
                    "sha256": sha256,
                    "size": len(data),
                    "media_type": kind.media_type,
                },
                f"file {name} (sha256 {sha256[:12]}…)",
            )
    except BaseException:
        if created and not repo.sha256_in_use(sha256):
            evidence_blobs.delete(root, sha256)
        raise


def add_url(
    ctx: ServiceContext, slug: str, requirement_id: str, url: str, title: str = ""
) -> EvidenceView:
    require(ctx, Action.WRITE)
    requirement(ctx.catalog, requirement_id)
    url = url.strip()
    problems = ProblemCollector()
    check_url(url, "url", problems)
    problems.raise_if_any("the evidence URL is invalid")
    title = _title(title, url[:MAX_TITLE])
    with transaction.atomic():
        return _store(ctx, slug, requirement_id, {"kind": "url", "title": title, "url": url}, url)


def add_record(
    ctx: ServiceContext, slug: str, requirement_id: str, record: str, title: str = ""
) -> EvidenceView:
    require(ctx, Action.WRITE)
    requirement(ctx.catalog, requirement_id)
    record = record.strip()
    if not RECORD_RE.fullmatch(record):
        raise InvalidInput.single(
            "record",
            f"{record[:80]!r}: name a Rempart record as kind:identifier, e.g. sbom:12, "
            "release:router@1.8.2, finding:CVE-2024-3094, risk:R-7",
        )
    title = _title(title, record)
    with transaction.atomic():
        return _store(
            ctx, slug, requirement_id, {"kind": "record", "title": title, "record": record}, record
        )


def remove(ctx: ServiceContext, evidence_id: int) -> None:
    require(ctx, Action.WRITE)
    with transaction.atomic():
        view = repo.get_evidence(evidence_id)
        if view is None:
            raise NotFound(f"no evidence item {evidence_id}")
        pk = repo.product_pk(view.product_slug)
        entry = repo.entry(pk, view.requirement_id) if pk else None
        repo.delete_evidence(evidence_id)
        what = view.file_name or view.url or view.record
        if entry is not None:
            repo.add_change(
                entry.id,
                ctx.clock.now(),
                ctx.actor.name,
                f"evidence removed: {what}",
                {"evidence-": [what, None]},
            )
        audit.record(
            ctx,
            "assessment.evidence.remove",
            "assessment",
            f"{view.product_slug}:{view.requirement_id}",
            {"evidence_id": evidence_id, "sha256": view.sha256, "title": view.title},
        )
        if view.kind == "file" and not repo.sha256_in_use(view.sha256):
            # The bytes go only once the row is gone for good: after the outermost commit.
            root, sha256 = ctx.settings.require_data_dir(), view.sha256
            transaction.on_commit(lambda: _delete_if_unused(root, sha256))


def _delete_if_unused(root: Path, sha256: str) -> None:
    # Checked again: the same content may have been added again since the removal.
    if not repo.sha256_in_use(sha256):
        evidence_blobs.delete(root, sha256)


def get(ctx: ServiceContext, evidence_id: int) -> EvidenceView:
    require(ctx, Action.READ)
    view = repo.get_evidence(evidence_id)
    if view is None:
        raise NotFound(f"no evidence item {evidence_id}")
    return view


def download(ctx: ServiceContext, evidence_id: int) -> tuple[EvidenceView, bytes]:
    view = get(ctx, evidence_id)
    if view.kind != "file":
        raise NotFound(f"evidence item {evidence_id} is not a file")
    data = evidence_blobs.read(ctx.settings.require_data_dir(), view.sha256)
    if data is None:
        raise NotFound(
            f"the file of evidence item {evidence_id} is missing or no longer matches its SHA-256"
        )
    return view, data
