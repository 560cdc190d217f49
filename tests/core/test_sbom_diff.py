"""Diffing two releases' components with real version ordering per ecosystem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rempart.core.component import Component, Hash, SbomDocument
from rempart.core.sbom_diff import ChangeKind, component_identity, diff_components
from tests.formats.sbom_corpus import ours


def lib(purl: str | None, version: str | None, name: str = "x", **fields: Any) -> Component:
    return Component(
        bom_ref=f"{purl}-{version}-{name}", name=name, version=version, purl=purl, **fields
    )


@pytest.mark.parametrize(
    ("kind", "old", "new", "expected"),
    [
        ("pypi", "1.0rc1", "1.0", ChangeKind.UPGRADED),  # PEP 440: rc < final
        ("pypi", "1!0.1", "2.0", ChangeKind.DOWNGRADED),  # epoch wins
        ("maven", "1.0-SNAPSHOT", "1.0", ChangeKind.UPGRADED),
        ("maven", "2.0.0", "10.0.0", ChangeKind.UPGRADED),  # numeric, not lexical
        ("npm", "1.0.0-beta.2", "1.0.0-beta.11", ChangeKind.UPGRADED),
        ("golang", "v1.10.0", "v1.9.0", ChangeKind.DOWNGRADED),
        ("deb", "3.0.11-1~deb12u2", "3.0.11-1", ChangeKind.UPGRADED),  # ~ sorts before
        ("deb", "1:1.0-1", "2.0-1", ChangeKind.DOWNGRADED),  # epoch
        ("rpm", "1.0-1.el8", "1.0-2.el8", ChangeKind.UPGRADED),
        ("apk", "1.2.3-r1", "1.2.3-r0", ChangeKind.DOWNGRADED),
        ("gem", "1.0.0.pre", "1.0.0", ChangeKind.UPGRADED),
        ("nuget", "1.0.0", "1.0.1", ChangeKind.UPGRADED),
        ("cargo", "0.9.0", "0.10.0", ChangeKind.UPGRADED),
        ("composer", "v1.0.0", "1.0.1", ChangeKind.UPGRADED),
        ("github", "1.0", "2.0", ChangeKind.UNORDERED),  # no scheme: say so, do not guess
        ("pypi", "not a version", "1.0", ChangeKind.UNORDERED),
    ],
)
def test_version_changes_use_the_ecosystem_order(
    kind: str, old: str, new: str, expected: ChangeKind
) -> None:
    before = lib(f"pkg:{kind}/acme/thing@{old}", old)
    after = lib(f"pkg:{kind}/acme/thing@{new}", new)
    diff = diff_components([before], [after])
    assert [change.kind for change in diff.changes] == [expected]
    assert diff.changes[0].identity == f"pkg:{kind}/acme/thing"


def test_added_removed_changed_unchanged() -> None:
    keep = lib("pkg:npm/keep@1.0.0", "1.0.0")
    gone = lib("pkg:npm/gone@1.0.0", "1.0.0")
    new = lib("pkg:npm/new@1.0.0", "1.0.0")
    relicensed_old = lib("pkg:npm/relicensed@2.0.0", "2.0.0", licenses="MIT")
    relicensed_new = lib("pkg:npm/relicensed@2.0.0", "2.0.0", licenses="GPL-3.0-only",
                         hashes=(Hash("SHA-256", "ab" * 32),))  # fmt: skip
    diff = diff_components([keep, gone, relicensed_old], [keep, new, relicensed_new])
    assert diff.unchanged == 1
    assert [c.identity for c in diff.of(ChangeKind.ADDED)] == ["pkg:npm/new"]
    assert [c.identity for c in diff.of(ChangeKind.REMOVED)] == ["pkg:npm/gone"]
    changed = diff.of(ChangeKind.CHANGED)
    assert [(c.identity, c.fields) for c in changed] == [
        ("pkg:npm/relicensed", ("licenses", "hashes"))
    ]


def test_identity_ignores_version_qualifiers_and_falls_back_to_group_name_type() -> None:
    assert component_identity(
        lib("pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=bookworm", "7.88.1-10")
    ) == ("pkg:deb/debian/curl")
    assert component_identity(
        Component(bom_ref="r", name="core", group="org.acme", type="framework")
    ) == ("framework:org.acme/core")


def test_same_version_spelled_differently_is_a_change_not_an_upgrade() -> None:
    diff = diff_components([lib("pkg:pypi/a@1.0", "1.0")], [lib("pkg:pypi/a@1.0.0", "1.0.0")])
    assert [(c.kind, c.fields[0]) for c in diff.changes] == [(ChangeKind.CHANGED, "version")]


def test_several_instances_pair_in_version_order() -> None:
    old = [lib("pkg:npm/lodash@3.10.1", "3.10.1"), lib("pkg:npm/lodash@4.17.20", "4.17.20")]
    new = [lib("pkg:npm/lodash@4.17.21", "4.17.21"), lib("pkg:npm/lodash@3.10.2", "3.10.2")]
    diff = diff_components(old, new)
    pairs = sorted(
        (c.old.version, c.new.version) for c in diff.of(ChangeKind.UPGRADED) if c.old and c.new
    )
    assert pairs == [("3.10.1", "3.10.2"), ("4.17.20", "4.17.21")]
    uneven = diff_components(old, [lib("pkg:npm/lodash@4.17.21", "4.17.21"), *new])
    assert len(uneven.of(ChangeKind.ADDED)) == 3
    assert len(uneven.of(ChangeKind.REMOVED)) == 2


def test_real_releases_proton_bridge_1_6_3_to_1_8_0(shared_data: Path) -> None:
    base = "cyclonedx/CycloneDX-bom-examples/SBOM/proton-bridge/proton-bridge-v"
    old, new = ours(f"{base}1.6.3.bom.json"), ours(f"{base}1.8.0.bom.json")
    assert isinstance(old, SbomDocument)
    assert isinstance(new, SbomDocument)
    diff = diff_components(old.components, new.components)
    counted = diff.unchanged + sum(1 for c in diff.changes if c.old is not None)
    assert counted == len(old.components)  # every old component is accounted for once
    assert all(c.kind is not ChangeKind.UNORDERED for c in diff.changes)  # Go versions order
    assert diff_components(new.components, new.components).changes == ()
