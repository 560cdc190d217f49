"""The CSAF provider directory (CSAF 2.0 §7.1), written atomically (services layer).

Layout (served under ``/.well-known/csaf/``, exportable as a folder)::

    provider-metadata.json                      §7.1.7, §7.1.9
    white/index.txt                             §7.1.12  every document, one path a line
    white/changes.csv                           §7.1.13  path, current release date; newest first
    white/<year>/<tracking-id>.json             §7.1.11  folder per year of the initial release
    white/<year>/<tracking-id>.json.sha256      §7.1.18  "<hex>  <file name>"
    white/<year>/<tracking-id>.json.sha512
    white/<year>/<tracking-id>.json.asc         §7.1.19  when a signing key is configured
    white/csaf-feed-tlp-white.json              §7.1.15  ROLIE feed
    openpgp/<fingerprint>.asc                   §7.1.20  the public key

Only TLP:WHITE (TLP:CLEAR) advisories are published here: the directory is public, and
advisories with another label need access control that a static folder does not give.

Atomicity: every write builds a complete new tree in ``<data dir>/csaf/releases/<stamp>``,
then swaps the ``current`` symlink to it with ``os.replace`` (a rename: readers see the old
tree or the new one, never a half-written one), then removes trees older than the previous.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rempart import __version__
from rempart.core.csaf import filename_for, iso
from rempart.core.errors import InvalidInput, NotFound
from rempart.formats import vex_schemas
from rempart.formats.csaf import to_bytes
from rempart.formats.openpgp import sign_detached
from rempart.services.accounts.authz import Action, require
from rempart.services.advisories import settings as csaf_settings
from rempart.services.context import ServiceContext
from rempart.store.repositories import security_advisories as repo

WELL_KNOWN = "/.well-known/csaf"
FEED = "csaf-feed-tlp-white.json"


@dataclass(frozen=True, slots=True)
class DirectoryOutcome:
    path: Path
    documents: int
    signed: bool


def root(ctx: ServiceContext) -> Path:
    return ctx.settings.require_data_dir() / "csaf"


def current(ctx: ServiceContext) -> Path | None:
    link = root(ctx) / "current"
    return link.resolve() if link.exists() else None


def base_url(ctx: ServiceContext) -> str:
    return f"{ctx.settings.base_url}{WELL_KNOWN}" if ctx.settings.base_url else WELL_KNOWN


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_directory(ctx: ServiceContext) -> DirectoryOutcome:
    """Rebuild the whole directory from the published revisions and swap it in atomically."""
    require(ctx, Action.WRITE)
    now = ctx.clock.now()
    releases = root(ctx) / "releases"
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    tree = releases / stamp
    suffix = 0
    while tree.exists():
        suffix += 1
        tree = releases / f"{stamp}-{suffix}"
    tree.mkdir(parents=True)
    key = csaf_settings.signing_key(ctx)
    url = base_url(ctx)
    entries: list[tuple[str, dict[str, Any]]] = []
    for tracking_id, revision in repo.published_documents():
        document = revision.document
        if document["document"]["distribution"]["tlp"]["label"] != "WHITE":
            continue
        year = document["document"]["tracking"]["initial_release_date"][:4]
        relative = f"{year}/{filename_for(tracking_id)}"
        data = to_bytes(document)
        target = tree / "white" / relative
        _write(target, data)
        name = target.name
        _write(
            target.with_name(name + ".sha256"),
            f"{hashlib.sha256(data).hexdigest()}  {name}\n".encode(),
        )
        _write(
            target.with_name(name + ".sha512"),
            f"{hashlib.sha512(data).hexdigest()}  {name}\n".encode(),
        )
        if key is not None:
            _write(target.with_name(name + ".asc"), sign_detached(key, data))
        entries.append((relative, document))
    entries.sort(key=lambda e: e[1]["document"]["tracking"]["current_release_date"], reverse=True)
    _write(tree / "white" / "index.txt", "".join(f"{r}\n" for r, _ in sorted(entries)).encode())
    changes = "".join(
        f'"{r}","{d["document"]["tracking"]["current_release_date"]}"\n' for r, d in entries
    )
    _write(tree / "white" / "changes.csv", changes.encode())
    _write(tree / "white" / FEED, _json(_feed(entries, url, now)))
    if key is not None:
        _write(tree / "openpgp" / f"{key.fingerprint}.asc", key.public_key)
    metadata = _provider_metadata(url, key.fingerprint if key else "", now)
    problems = vex_schemas.problems(metadata, "provider_json_schema.json")
    if problems:
        shutil.rmtree(tree, ignore_errors=True)
        raise InvalidInput(f"the provider metadata would be invalid: {problems[0]}", problems)
    _write(tree / "provider-metadata.json", _json(metadata))
    _swap(root(ctx), tree)
    return DirectoryOutcome(tree, len(entries), key is not None)


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _swap(base: Path, tree: Path) -> None:
    link = base / "current"
    previous = link.resolve() if link.exists() else None
    temporary = base / f".current-{tree.name}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(Path("releases") / tree.name, temporary)
    os.replace(temporary, link)  # atomic: readers see the old tree or the new one
    keep = {tree.resolve(), previous}
    for old in (base / "releases").iterdir():
        if old.resolve() not in keep:
            shutil.rmtree(old, ignore_errors=True)


def _feed(entries: list[tuple[str, dict[str, Any]]], url: str, now: Any) -> dict[str, Any]:
    return {
        "feed": {
            "id": "csaf-feed-tlp-white",
            "title": "CSAF feed (TLP:WHITE)",
            "link": [{"rel": "self", "href": f"{url}/white/{FEED}"}],
            "category": [
                {"scheme": "urn:ietf:params:rolie:category:information-type", "term": "csaf"}
            ],
            "updated": iso(now),
            "entry": [
                {
                    "id": d["document"]["tracking"]["id"],
                    "title": d["document"]["title"],
                    "link": [
                        {"rel": "self", "href": f"{url}/white/{r}"},
                        {"rel": "hash", "href": f"{url}/white/{r}.sha512"},
                        {"rel": "signature", "href": f"{url}/white/{r}.asc"},
                    ],
                    "published": d["document"]["tracking"]["initial_release_date"],
                    "updated": d["document"]["tracking"]["current_release_date"],
                    "summary": {"content": d["document"]["title"]},
                    "content": {"type": "application/json", "src": f"{url}/white/{r}"},
                    "format": {
                        "schema": "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json",
                        "version": "2.0",
                    },
                }
                for r, d in entries
            ],
        }
    }


def _provider_metadata(url: str, fingerprint: str, now: Any) -> dict[str, Any]:
    saved = csaf_settings.effective(repo.settings())
    metadata: dict[str, Any] = {
        "canonical_url": f"{url}/provider-metadata.json",
        "distributions": [{
            "directory_url": f"{url}/white/",
            "rolie": {"feeds": [{"summary": "All TLP:WHITE advisories", "tlp_label": "WHITE",
                                 "url": f"{url}/white/{FEED}"}]},
        }],
        "last_updated": iso(now),
        "list_on_CSAF_aggregators": True,
        "metadata_version": "2.0",
        "mirror_on_CSAF_aggregators": True,
        "publisher": {"category": saved.publisher_category or "vendor",
                      "name": saved.publisher_name or "unnamed publisher",
                      "namespace": saved.publisher_namespace or "https://rempart.invalid"},
        "role": "csaf_provider",
    }  # fmt: skip
    if fingerprint:
        metadata["public_openpgp_keys"] = [
            {"fingerprint": fingerprint, "url": f"{url}/openpgp/{fingerprint}.asc"}
        ]
    return metadata


def read_file(ctx: ServiceContext, relative: str) -> tuple[bytes, str]:
    """A file of the published directory for the public URL; refuses paths outside it."""
    tree = current(ctx)
    if tree is None:
        raise NotFound("no CSAF provider directory is published yet")
    target = (tree / relative).resolve()
    if not target.is_relative_to(tree) or not target.is_file():
        raise NotFound(f"no {relative!r} in the CSAF provider directory")
    media = "application/json" if target.suffix == ".json" else "text/plain; charset=utf-8"
    if target.suffix == ".csv":
        media = "text/csv; charset=utf-8"
    return target.read_bytes(), media


def export_directory(ctx: ServiceContext, destination: Path) -> int:
    """Copy the current directory to ``destination`` (must not exist); return the file count."""
    require(ctx, Action.READ)
    tree = current(ctx)
    if tree is None:
        raise NotFound("no CSAF provider directory is published yet")
    if destination.exists():
        raise InvalidInput.single("destination", f"{destination} exists; choose a new folder")
    shutil.copytree(tree, destination)
    return sum(1 for p in destination.rglob("*") if p.is_file())


def provider_metadata_url(ctx: ServiceContext) -> str | None:
    """The provider-metadata URL for security.txt's CSAF field, once a directory is published."""
    if current(ctx) is None or not ctx.settings.base_url.startswith("https://"):
        return None
    return f"{base_url(ctx)}/provider-metadata.json"


