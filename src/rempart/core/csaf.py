"""CSAF 2.0 documents as Rempart writes them: the security advisory and the VEX profile (core layer).

:func:`build_document` turns plain values into the CSAF 2.0 JSON structure (a ``dict``;
``rempart.formats.csaf`` serialises and schema-checks it). What it guarantees, so that every
document passes the mandatory tests of CSAF 2.0 section 6.1 (checked by
:mod:`rempart.core.csaf_checks` and, in the test suite, by BSI's csaf-validator-lib):

- the product tree: branches vendor → product name → product version, each version a full
  product name with a product ID (``CSAFPID-<product>-<version>``) and, when known, its
  purl; components as full product names with their purls, joined to the release by
  ``default_component_of`` relationships; every ID referenced is defined once (6.1.1–6.1.3);
- product status without contradictions (6.1.6): a product is in one group per vulnerability;
- every ``known_not_affected`` product has a flag (justification) or an impact threat, every
  ``known_affected`` product a remediation (6.1.27.9, 6.1.27.10);
- CVSS v3 objects whose base score and severity are computed from the vector (6.1.9/6.1.10),
  at most one per CVSS version per product (6.1.7);
- a CWE only when its name is the catalogue's (6.1.11);
- tracking: versions as integers, the revision history sorted and gap-free, the document
  version equal to the newest revision; a draft may carry version 0 (6.1.14–6.1.22).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from typing import Any

from cvss import CVSS3
from cvss.exceptions import CVSSError

SECURITY_ADVISORY = "csaf_security_advisory"
VEX = "csaf_vex"
TLP_LABELS = ("WHITE", "GREEN", "AMBER", "RED")  # CSAF 2.0 uses TLP 1.0; TLP:CLEAR is WHITE
STATUSES = ("draft", "interim", "final")
FLAG_LABELS = (
    "component_not_present",
    "vulnerable_code_not_present",
    "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "inline_mitigations_already_exist",
)
REMEDIATION_CATEGORIES = (
    "mitigation",
    "no_fix_planned",
    "none_available",
    "vendor_fix",
    "workaround",
)


@cache
def cwe_names() -> dict[str, str]:
    """CWE id -> name (MITRE's list; core/data/SOURCES.md)."""
    data = files("rempart.core.data").joinpath("cwe_names.json").read_bytes()
    return dict(json.loads(data))


def product_id(*parts: str) -> str:
    """A stable, readable product ID: ``CSAFPID-`` and the parts, unsafe characters dashed."""
    text = "-".join(re.sub(r"[^A-Za-z0-9._]+", "-", p).strip("-") for p in parts if p)
    return f"CSAFPID-{text}"[:200]


@dataclass(frozen=True, slots=True)
class Publisher:
    name: str
    namespace: str  # https URL of the publisher
    category: str = "vendor"
    contact_details: str = ""


@dataclass(frozen=True, slots=True)
class ProductVersion:
    """A product release: a leaf of the product tree."""

    pid: str
    product_name: str
    version: str
    purl: str = ""


@dataclass(frozen=True, slots=True)
class ComponentEntry:
    """A component (e.g. a library) inside one release: a full product name plus a relationship."""

    pid: str  # the component's own ID
    name: str  # "name version"
    purl: str
    in_release: str  # the release's pid
    relationship_pid: str  # "<component> as a component of <release>"


@dataclass(frozen=True, slots=True)
class Note:
    category: str  # description | details | faq | general | legal_disclaimer | other | summary
    text: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    url: str
    summary: str
    category: str = "external"  # external | self


@dataclass(frozen=True, slots=True)
class Remediation:
    category: str
    details: str
    product_ids: tuple[str, ...]
    url: str = ""


@dataclass(frozen=True, slots=True)
class Score:
    vector: str  # CVSS:3.x/... (v3 only: v4.0 has no place in CSAF 2.0)
    product_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vulnerability:
    cve: str  # "" when the vulnerability has no CVE
    ids: tuple[tuple[str, str], ...] = ()  # (system_name, text): GHSA, GO, OSV ids
    title: str = ""
    notes: tuple[Note, ...] = ()
    cwe: str = ""  # "CWE-79"; written only when the catalogue knows it
    scores: tuple[Score, ...] = ()
    product_status: dict[str, tuple[str, ...]] = field(default_factory=dict)
    flags: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (label, product ids)
    threats: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (category, details, pids)
    remediations: tuple[Remediation, ...] = ()
    references: tuple[Reference, ...] = ()
    acknowledgments: tuple[tuple[str, ...], ...] = ()  # names
    release_date: datetime | None = None
    discovery_date: datetime | None = None


@dataclass(frozen=True, slots=True)
class Revision:
    number: str  # integer versioning: "1", "2"; a draft may be "0"
    date: datetime
    summary: str


@dataclass(frozen=True, slots=True)
class CsafInput:
    category: str
    title: str
    tracking_id: str
    status: str
    revisions: tuple[Revision, ...]
    initial_release_date: datetime
    current_release_date: datetime
    publisher: Publisher
    vendor: str
    tlp: str = "WHITE"
    lang: str = "en"
    notes: tuple[Note, ...] = ()
    references: tuple[Reference, ...] = ()
    acknowledgments: tuple[tuple[str, ...], ...] = ()
    releases: tuple[ProductVersion, ...] = ()
    components: tuple[ComponentEntry, ...] = ()
    vulnerabilities: tuple[Vulnerability, ...] = ()
    generator: tuple[str, str] = ("Rempart", "")  # engine name, version


def iso(moment: datetime) -> str:
    """RFC 3339 in UTC with a ``Z`` (what the CSAF schema's date-time expects)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def build_document(data: CsafInput) -> dict[str, Any]:
    """The CSAF 2.0 document for ``data`` (a JSON-ready dict)."""
    current = data.revisions[-1].number if data.revisions else "0"
    document: dict[str, Any] = {
        "category": data.category,
        "csaf_version": "2.0",
        "distribution": {"tlp": {"label": data.tlp, "url": "https://www.first.org/tlp/"}},
        "lang": data.lang,
        "publisher": _publisher(data.publisher),
        "title": data.title,
        "tracking": {
            "current_release_date": iso(data.current_release_date),
            "generator": {
                "date": iso(data.current_release_date),
                "engine": {
                    "name": data.generator[0],
                    **({"version": data.generator[1]} if data.generator[1] else {}),
                },
            },
            "id": data.tracking_id,
            "initial_release_date": iso(data.initial_release_date),
            "revision_history": [
                {"date": iso(r.date), "number": r.number, "summary": r.summary}
                for r in data.revisions
            ],
            "status": data.status,
            "version": current,
        },
    }
    if data.notes:
        document["notes"] = [_note(n) for n in data.notes]
    if data.references:
        document["references"] = [_reference(r) for r in data.references]
    if data.acknowledgments:
        document["acknowledgments"] = [{"names": list(a)} for a in data.acknowledgments]
    result: dict[str, Any] = {"document": document}
    if data.releases:
        result["product_tree"] = _product_tree(data)
    if data.vulnerabilities:
        result["vulnerabilities"] = [_vulnerability(v) for v in data.vulnerabilities]
    return result


def _publisher(publisher: Publisher) -> dict[str, Any]:
    value = {
        "category": publisher.category,
        "name": publisher.name,
        "namespace": publisher.namespace,
    }
    if publisher.contact_details:
        value["contact_details"] = publisher.contact_details
    return value


def _note(note: Note) -> dict[str, Any]:
    value = {"category": note.category, "text": note.text}
    if note.title:
        value["title"] = note.title
    return value


def _reference(reference: Reference) -> dict[str, Any]:
    return {"category": reference.category, "summary": reference.summary, "url": reference.url}


def _full_name(pid: str, name: str, purl: str) -> dict[str, Any]:
    value: dict[str, Any] = {"name": name, "product_id": pid}
    if purl:
        value["product_identification_helper"] = {"purl": purl}
    return value


def _product_tree(data: CsafInput) -> dict[str, Any]:
    products: dict[str, list[ProductVersion]] = {}
    for release in data.releases:
        products.setdefault(release.product_name, []).append(release)
    branches = [
        {
            "category": "vendor",
            "name": data.vendor,
            "branches": [
                {
                    "category": "product_name",
                    "name": name,
                    "branches": [
                        {
                            "category": "product_version",
                            "name": r.version,
                            "product": _full_name(
                                r.pid, f"{data.vendor} {name} {r.version}", r.purl
                            ),
                        }
                        for r in sorted(releases, key=lambda r: r.version)
                    ],
                }
                for name, releases in sorted(products.items())
            ],
        }
    ]
    tree: dict[str, Any] = {"branches": branches}
    components = {c.pid: c for c in data.components}
    if components:
        tree["full_product_names"] = [
            _full_name(c.pid, c.name, c.purl)
            for c in sorted(components.values(), key=lambda c: c.pid)
        ]
        names = {r.pid: f"{data.vendor} {r.product_name} {r.version}" for r in data.releases}
        tree["relationships"] = [
            {
                "category": "default_component_of",
                "full_product_name": {
                    "name": f"{c.name} as a component of {names.get(c.in_release, c.in_release)}",
                    "product_id": c.relationship_pid,
                },
                "product_reference": c.pid,
                "relates_to_product_reference": c.in_release,
            }
            for c in sorted(data.components, key=lambda c: c.relationship_pid)
        ]
    return tree


def cvss_v3(vector: str) -> dict[str, Any] | None:
    """A CSAF ``cvss_v3`` object computed from the vector; ``None`` for an unreadable vector."""
    try:
        scored = CVSS3(vector)
    except (CVSSError, ValueError, KeyError, IndexError):
        return None
    version = "3.1" if vector.startswith("CVSS:3.1") else "3.0"
    base = float(scored.base_score)
    return {
        "version": version,
        "vectorString": scored.clean_vector(),
        "baseScore": base,
        "baseSeverity": scored.severities()[0].upper(),
    }


def _vulnerability(v: Vulnerability) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if v.cve:
        item["cve"] = v.cve
    if v.ids:
        item["ids"] = [{"system_name": s, "text": t} for s, t in v.ids]
    if v.title:
        item["title"] = v.title
    if v.cwe and v.cwe in cwe_names():
        item["cwe"] = {"id": v.cwe, "name": cwe_names()[v.cwe]}
    if v.notes:
        item["notes"] = [_note(n) for n in v.notes]
    if v.discovery_date:
        item["discovery_date"] = iso(v.discovery_date)
    if v.release_date:
        item["release_date"] = iso(v.release_date)
    status = {k: sorted(set(p)) for k, p in v.product_status.items() if p}
    if status:
        item["product_status"] = status
    scores = []
    for score in v.scores:
        computed = cvss_v3(score.vector)
        if computed is not None and score.product_ids:
            scores.append({"cvss_v3": computed, "products": sorted(set(score.product_ids))})
    if scores:
        item["scores"] = scores
    if v.flags:
        item["flags"] = [
            {"label": label, "product_ids": sorted(set(p))} for label, p in v.flags if p
        ]
    if v.threats:
        item["threats"] = [
            {"category": c, "details": d, "product_ids": sorted(set(p))}
            for c, d, p in v.threats
            if p
        ]
    if v.remediations:
        item["remediations"] = [_remediation(r) for r in v.remediations if r.product_ids]
    if v.references:
        item["references"] = [_reference(r) for r in v.references]
    if v.acknowledgments:
        item["acknowledgments"] = [{"names": list(a)} for a in v.acknowledgments]
    return item


def _remediation(r: Remediation) -> dict[str, Any]:
    value: dict[str, Any] = {
        "category": r.category,
        "details": r.details,
        "product_ids": sorted(set(r.product_ids)),
    }
    if r.url:
        value["url"] = r.url
    return value


def filename_for(tracking_id: str) -> str:
    """The file name CSAF 2.0 §5.1 prescribes: lower case, ``[^+\\-a-z0-9]+`` → ``_``, ``.json``."""
    return re.sub(r"[^+\-a-z0-9]+", "_", tracking_id.lower()) + ".json"


def revisions_from(entries: Sequence[tuple[datetime, str]]) -> tuple[Revision, ...]:
    """Integer-numbered revisions 1..n for (date, summary) entries, oldest first."""
    return tuple(Revision(str(i + 1), when, summary) for i, (when, summary) in enumerate(entries))
