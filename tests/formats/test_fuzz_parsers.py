"""Fuzzing every reader through its public function: only the project's typed errors escape.

Bounded and derandomized (the same inputs on every run, no example database), so the file
runs in well under half a minute. Inputs are structure-aware: valid seed documents with
subtrees replaced by arbitrary JSON, bytes cut and spliced, tag-value lines emptied,
repeated and reordered, arbitrary CSV rows, YAML and security.txt lines. A reader may
accept an input or refuse it with a :class:`RempartError`; anything else (``TypeError``,
``KeyError``, ``ValueError``, an ``lxml`` or ``_csv`` error...) fails the test.

``REMPART_FUZZ_EXAMPLES=2000`` runs many more examples locally (still derandomized).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rempart.core.disclosure import security_txt
from rempart.core.errors import RempartError
from rempart.formats import csaf, cve, cyclonedx_vex, epss, kev, openvex, osv, risk_csv
from rempart.formats.sbom import parse_sbom

EXAMPLES = int(os.environ.get("REMPART_FUZZ_EXAMPLES", "120"))
FUZZ = settings(
    derandomize=True,
    max_examples=EXAMPLES,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SBOM_ASSETS = Path(__file__).resolve().parents[1] / "assets" / "sbom"

# ---- seeds: small valid documents of each format -------------------------------------------

CYCLONEDX: dict[str, Any] = json.loads((SBOM_ASSETS / "minimal.cdx.json").read_bytes())
SPDX2: dict[str, Any] = json.loads((SBOM_ASSETS / "relationships.spdx.json").read_bytes())
SPDX3: dict[str, Any] = json.loads((SBOM_ASSETS / "number-version.spdx3.json").read_bytes())
CYCLONEDX_XML = (SBOM_ASSETS / "minimal.cdx.xml").read_bytes()
TAG_VALUE = b"""SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: fuzz
DocumentNamespace: https://example.com/fuzz
Creator: Tool: fuzz
Created: 2024-01-01T00:00:00Z

PackageName: app
SPDXID: SPDXRef-app
PackageVersion: 1.0
PackageDownloadLocation: NOASSERTION
ExternalRef: PACKAGE-MANAGER purl pkg:pypi/app@1.0
PackageLicenseConcluded: MIT

