"""The text rules through the import service: the same result on SQLite and PostgreSQL.

Every file of the hostile corpus is refused with a FormatError and stores nothing; values at
the column limits are stored and read back unchanged; one character more is refused at its
location. The PostgreSQL pass (``-m database`` with ``REMPART_DATABASE_URL``) runs these
same tests, so a psycopg ``DataError`` would fail them there.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rempart.core.errors import FormatError
from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.store.models import Component, DependencyEdge, Sbom

HOSTILE = Path(__file__).resolve().parents[2] / "assets" / "hostile" / "sbom"
CORPUS = sorted(p.name for p in HOSTILE.iterdir() if p.name != "README.md")


@pytest.fixture
def release(organization, operator, typical_answers) -> str:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Gate",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "gate", ReleaseDraft("1.0", date(2026, 1, 1)))
    return "gate"


@pytest.mark.parametrize("name", CORPUS)
def test_hostile_sbom_is_refused_and_stores_nothing(release, operator, name: str) -> None:
    with pytest.raises(FormatError) as caught:
        sboms.import_sbom(operator, release, "1.0", (HOSTILE / name).read_bytes(), filename=name)
    assert caught.value.problems[0].field
    assert Sbom.objects.count() == Component.objects.count() == 0


def _bom(name: str, purl: str, description: str) -> bytes:
    return json.dumps(
        {
            "bomFormat": "CycloneDX",
            "specVersion": "1.6",
            "metadata": {"component": {"type": "application", "name": "gate", "bom-ref": "app"}},
            "components": [
                {
                    "type": "library",
                    "bom-ref": "lib",
                    "name": name,
                    "purl": purl,
                    "description": description,
                    "properties": [{"name": "note", "value": "ünïcödé ✓ 𝄞"}],
                }
            ],
            "dependencies": [{"ref": "app", "dependsOn": ["lib"]}],
        }
    ).encode()


def test_values_at_the_column_limits_are_stored_unchanged(release, operator) -> None:
    name = "é" * 1000  # characters, not bytes: 2,000 bytes in UTF-8
    purl = "pkg:npm/" + "a" * 1000 + "@1.0?foo=" + "b" * 983
    description = "d" * 100_000  # a text column: no length rule
    sboms.import_sbom(operator, release, "1.0", _bom(name, purl, description), filename="x")
    stored = Component.objects.get()
    assert (stored.name, stored.purl, stored.description) == (name, purl, description)
    assert len(stored.purl) == 2000
    assert stored.package == "a" * 1000
    assert stored.properties == [["note", "ünïcödé ✓ 𝄞"]]
    assert DependencyEdge.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "purl", "description", "location", "words"),
    [
        ("é" * 1001, "pkg:npm/a@1", "", "/components/0/name", "limit is 1,000"),
        ("a", "pkg:npm/a@1.0?foo=" + "b" * 1983, "", "/components/0/purl", "limit is 2,000"),
        ("a\x00b", "pkg:npm/a@1", "", "/components/0/name", "NUL"),
        ("a", "pkg:npm/a@1", "text\x00", "/components/0/description", "NUL"),
    ],
)
def test_one_character_more_or_a_nul_is_refused_at_its_location(
    release, operator, name: str, purl: str, description: str, location: str, words: str
) -> None:
    with pytest.raises(FormatError) as caught:
        sboms.import_sbom(operator, release, "1.0", _bom(name, purl, description), filename="x")
    assert caught.value.problems[0].field == location
    assert words in caught.value.message
    assert Sbom.objects.count() == 0
