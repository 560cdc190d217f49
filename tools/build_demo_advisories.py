"""Build the demo's advisory sample from the shared data (run by hand; output is committed).

Keeps exactly the OSV records that affect a component of a demo SBOM, and the KEV entries
and CVE records (CISA Vulnrichment) of their CVE aliases, so ``rempart demo`` shows real findings offline — a known-exploited one
among them — with a few hundred kilobytes instead of the whole databases.

Usage: ``python tools/build_demo_advisories.py [shared/data]``
"""

from __future__ import annotations

import json
import sys
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from rempart.core.index import AdvisoryIndex
from rempart.core.matching import match_components
from rempart.formats.osv import read_osv_path
from rempart.formats.sbom import parse_sbom

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "src" / "rempart" / "demo_data"


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else REPO.parent / "shared" / "data"
    imports = [
        read_osv_path(p, keep_documents=True)
        for p in sorted((shared / "advisories" / "osv").glob("*.tar.gz"))
    ]
    records = [r for i in imports for r in i.vulnerabilities]
    documents = {k: v for i in imports for k, v in i.documents.items()}
    index = AdvisoryIndex.build(records)
    wanted: set[str] = set()
    for sbom in sorted((DEMO / "sboms").glob("*.json")):
        document = parse_sbom(sbom.read_bytes())
        result = match_components(document.components, index, now=datetime.now(UTC))
        for finding in result.findings:
            # A merged vulnerability may stand for several records: keep every record of it.
            wanted.update(i for i in finding.vulnerability.ids if i in documents)
    kept = [documents[i] for i in sorted(wanted)]
    cves = {
        alias
        for doc in kept
        for alias in [doc["id"], *doc.get("aliases", [])]
        if alias.startswith("CVE-")
    }
    kev = json.loads(
        (shared / "advisories" / "kev" / "known_exploited_vulnerabilities.json").read_bytes()
    )
    kev_kept = [v for v in kev["vulnerabilities"] if v["cveID"] in cves]
    target = DEMO / "advisories"
    target.mkdir(exist_ok=True)
    (target / "osv-sample.json").write_text(json.dumps(kept, indent=1, sort_keys=True) + "\n")
    sample = {
        **{k: v for k, v in kev.items() if k != "vulnerabilities"},
        "count": len(kev_kept),
        "vulnerabilities": kev_kept,
    }
    (target / "kev-sample.json").write_text(json.dumps(sample, indent=1) + "\n")
    cve_records = _cve_records(shared / "advisories" / "cve" / "vulnrichment-subset.tar.gz", cves)
    (target / "cve-sample.json").write_text(
        json.dumps(cve_records, indent=1, sort_keys=True) + "\n"
    )
    print(f"{len(kept)} OSV records, {len(kev_kept)} KEV entries, {len(cve_records)} CVE records")
    return 0


def _cve_records(archive: Path, cves: set[str]) -> list[dict[str, object]]:
    """The CVE records (CISA Vulnrichment) of the demo's CVE ids, unchanged, sorted by id."""
    found: dict[str, dict[str, object]] = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            name = member.name.rsplit("/", 1)[-1].removesuffix(".json")
            if member.isfile() and name in cves:
                handle = tar.extractfile(member)
                if handle is not None:
                    found[name] = json.loads(handle.read())
    return [found[k] for k in sorted(found)]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