PackageName: lib
SPDXID: SPDXRef-lib
PackageDownloadLocation: NOASSERTION

Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-app
Relationship: SPDXRef-app DEPENDS_ON SPDXRef-lib
"""
OPENVEX: dict[str, Any] = {
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "https://example.com/vex/1",
    "author": "fuzz",
    "timestamp": "2024-01-01T00:00:00Z",
    "version": 1,
    "statements": [
        {
            "vulnerability": {"name": "CVE-2024-0001"},
            "products": [{"@id": "pkg:pypi/app@1.0"}],
            "status": "not_affected",
            "justification": "component_not_present",
        }
    ],
}
CYCLONEDX_VEX: dict[str, Any] = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.6",
    "version": 1,
    "components": [{"type": "library", "name": "app", "bom-ref": "app", "purl": "pkg:pypi/a@1"}],
    "vulnerabilities": [
        {
            "id": "CVE-2024-0001",
            "analysis": {"state": "not_affected", "justification": "code_not_reachable"},
            "affects": [{"ref": "app"}],
        }
    ],
}
CSAF: dict[str, Any] = {
    "document": {
        "category": "csaf_vex",
        "csaf_version": "2.0",
        "publisher": {"category": "vendor", "name": "ACME", "namespace": "https://acme.example"},
        "title": "fuzz",
        "tracking": {
            "current_release_date": "2024-01-01T00:00:00Z",
            "id": "ACME-1",
            "initial_release_date": "2024-01-01T00:00:00Z",
            "revision_history": [
                {"date": "2024-01-01T00:00:00Z", "number": "1", "summary": "first"}
            ],
            "status": "final",
            "version": "1",
        },
    },
    "product_tree": {
        "full_product_names": [
            {
                "name": "app 1.0",
                "product_id": "P1",
                "product_identification_helper": {"purl": "pkg:pypi/app@1.0"},
            }
        ]
    },
    "vulnerabilities": [
        {
            "cve": "CVE-2024-0001",
            "product_status": {"known_not_affected": ["P1"]},
            "flags": [{"label": "component_not_present", "product_ids": ["P1"]}],
        }
    ],
}
OSV: dict[str, Any] = {
    "schema_version": "1.6.0",
    "id": "GHSA-aaaa-bbbb-cccc",
    "modified": "2024-01-01T00:00:00Z",
    "aliases": ["CVE-2024-0001"],
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "app"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.1"}]}],
            "versions": ["1.0"],
        }
    ],
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
}
KEV: dict[str, Any] = {
    "title": "CISA Catalog of Known Exploited Vulnerabilities",
    "catalogVersion": "2024.01.01",
    "dateReleased": "2024-01-01T00:00:00.000Z",
    "count": 1,
    "vulnerabilities": [
        {
            "cveID": "CVE-2024-0001",
            "vendorProject": "ACME",
            "product": "app",
            "vulnerabilityName": "ACME app RCE",
            "dateAdded": "2024-01-02",
            "shortDescription": "x",
            "requiredAction": "patch",
            "dueDate": "2024-01-23",
            "knownRansomwareCampaignUse": "Unknown",
            "notes": "",
            "cwes": ["CWE-78"],
        }
    ],
}
CVE_RECORD: dict[str, Any] = {
    "dataType": "CVE_RECORD",
    "dataVersion": "5.1",
    "cveMetadata": {"cveId": "CVE-2024-0001", "state": "PUBLISHED", "datePublished": "2024-01-01"},
    "containers": {"cna": {"affected": [{"vendor": "acme", "product": "app"}], "metrics": []}},
}

# ---- strategies --------------------------------------------------------------------------

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["", "\x00", "x" * 2100, "pkg:", "pkg:npm/%40a/b@1", "CVE-2024-0001"])
)
JSON_VALUES = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def mutated(draw: st.DrawFn, seed: Any) -> Any:
    """``seed`` with one to three subtrees replaced by arbitrary JSON (or removed)."""
    document = copy.deepcopy(seed)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        parent: Any = None
        key: Any = None
        node = document
        while isinstance(node, dict | list) and node and draw(st.integers(0, 4)) > 0:
            keys = sorted(node) if isinstance(node, dict) else list(range(len(node)))
            parent, key = node, draw(st.sampled_from(keys))
            node = node[key]
        if parent is None:
            document = draw(JSON_VALUES) if draw(st.integers(0, 9)) == 0 else document
            continue
        if isinstance(parent, dict) and draw(st.integers(0, 4)) == 0:
            del parent[key]
        else:
            parent[key] = draw(JSON_VALUES)
    return document


def json_bytes(seed: Any) -> st.SearchStrategy[bytes]:
    return mutated(seed).map(lambda doc: json.dumps(doc, ensure_ascii=False).encode())


@st.composite
def spliced(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with a slice cut out and arbitrary bytes (or a piece of itself) put in."""
    start = draw(st.integers(0, len(seed)))
    end = draw(st.integers(start, min(len(seed), start + 40)))
    piece = draw(st.binary(max_size=12) | st.just(seed[start : start + 200]))
    return seed[:start] + piece + seed[end:]


@st.composite
def tag_value_lines(draw: st.DrawFn) -> bytes:
    """The tag-value seed with lines emptied of their value, repeated, dropped or garbled."""
    lines = TAG_VALUE.decode().splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.integers(0, 3))
        tag = lines[index].partition(":")[0]
        if action == 0:
            lines[index] = f"{tag}:"
        elif action == 1:
            lines.insert(index, lines[draw(st.integers(0, len(lines) - 1))])
        elif action == 2:
            del lines[index]
        else:
            lines[index] = f"{tag}: {draw(st.text(max_size=20))}"
        if not lines:
            lines = ["SPDXVersion: SPDX-2.3"]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def csv_bytes(header: list[str]) -> st.SearchStrategy[bytes]:
    rows = st.lists(st.lists(st.text(max_size=15), max_size=5), max_size=6)

    def render(body: list[list[str]]) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(body)
        return out.getvalue().encode("utf-8", "surrogatepass")

    return rows.map(render)


