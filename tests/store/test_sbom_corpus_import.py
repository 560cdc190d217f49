"""Every SBOM of the shared corpus, imported into the store: counts and known purls survive."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rempart.core.errors import FormatError
from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.store.models import Component, Sbom
from tests.formats.sbom_corpus import SBOM_DIR, corpus, plain_count

# Known components, read by hand from the files (name, version, purl).
KNOWN = {
    "cyclonedx/CycloneDX-bom-examples/SBOM/juice-shop/v11.1.2/bom.xml": (
        "express",
        "4.17.1",
        "pkg:npm/express@4.17.1",
    ),
    "cyclonedx/guacsec-guac-data/syft-cyclonedx-docker.io-library-alpine.latest.json": (
        "busybox",
        "1.35.0-r17",
        None,
    ),
    "generated/pip-set-a/legacy-web-portal.cdx.json": ("Jinja2", "2.10", "pkg:pypi/jinja2@2.10"),
    "spdx/spdx-spdx-examples/software/example11/spdx2.3/sbom.spdx.json": None,
}


@pytest.fixture
def product(organization, operator, typical_answers) -> str:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Corpus",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    return "corpus"


def test_every_shared_sbom_imports_or_is_refused_with_a_location(
    product, operator, shared_data: Path
) -> None:
    imported = refused = 0
    for number, relative in enumerate(corpus()):
        version = f"0.{number}"
        products.add_release(operator, product, ReleaseDraft(version, date(2026, 1, 1)))
        data = (SBOM_DIR / relative).read_bytes()
        try:
            stored = sboms.import_sbom(operator, product, version, data, Path(relative).name)
        except FormatError as error:
            refused += 1
            problems = error.problems
            assert problems, relative
            assert problems[0].field, f"{relative}: refusal without a location"
            assert not Sbom.objects.filter(release__version=version).exists()
            continue
        imported += 1
        rows = Component.objects.filter(sbom_id=stored.id).count()
        assert rows == stored.component_count, relative
        listed, nested_in_root = plain_count(relative)
        has_root = Sbom.objects.get(pk=stored.id).root is not None
        # CycloneDX: listed components plus those nested in metadata.component; SPDX: every
        # package but the one the document describes, which is kept as the root.
        expected = listed + nested_in_root if stored.format == "CycloneDX" else listed - has_root
        assert rows == expected, f"{relative}: stored {rows}, the file has {expected}"
        assert bytes(sboms.original_bytes(operator, stored.id)[1]) == data
    assert imported >= 90
    assert imported + refused == len(corpus())


def test_known_components_keep_their_purls(product, operator, shared_data: Path) -> None:
    for number, (relative, known) in enumerate(KNOWN.items()):
        if known is None:
            continue
        version = f"k.{number}"
        products.add_release(operator, product, ReleaseDraft(version, date(2026, 1, 1)))
        sboms.import_sbom(
            operator, product, version, (shared_data / "sboms" / relative).read_bytes()
        )
        name, component_version, purl = known
        row = Component.objects.filter(
            release__version=version, name=name, version=component_version
        ).first()
        assert row is not None, (relative, name)
        if purl:
            assert row.purl == purl
        else:
            assert row.purl.startswith(
                f"pkg:apk/alpine/{name}@{component_version}"
            ) or row.purl.startswith(f"pkg:alpine/{name}@")
