"""Deterministic portfolio SBOMs for bench/portfolio.py, built from the shared public data.

Components come from two pools:

- *uncovered*: every distinct purl of the shared SBOMs whose ecosystem has no advisory source
  here (npm, Maven, deb, ...) — they end up "not assessed", as in a real portfolio;
- *covered*: the packages the shared OSV archives name (PyPI, Go, crates.io), each with a
  vulnerable version (an explicitly listed affected version, an ``introduced`` event, or the
  version just before a ``fixed`` event) and a safe one (the last ``fixed`` version). Go
  packages also appear as *package paths* inside their module (``?type=package``, the import
  paths the Go records list), which the matcher maps to their module.

Release 1 of a product draws ``size`` components (75 % uncovered, 25 % covered, one in seven of the
covered ones at a vulnerable version); each later release keeps 95 % of its predecessor's
components and replaces the rest. One product is built from vulnerable versions only.
"""

from __future__ import annotations

import io
import json
import random
import tarfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

ARCHIVES = {
    "PyPI": "advisories/osv/pypa-advisory-database-vulns.tar.gz",
    "Go": "advisories/osv/golang-vulndb-osv-2020-2025.tar.gz",
    "crates.io": "advisories/osv/rustsec-advisory-db-osv-2016-2025.tar.gz",
}
PURL_TYPE = {"PyPI": "pypi", "Go": "golang", "crates.io": "cargo"}


@dataclass(frozen=True, slots=True)
class Covered:
    ecosystem: str
    name: str
    vulnerable: str
    safe: str
    package_paths: tuple[str, ...] = ()
    more_vulnerable: tuple[str, ...] = ()  # further affected versions (the vulnerable product)

    def purl(self, version: str, package_path: str | None = None) -> str:
        kind = PURL_TYPE[self.ecosystem]
        if self.ecosystem == "Go":
            base = package_path or self.name
            suffix = "?type=package" if package_path else ""
            return f"pkg:{kind}/{base}@v{version}{suffix}"
        return f"pkg:{kind}/{self.name}@{version}"


def _records(archive: Path) -> list[dict[str, Any]]:
    found = []
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.endswith((".json", ".yaml", ".yml")):
                continue
            handle = tar.extractfile(member)
            if handle is None:
                continue
            data = handle.read()
            try:
                record = (
                    json.loads(data)
                    if member.name.endswith(".json")
                    else yaml.safe_load(io.BytesIO(data))
                )
            except (ValueError, yaml.YAMLError):
                continue
            if isinstance(record, dict) and record.get("affected"):
                found.append(record)
    return found


def _before(fixed: str) -> str | None:
    parts = fixed.split(".")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        major, minor, patch = (int(p) for p in parts)
        if patch > 0:
            return f"{major}.{minor}.{patch - 1}"
        if minor > 0:
            return f"{major}.{minor - 1}.0"
    return None


def _order(ecosystem: str, version: str) -> tuple[Any, ...]:
    from packaging.version import InvalidVersion, Version

    if ecosystem == "PyPI":
        try:
            return (1, Version(version))
        except InvalidVersion:
            return (0, version)
    numbers = version.split("-")[0].split("+")[0].split(".")
    return (1, tuple(int(n) if n.isdigit() else 0 for n in numbers), version)


def covered_packages(shared: Path) -> list[Covered]:
    """One entry per (ecosystem, package) of the shared OSV data with usable versions.

    The safe version is the highest ``fixed`` version any advisory names for the package.
    """
    found: dict[tuple[str, str], Covered] = {}
    highest: dict[tuple[str, str], str] = {}
    for ecosystem, archive in ARCHIVES.items():
        for record in _records(shared / archive):
            if record.get("withdrawn"):
                continue
            for affected in record["affected"]:
                package = affected.get("package") or {}
                if package.get("ecosystem") != ecosystem or not package.get("name"):
                    continue
                name = package["name"]
                if ecosystem == "Go" and (name == "stdlib" or name == "toolchain"):
                    continue
                vulnerable, safe, more = _versions(affected)
                if safe is not None:
                    key = (ecosystem, name)
                    if key not in highest or _order(ecosystem, safe) > _order(
                        ecosystem, highest[key]
                    ):
                        highest[key] = safe
                if vulnerable is None or safe is None or (ecosystem, name) in found:
                    continue
                imports = (affected.get("ecosystem_specific") or {}).get("imports") or []
                paths = tuple(
                    sorted(
                        {
                            i["path"]
                            for i in imports
                            if isinstance(i, dict)
                            and isinstance(i.get("path"), str)
                            and i["path"].startswith(name + "/")
                        }
                    )
                )
                found[(ecosystem, name)] = Covered(ecosystem, name, vulnerable, safe, paths, more)
    return [replace(found[key], safe=highest[key]) for key in sorted(found)]