def accepts_or_refuses(read: Callable[[], object]) -> None:
    """The reader returns, or raises one of the project's typed errors; nothing else."""
    try:
        read()
    except RempartError:
        pass


# ---- SBOM readers -------------------------------------------------------------------------


@FUZZ
@given(st.one_of(json_bytes(CYCLONEDX), json_bytes(SPDX2), json_bytes(SPDX3)))
def test_sbom_json(data: bytes) -> None:
    accepts_or_refuses(lambda: parse_sbom(data))


@FUZZ
@given(spliced(CYCLONEDX_XML))
def test_sbom_xml(data: bytes) -> None:
    accepts_or_refuses(lambda: parse_sbom(data))


@FUZZ
@given(tag_value_lines() | spliced(TAG_VALUE))
def test_sbom_tag_value(data: bytes) -> None:
    accepts_or_refuses(lambda: parse_sbom(data))


@FUZZ
@given(spliced(json.dumps(CYCLONEDX).encode()) | spliced(json.dumps(SPDX2).encode()))
def test_sbom_json_bytes(data: bytes) -> None:
    accepts_or_refuses(lambda: parse_sbom(data))


# ---- VEX readers --------------------------------------------------------------------------


@FUZZ
@given(json_bytes(OPENVEX) | spliced(json.dumps(OPENVEX).encode()))
def test_openvex(data: bytes) -> None:
    accepts_or_refuses(lambda: openvex.read_openvex(data))


@FUZZ
@given(json_bytes(CYCLONEDX_VEX))
def test_cyclonedx_vex(data: bytes) -> None:
    accepts_or_refuses(lambda: cyclonedx_vex.read_cyclonedx_vex(data))


@FUZZ
@given(json_bytes(CSAF))
def test_csaf(data: bytes) -> None:
    accepts_or_refuses(lambda: csaf.read_csaf_vex(data))
    accepts_or_refuses(lambda: csaf.validate_csaf(data))


# ---- advisory feeds -----------------------------------------------------------------------


@FUZZ
@given(json_bytes(OSV) | spliced(json.dumps(OSV).encode()))
def test_osv_json(data: bytes) -> None:
    accepts_or_refuses(lambda: osv.read_osv(data, name="record.json"))


@FUZZ
@given(mutated(OSV).map(lambda doc: yaml.safe_dump(doc, allow_unicode=True).encode()))
def test_osv_yaml(data: bytes) -> None:
    accepts_or_refuses(lambda: osv.read_osv([("record.yaml", data)]))


@FUZZ
@given(json_bytes(KEV) | spliced(json.dumps(KEV).encode()))
def test_kev(data: bytes) -> None:
    accepts_or_refuses(lambda: kev.read_kev(data))


@FUZZ
@given(csv_bytes(["cve", "epss", "percentile"]) | st.binary(max_size=60))
def test_epss(data: bytes) -> None:
    accepts_or_refuses(lambda: epss.read_epss(data))


@FUZZ
@given(json_bytes(CVE_RECORD))
def test_cve_records(data: bytes) -> None:
    accepts_or_refuses(lambda: cve.read_cve_records(data, name="CVE-2024-0001.json"))


# ---- other inputs -------------------------------------------------------------------------


@FUZZ
@given(csv_bytes(["id", "title", "asset", "likelihood", "impact"]) | st.binary(max_size=60))
def test_threat_csv(data: bytes) -> None:
    accepts_or_refuses(lambda: risk_csv.parse_threats(data))


_SECURITY_TXT_FIELDS = ["Contact", "Expires", "Canonical", "Policy", "Preferred-Languages", "X"]


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(_SECURITY_TXT_FIELDS), st.text(max_size=30)), max_size=8
    ).map(lambda lines: "\n".join(f"{name}: {value}" for name, value in lines))
    | st.text(max_size=80)
)
def test_security_txt(text: str) -> None:
    accepts_or_refuses(lambda: security_txt.parse(text))