__all__ = ["__version__"]


@dataclass(frozen=True, slots=True)
class PublicAdvisory:
    tracking_id: str
    title: str
    published_at: Any
    severity: str  # "Critical", "High", … from the document's CVSS scores; "Unknown" without
    url: str


_WEIGHT = {"CRITICAL": 4, "HIGH": 3, "MEDIUM": 2, "LOW": 1, "NONE": 0}


def public_advisories(ctx: ServiceContext, product_slug: str) -> list[PublicAdvisory]:
    """A product's published TLP:WHITE advisories for its public page, newest first."""
    found = []
    for tracking_id, title, first, document in repo.published_for_product(product_slug):
        if document["document"]["distribution"]["tlp"]["label"] != "WHITE":
            continue
        severities = [
            str(s.get("cvss_v3", {}).get("baseSeverity", "")).upper()
            for v in document.get("vulnerabilities", [])
            for s in v.get("scores", [])
        ]
        known = [s for s in severities if s in _WEIGHT]
        severity = max(known, key=_WEIGHT.__getitem__).capitalize() if known else "Unknown"
        year = document["document"]["tracking"]["initial_release_date"][:4]
        url = f"{base_url(ctx)}/white/{year}/{filename_for(tracking_id)}"
        found.append(PublicAdvisory(tracking_id, title, first, severity, url))
    return found