def _versions(affected: dict[str, Any]) -> tuple[str | None, str | None, tuple[str, ...]]:
    listed = [v for v in affected.get("versions") or [] if isinstance(v, str)]
    fixed: list[str] = []
    introduced: list[str] = []
    for range_ in affected.get("ranges") or []:
        if range_.get("type") not in ("SEMVER", "ECOSYSTEM"):
            continue
        for event in range_.get("events") or []:
            if "fixed" in event:
                fixed.append(str(event["fixed"]))
            if "introduced" in event and str(event["introduced"]) != "0":
                introduced.append(str(event["introduced"]))
    if not fixed:
        return None, None, ()
    vulnerable = listed[-1] if listed else (introduced[0] if introduced else _before(fixed[0]))
    more = tuple(v for v in listed[-4:-1] if v != vulnerable)
    return vulnerable, fixed[-1], more


def uncovered_purls(shared: Path) -> list[str]:
    """Distinct purls of the shared JSON SBOMs outside PyPI, Go and crates.io."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("purl", "referenceLocator") and isinstance(value, str):
                    if value.startswith("pkg:") and "@" in value:
                        found.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted((shared / "sboms").rglob("*.json")):
        try:
            walk(json.loads(path.read_bytes()))
        except (ValueError, RecursionError):
            continue
    skip = ("pkg:pypi/", "pkg:golang/", "pkg:cargo/")
    return sorted(p for p in found if not p.startswith(skip) and len(p) < 500)


@dataclass(frozen=True, slots=True)
class Pools:
    covered: list[Covered]
    uncovered: list[str]


def load_pools(shared: Path) -> Pools:
    return Pools(covered_packages(shared), uncovered_purls(shared))


def _component(purl: str) -> dict[str, Any]:
    path, _, version = purl.partition("@")
    version = version.split("?")[0]
    name = path.rsplit("/", 1)[-1]
    return {"type": "library", "bom-ref": purl, "name": name, "version": version, "purl": purl}


COVERED_SHARE = 0.25
VULNERABLE_SHARE = 0.14
VULNERABLE_PRODUCT_SIZE = 1600


def _draw(pools: Pools, rng: random.Random, vulnerable_share: float) -> str:
    if rng.random() >= COVERED_SHARE:
        return rng.choice(pools.uncovered)
    package = rng.choice(pools.covered)
    version = package.vulnerable if rng.random() < vulnerable_share else package.safe
    if package.ecosystem == "Go" and package.package_paths and rng.random() < 0.5:
        return package.purl(version, rng.choice(package.package_paths))
    return package.purl(version)


def release_purls(
    pools: Pools, product: int, releases: int, size: int, vulnerable_product: bool
) -> list[list[str]]:
    """The purls of each release of one product (95 % shared between consecutive releases)."""
    rng = random.Random(product * 7919)
    if vulnerable_product:
        chosen: list[str] = []
        for package in pools.covered:
            chosen.append(package.purl(package.vulnerable))
            chosen += [package.purl(package.vulnerable, path) for path in package.package_paths[:3]]
            chosen += [package.purl(version) for version in package.more_vulnerable]
        return [sorted(set(chosen[:size]))] * releases
    current: set[str] = set()
    while len(current) < size:
        current.add(_draw(pools, rng, VULNERABLE_SHARE))
    result = [sorted(current)]
    for _ in range(1, releases):
        keep = rng.sample(sorted(current), int(len(current) * 0.95))
        current = set(keep)
        while len(current) < size:
            current.add(_draw(pools, rng, VULNERABLE_SHARE))
        result.append(sorted(current))
    return result


def sbom_bytes(product_name: str, version: str, purls: list[str]) -> bytes:
    """A CycloneDX 1.6 JSON SBOM listing ``purls`` as direct dependencies of the product."""
    root = {"type": "application", "bom-ref": "root", "name": product_name, "version": version}
    document = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {"timestamp": "2026-01-01T00:00:00Z", "component": root},
        "components": [_component(p) for p in purls],
        "dependencies": [{"ref": "root", "dependsOn": purls}],
    }
    return json.dumps(document, separators=(",", ":")).encode()
