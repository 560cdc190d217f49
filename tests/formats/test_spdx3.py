"""SPDX 3.0.1 JSON-LD onto the component graph: every mapped field, on a small hand-made graph."""

from __future__ import annotations

import json

from rempart.core.component import DependencyKind, Encoding, SbomFormat
from rempart.core.sbom_quality import assess_sbom
from rempart.formats.sbom import parse_sbom

CI = "_:ci"
GRAPH: list[dict[str, object]] = [
    {
        "@id": CI,
        "type": "CreationInfo",
        "specVersion": "3.0.1",
        "created": "2026-01-01T00:00:00Z",
        "createdBy": ["urn:acme"],
        "createdUsing": ["urn:tool"],
    },
    {
        "spdxId": "urn:acme",
        "type": "Organization",
        "name": "ACME GmbH",
        "creationInfo": CI,
        "externalIdentifier": [
            {
                "type": "ExternalIdentifier",
                "externalIdentifierType": "email",
                "identifier": "psirt@acme.example",
            }
        ],
    },
    {"spdxId": "urn:tool", "type": "Tool", "name": "builder-1.0", "creationInfo": CI},
    {
        "spdxId": "urn:app",
        "type": "software_Package",
        "name": "gateway",
        "software_packageVersion": "2.0",
        "software_primaryPurpose": "firmware",
        "suppliedBy": "urn:acme",
        "creationInfo": CI,
    },
    {
        "spdxId": "urn:lib",
        "type": "software_Package",
        "name": "openssl",
        "software_packageVersion": "3.0.13",
        "externalIdentifier": [
            {
                "type": "ExternalIdentifier",
                "externalIdentifierType": "packageUrl",
                "identifier": "pkg:generic/openssl@3.0.13",
            },
            {
                "type": "ExternalIdentifier",
                "externalIdentifierType": "cpe23",
                "identifier": "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*",
            },
        ],
        "verifiedUsing": [{"type": "Hash", "algorithm": "sha256", "hashValue": "AB" * 32}],
        "originatedBy": ["urn:acme"],
        "software_downloadLocation": "https://www.openssl.org/source/",
        "creationInfo": CI,
    },
    {"spdxId": "urn:model", "type": "ai_AIPackage", "name": "classifier", "creationInfo": CI},
    {"spdxId": "urn:file", "type": "software_File", "name": "README", "creationInfo": CI},
    {
        "spdxId": "urn:lic-a",
        "type": "simplelicensing_LicenseExpression",
        "simplelicensing_licenseExpression": "Apache-2.0",
        "creationInfo": CI,
    },
    {
        "spdxId": "urn:lic-n",
        "type": "simplelicensing_LicenseExpression",
        "simplelicensing_licenseExpression": "NOASSERTION",
        "creationInfo": CI,
    },
    {
        "spdxId": "urn:r1",
        "type": "Relationship",
        "relationshipType": "hasConcludedLicense",
        "from": "urn:lib",
        "to": ["urn:lic-n"],
        "creationInfo": CI,
    },
    {
        "spdxId": "urn:r2",
        "type": "Relationship",
        "relationshipType": "hasDeclaredLicense",
        "from": "urn:lib",
        "to": ["urn:lic-a"],
        "creationInfo": CI,
    },
    {
        "spdxId": "urn:r3",
        "type": "Relationship",
        "relationshipType": "dependsOn",
        "from": "urn:app",
        "to": ["urn:lib"],
        "creationInfo": CI,
    },
    {
        "spdxId": "urn:r4",
        "type": "Relationship",
        "relationshipType": "contains",
        "from": "urn:app",
        "to": ["urn:model", "urn:file"],
        "creationInfo": CI,
    },
    {
        "spdxId": "urn:r5",
        "type": "Relationship",
        "relationshipType": "dependsOn",
        "from": "urn:lib",
        "to": ["https://spdx.org/rdf/3.0.1/terms/Core/NoneElement"],
        "completeness": "complete",
        "creationInfo": CI,
    },
    {
        "spdxId": "urn:r6",
        "type": "Relationship",
        "relationshipType": "dependsOn",
        "from": "urn:app",
        "to": ["urn:ghost"],
        "creationInfo": CI,
    },
    {"spdxId": "urn:sbom", "type": "software_Sbom", "rootElement": ["urn:app"], "creationInfo": CI},
    {
        "spdxId": "urn:doc",
        "type": "SpdxDocument",
        "name": "gateway 2.0",
        "rootElement": ["urn:sbom"],
        "creationInfo": CI,
    },
]


def _document() -> bytes:
    return json.dumps(
        {"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": GRAPH}
    ).encode()


def test_every_field_reaches_the_component_graph() -> None:
    document = parse_sbom(_document())
    assert (document.format, document.spec_version, document.encoding) == (
        SbomFormat.SPDX,
        "3.0.1",
        Encoding.JSON,
    )
    assert document.schema_violations == ()
    assert document.root is not None
    assert (document.root.name, document.root.type, document.root.supplier) == (
        "gateway",
        "firmware",
        "ACME GmbH",
    )
    assert document.root.supplier_contact == "psirt@acme.example"
    lib = document.by_ref()["urn:lib"]
    assert lib.purl == "pkg:generic/openssl@3.0.13"
    assert lib.cpe == "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*"
    assert [(h.algorithm, h.value) for h in lib.hashes] == [("SHA-256", "ab" * 32)]
    assert lib.licenses == "Apache-2.0"  # concluded is NOASSERTION, so the declared one
    assert lib.author == "ACME GmbH"
    assert lib.external_references == (("distribution", "https://www.openssl.org/source/"),)
    assert {c.bom_ref for c in document.components} == {"urn:lib", "urn:model"}  # no files
    assert {(e.ref, e.depends_on, e.kind) for e in document.dependencies} == {
        ("urn:app", "urn:lib", DependencyKind.DEPENDS_ON),
        ("urn:app", "urn:model", DependencyKind.CONTAINS),
    }
    assert "urn:lib" in document.dependencies_stated  # "dependsOn NoneElement, complete"
    assert document.created == "2026-01-01T00:00:00Z"
    assert document.creators == (
        "Organization: ACME GmbH (psirt@acme.example)",
        "Tool: builder-1.0",
    )
    assert document.name == "gateway 2.0"
    assert [p.field for p in document.problems] == ["/@graph/14/to/0"]  # urn:ghost


def test_quality_rules_read_spdx3_like_spdx23() -> None:
    report = assess_sbom(parse_sbom(_document()))
    rules = {r.rule_id: (r.passed, r.checked) for r in report.rules}
    assert rules["SBOM-BSI-FORMAT"] == (1, 1)
    assert rules["AI-P2-1"] == (1, 1)
    assert rules["NTIA-AUTHOR"] == (1, 1)
    assert not [d for d in report.defects if d.rule_id == "SBOM-BSI-V2.1"]
