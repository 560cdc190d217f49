"""Merging a release's SBOMs: dedupe by purl, namespace the rest, keep edges and provenance."""

from __future__ import annotations

from pathlib import Path

import pytest

from rempart.core.component import (
    Component,
    Dependency,
    DependencyKind,
    Encoding,
    Hash,
    SbomDocument,
    SbomFormat,
)
from rempart.core.errors import InvalidInput
from rempart.core.sbom_merge import Origin, SbomPart, merge_sboms
from tests.formats.sbom_corpus import ours


def _doc(
    root: Component | None, *components: Component, edges: tuple[Dependency, ...] = ()
) -> SbomDocument:
    return SbomDocument(
        format=SbomFormat.CYCLONEDX,
        spec_version="1.6",
        encoding=Encoding.JSON,
        components=components,
        dependencies=edges,
        root=root,
        dependencies_stated=frozenset(e.ref for e in edges),
    )


OPENSSL = Component(bom_ref="ssl", name="openssl", version="3.0.11", purl="pkg:generic/openssl@3.0.11",
                    licenses="Apache-2.0", hashes=(Hash("SHA-256", "aa" * 32),))  # fmt: skip
FIRMWARE = Component(bom_ref="fw", name="firmware", version="4.2", type="firmware")
APP = Component(bom_ref="app", name="app", version="1.0", type="application")
HELPER = Component(bom_ref="SPDXRef-Package-1", name="helper", version="0.1")


def test_dedupes_by_purl_and_namespaces_the_rest() -> None:
    other_ssl = Component(bom_ref="openssl-lib", name="openssl", version="3.0.11", purl="pkg:generic/openssl@3.0.11",
                          licenses="OpenSSL", hashes=(Hash("SHA-512", "bb" * 64),))  # fmt: skip
    firmware = _doc(
        FIRMWARE,
        OPENSSL,
        HELPER,
        edges=(Dependency("fw", "ssl"), Dependency("fw", "SPDXRef-Package-1")),
    )
    app = _doc(APP, other_ssl, HELPER, edges=(Dependency("app", "openssl-lib"),))
    release = Component(bom_ref="release", name="gateway", version="2.0", type="device")
    merged = merge_sboms([SbomPart("firmware", firmware), SbomPart("app", app)], root=release)
    refs = [c.bom_ref for c in merged.components]
    assert refs == ["firmware:fw", "pkg:generic/openssl@3.0.11", "firmware:SPDXRef-Package-1",
                    "app:app", "app:SPDXRef-Package-1"]  # fmt: skip
    assert merged.origins["pkg:generic/openssl@3.0.11"] == (
        Origin("firmware", "ssl"),
        Origin("app", "openssl-lib"),
    )
    ssl = next(c for c in merged.components if c.purl)
    assert ssl.licenses == "Apache-2.0"  # the first document wins ...
    assert {h.algorithm for h in ssl.hashes} == {"SHA-256", "SHA-512"}  # ... hashes are united
    assert any("licenses differs" in w for w in merged.warnings)
    edges = {(e.ref, e.depends_on, e.kind) for e in merged.dependencies}
    assert edges == {
        ("firmware:fw", "pkg:generic/openssl@3.0.11", DependencyKind.DEPENDS_ON),
        ("firmware:fw", "firmware:SPDXRef-Package-1", DependencyKind.DEPENDS_ON),
        ("app:app", "pkg:generic/openssl@3.0.11", DependencyKind.DEPENDS_ON),
        ("release", "firmware:fw", DependencyKind.CONTAINS),
        ("release", "app:app", DependencyKind.CONTAINS),
    }
    document = merged.as_document()
    assert document.direct_refs() == {"firmware:fw", "app:app"}
    assert "pkg:generic/openssl@3.0.11" in document.transitive_refs()


def test_labels_must_be_unique_and_root_ref_free() -> None:
    part = SbomPart("a", _doc(APP))
    with pytest.raises(InvalidInput):
        merge_sboms([part, part])
    with pytest.raises(InvalidInput):
        merge_sboms([part], root=Component(bom_ref="a:app", name="clash"))


def test_part_without_root_is_reported() -> None:
    merged = merge_sboms([SbomPart("loose", _doc(None, HELPER))])
    assert merged.warnings == ("loose: no root component; its top level is unknown",)
    assert merged.root is None


def test_real_firmware_and_app_merge(shared_data: Path) -> None:
    app = ours("generated/pip-set-a/legacy-web-portal.cdx.json")
    image = ours("cyclonedx/guacsec-guac-data/syft-cyclonedx-docker.io-library-python.latest.json")
    assert isinstance(app, SbomDocument)
    assert isinstance(image, SbomDocument)
    merged = merge_sboms([SbomPart("app", app), SbomPart("image", image)])
    app_purls = {c.purl for c in app.components if c.purl}
    image_purls = {c.purl for c in image.components if c.purl}
    shared = app_purls & image_purls
    assert len(merged.components) == len(app.components) + len(image.components) + 2 - len(shared)
    assert len({c.bom_ref for c in merged.components}) == len(merged.components)
    for purl in shared:
        assert {o.label for o in merged.origins[purl]} == {"app", "image"}
    assert len(merged.dependencies) == len(app.dependencies)  # the syft image has no graph
