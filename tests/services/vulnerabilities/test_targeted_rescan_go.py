"""A targeted rescan after an OSV update gives exactly the findings a full rescan gives (Go data).

The shared golang/vulndb archive names *modules*; SBOMs also list Go *package paths* inside
them (``pkg:golang/golang.org/x/net/http2@v0.7.0?type=package``), which the matcher looks up
under their module. The targeted rescan must select those components by the same key, or
the findings of an advisory update appear (and withdrawn ones vanish) only with the next full
rescan.
"""

from __future__ import annotations

import io
import json
import tarfile
from datetime import date
from pathlib import Path
from typing import Any

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import feeds, scanning
from rempart.store.models import Finding

GO = "advisories/osv/golang-vulndb-osv-2020-2025.tar.gz"


def _go_records(shared: Path) -> list[dict[str, Any]]:
    records = []
    with tarfile.open(shared / GO) as archive:
        for member in archive.getmembers():
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is not None and member.name.endswith(".json"):
                record = json.loads(handle.read())
                if isinstance(record, dict) and record.get("affected"):
                    records.append(record)
    return sorted(records, key=lambda r: str(r["id"]))


def _vulnerable_version(affected: dict[str, Any]) -> str | None:
    for range_ in affected.get("ranges") or []:
        for event in range_.get("events") or []:
            introduced = str(event.get("introduced", "0"))
            if introduced != "0" and introduced[:1].isdigit():
                return introduced
    return None


def _purls(records: list[dict[str, Any]], limit: int) -> list[str]:
    """Modules and package paths inside them, at versions the records call affected."""
    purls: set[str] = set()
    for record in records:
        for affected in record["affected"]:
            module = (affected.get("package") or {}).get("name", "")
            version = _vulnerable_version(affected)
            if not module or module in ("stdlib", "toolchain") or version is None:
                continue
            imports = (affected.get("ecosystem_specific") or {}).get("imports") or []
            paths = [i["path"] for i in imports if str(i.get("path", "")).startswith(module + "/")]
            if not paths:
                continue
            purls.add(f"pkg:golang/{module}@v{version}")
            purls.update(f"pkg:golang/{path}@v{version}?type=package" for path in paths[:3])
        if len(purls) >= limit:
            break
    return sorted(purls)


def _sbom(purls: list[str]) -> bytes:
    components = [
        {"type": "library", "bom-ref": p, "name": p.split("/")[-1].split("@")[0], "purl": p}
        for p in purls
    ]
    return json.dumps(
        {
            "bomFormat": "CycloneDX",
            "specVersion": "1.6",
            "version": 1,
            "metadata": {"component": {"type": "application", "bom-ref": "root", "name": "svc"}},
            "components": components,
            "dependencies": [{"ref": "root", "dependsOn": purls}],
        }
    ).encode()


def _archive(path: Path, records: list[dict[str, Any]]) -> Path:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for record in records:
            data = json.dumps(record).encode()
            info = tarfile.TarInfo(f"go/{record['id']}.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    path.write_bytes(buffer.getvalue())
    return path


def _findings() -> dict[tuple[int, str, str], tuple[Any, ...]]:
    rows = Finding.objects.values_list(
        "release_id",
        "vulnerability_id",
        "component_bom_ref",
        "status",
        "severity",
        "fixed_versions",
        "package",
        "known_exploited",
    )
    return {(r[0], r[1], r[2]): r[3:] for r in rows}


def test_targeted_rescan_equals_full_rescan_on_go_data(
    organization, operator, typical_answers, shared_data: Path, tmp_path: Path
) -> None:
    records = _go_records(shared_data)
    purls = _purls(records, 400)
    assert sum("type=package" in p for p in purls) > 100  # package paths are the point here
    for name, share in (("Gateway", 1), ("Bridge", 2)):
        product = products.create_product(
            operator,
            ProductDraft(
                name=name,
                scope_answers=typical_answers,
                support_months=60,
                support_justification="Expected use time of comparable products.",
            ),
        ).slug
        products.add_release(operator, product, ReleaseDraft("1.0", date(2026, 1, 1)))
        sboms.import_sbom(operator, product, "1.0", _sbom(purls[::share]), label="app")
    # First a third of the records, then everything but a few (withdrawn from the source).
    first = [r for number, r in enumerate(records) if number % 3 == 0]
    feeds.import_file(operator, _archive(tmp_path / "go-1.tar.gz", first), "osv:go")
    scanning.scan_all(operator)
    before = _findings()
    gone = {str(r["id"]) for r in first[:40]}
    update = [r for r in records if str(r["id"]) not in gone]
    imported = feeds.import_file(operator, _archive(tmp_path / "go-2.tar.gz", update), "osv:go")
    assert imported.rescanned_releases == 2  # the import's targeted rescan, at once

    targeted = _findings()
    opened = {k for k, v in targeted.items() if v[0] == "open"} - {
        k for k, v in before.items() if v[0] == "open"
    }
    resolved = {k for k, v in targeted.items() if v[0] == "resolved"}
    assert any("/" in k[2].split("golang/")[1].split("@")[0].split("/", 3)[-1] for k in opened)
    assert len(opened) > 100
    assert resolved  # withdrawn records' findings were resolved by the targeted rescan
    assert set(before) <= set(targeted)  # no finding row was deleted

    scanning.scan_all(operator)
    assert _findings() == targeted  # a full rescan changes nothing
