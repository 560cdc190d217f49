"""Peak memory of the largest SBOM Rempart accepts, and of the hostile ones it refuses.

Issue 17 (item 7): a 34 MB SBOM with 4 million dependency edges used 1 GB, a 95 MB SBOM
with 304,000 components 1.1 GB. The per-SBOM limits (``formats/limits.py``:
``MAX_COMPONENTS``, ``MAX_EDGES``) refuse both before schema validation and mapping. This
script measures, each case in a fresh process (``ru_maxrss`` is a high-water mark):

- ``accepted-parse``: the largest accepted SBOM (``MAX_COMPONENTS`` components with
  version, purl, hash and licence, ``MAX_EDGES`` edges) through ``parse_sbom`` + quality;
- ``accepted-import``: the same through the whole ``import_sbom`` service on SQLite
  (parse, quality, bytes, component and edge rows, audit);
- ``edges-4m`` / ``components-304k``: the two hostile SBOMs of the issue, refused.

    .venv/bin/python bench/sbom_limits.py [case ...]

The input is built by another process (a forked child inherits its parent's high-water
mark). Prints one line per case: input MiB, wall and CPU seconds, the process's peak RSS and the RSS it had
before the call (interpreter, libraries and the input bytes), both in MiB.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = ("accepted-parse", "accepted-import", "edges-4m", "components-304k")


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _component(index: int, padding: int = 0) -> dict[str, object]:
    name = f"package-{index}"
    component: dict[str, object] = {
        "type": "library",
        "bom-ref": f"c{index}",
        "name": name,
        "version": f"1.{index % 100}.0",
        "purl": f"pkg:pypi/{name}@1.{index % 100}.0",
        "hashes": [{"alg": "SHA-256", "content": f"{index:064x}"}],
        "licenses": [{"license": {"id": "MIT"}}],
    }
    if padding:
        component["description"] = "x" * padding
    return component


def build(case: str) -> bytes:
    """The SBOM bytes of ``case`` (deterministic)."""
    from rempart.formats.limits import MAX_COMPONENTS, MAX_EDGES

    if case.startswith("accepted"):
        count, per = MAX_COMPONENTS, MAX_EDGES // MAX_COMPONENTS
        components = [_component(i) for i in range(count)]
        dependencies = [
            {"ref": f"c{i}", "dependsOn": [f"c{(i + k) % count}" for k in range(1, per + 1)]}
            for i in range(count)
        ]
    elif case == "edges-4m":
        count = 2000
        components = [
            {"type": "library", "bom-ref": f"c{i}", "name": f"c{i}"} for i in range(count)
        ]
        targets = [f"c{i}" for i in range(count)]
        dependencies = [{"ref": f"c{i}", "dependsOn": targets} for i in range(count)]
    else:  # components-304k: ~95 MB
        count = 304_000
        components = [_component(i, padding=60) for i in range(count)]
        dependencies = []
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {"component": {"type": "application", "bom-ref": "app", "name": "big"}},
        "components": components,
        "dependencies": dependencies,
    }
    return json.dumps(bom, separators=(",", ":")).encode()


def child(case: str, path: str) -> None:
    """Measure one case in this (fresh) process."""
    data = Path(path).read_bytes()
    if case == "accepted-import":
        _import(data)
        return
    from rempart.core.errors import RempartError
    from rempart.formats.limits import SBOM_UPLOAD_MAX_BYTES
    from rempart.services.sboms.check import check_sbom

    before = _rss_mib()
    start, cpu = time.perf_counter(), time.process_time()
    try:
        checked = check_sbom(data, SBOM_UPLOAD_MAX_BYTES)
        outcome = (
            f"accepted: {len(checked.document.components):,} components, "
            f"{len(checked.document.dependencies):,} edges"
        )
    except RempartError as error:
        outcome = f"refused: {error.message[:110]}"
    _report(case, data, (time.perf_counter() - start, time.process_time() - cpu), before, outcome)


def _import(data: bytes) -> None:
    """The whole import service on a fresh SQLite database."""
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command

    from rempart.core.cra.catalog import load_catalog
    from rempart.core.cra.scope import default_in_scope_answers
    from rempart.core.register import ProductDraft
    from rempart.services.context import Actor, ServiceContext
    from rempart.services.products import organization
    from rempart.services.products import register as products
    from rempart.services.products.register import ReleaseDraft
    from rempart.services.sboms import release_sboms as sboms

    call_command("migrate", verbosity=0)
    ctx = ServiceContext(Actor.operator("bench"))
    organization.save_organization(ctx, {"name": "Bench"})
    draft = ProductDraft(
        name="Big",
        scope_answers=default_in_scope_answers(load_catalog()),
        support_months=60,
        support_justification="Expected use time of comparable products.",
    )
    products.create_product(ctx, draft)
    products.add_release(ctx, "big", ReleaseDraft("1.0", date(2026, 1, 1)))
    before = _rss_mib()
    start, cpu = time.perf_counter(), time.process_time()
    stored = sboms.import_sbom(ctx, "big", "1.0", data, "big.json", "app")
    outcome = f"stored: {stored.component_count:,} components, {stored.edge_count:,} edges"
    seconds = (time.perf_counter() - start, time.process_time() - cpu)
    _report("accepted-import", data, seconds, before, outcome)


def _report(
    case: str, data: bytes, seconds: tuple[float, float], before: float, outcome: str
) -> None:
    print(
        f"{case:16} {len(data) / 2**20:6.1f} MiB  {seconds[0]:6.2f} s (CPU {seconds[1]:6.2f} s)  "
        f"peak RSS {_rss_mib():6.0f} MiB "
        f"(before {before:4.0f})  {outcome}",
        flush=True,
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--build":
        kind = "accepted" if sys.argv[2].startswith("accepted") else sys.argv[2]
        Path(sys.argv[3]).write_bytes(build(kind))
        return
    cases = sys.argv[1:] or list(CASES)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "REMPART_DATA_DIR": tmp,
            "REMPART_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "rempart.settings",
        }
        for case in cases:
            # built in its own process: a child inherits its parent's RSS high-water mark
            path = Path(tmp) / f"{case}.json"
            subprocess.run([sys.executable, __file__, "--build", case, str(path)], check=True)
            subprocess.run(
                [sys.executable, __file__, "--child", case, str(path)], check=True, env=env
            )
            path.unlink()


if __name__ == "__main__":
    main()
