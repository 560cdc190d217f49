"""Build a 10,000-component CycloneDX 1.6 JSON SBOM from the real SBOMs in shared/data.

Deterministic: the same shared data gives the same bytes. Real component objects (with
their purls, hashes, licences and nested components) are copied from CycloneDX 1.4–1.6
JSON documents in sorted path order; each source's bom-refs get a ``s<N>:`` prefix so they
stay unique, each source's dependency graph is kept, and a synthetic root depends on every
source's root. The last source is cut so the total (nested components counted) is exactly
``--components``.

    .venv/bin/python bench/make_big_sbom.py [OUT] [--components 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("REMPART_SHARED_DIR", REPO.parent / "shared")) / "data" / "sboms"
DEFAULT_OUT = Path(tempfile.gettempdir()) / "rempart-bench" / "sbom-10k.cdx.json"
_FIELDS_1_6 = {
    "bom-ref", "type", "name", "version", "group", "purl", "cpe", "supplier", "author",
    "publisher", "hashes", "licenses", "scope", "description", "properties",
    "externalReferences", "components", "copyright",
}  # fmt: skip


def _sources() -> list[dict[str, Any]]:
    documents = []
    for path in sorted(SHARED.rglob("*.json")):
        data = json.loads(path.read_bytes())
        if data.get("bomFormat") == "CycloneDX" and data.get("specVersion") in (
            "1.4",
            "1.5",
            "1.6",
        ):
            documents.append(data)
    return documents


def _count(components: list[dict[str, Any]]) -> int:
    return sum(1 + _count(c.get("components", [])) for c in components)


def _prefixed(component: dict[str, Any], prefix: str, path: str) -> dict[str, Any]:
    """A copy with a prefixed bom-ref and only fields valid in CycloneDX 1.6."""
    copy = {key: value for key, value in component.items() if key in _FIELDS_1_6}
    copy["bom-ref"] = prefix + str(component.get("bom-ref") or path)
    copy["components"] = [
        _prefixed(child, prefix, f"{path}/{i}")
        for i, child in enumerate(component.get("components", []))
    ]
    if not copy["components"]:
        del copy["components"]
    return copy


def build(total: int = 10_000) -> dict[str, Any]:
    """The combined SBOM as a dict with exactly ``total`` components (nested counted)."""
    components: list[dict[str, Any]] = []
    dependencies: list[dict[str, Any]] = []
    root_deps: list[str] = []
    count = 0
    for number, source in enumerate(_sources()):
        prefix = f"s{number}:"
        for index, component in enumerate(source.get("components", [])):
            size = _count([component])
            if count + size > total:
                continue  # too big for the space left; a smaller later one may fit
            count += size
            components.append(_prefixed(component, prefix, f"/components/{index}"))
        known = {c["bom-ref"] for c in _flatten(components)}
        root = source.get("metadata", {}).get("component", {})
        root_ref = prefix + str(root.get("bom-ref", ""))
        for dependency in source.get("dependencies", []):
            ref = prefix + dependency["ref"]
            targets = [prefix + t for t in dependency.get("dependsOn", []) if prefix + t in known]
            if ref == root_ref:
                root_deps.extend(targets)
            elif ref in known:
                dependencies.append({"ref": ref, "dependsOn": targets})
        if count >= total:
            break
    dependencies.insert(0, {"ref": "bench-root", "dependsOn": root_deps})
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:00000000-0000-4000-8000-000000010000",
        "version": 1,
        "metadata": {
            "timestamp": "2026-01-01T00:00:00Z",
            "component": {
                "bom-ref": "bench-root",
                "type": "application",
                "name": "bench",
                "version": "1.0.0",
            },
        },
        "components": components,
        "dependencies": dependencies,
    }


def _flatten(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flat: list[dict[str, Any]] = []
    for component in components:
        flat.append(component)
        flat.extend(_flatten(component.get("components", [])))
    return flat


def build_bytes(total: int = 10_000) -> bytes:
    """The combined SBOM serialized (compact JSON, stable key order)."""
    return json.dumps(build(total), separators=(",", ":")).encode()


def main() -> None:
    """Write the SBOM to the path given (default: a temp folder)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--components", type=int, default=10_000)
    args = parser.parse_args()
    data = build_bytes(args.components)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes, {args.components:,} components)")


if __name__ == "__main__":
    main()
