"""The technical documentation as one reproducible ZIP with a manifest (formats layer).

:func:`write_bundle` takes the files (path → bytes) and the manifest's header fields and writes
a ZIP whose bytes depend on nothing else: entries in sorted order, a fixed timestamp
(1980-01-01, the ZIP epoch) and fixed permissions on every entry, DEFLATE at a fixed level, no
extra fields. ``manifest.json`` lists every file with its size and SHA-256 and carries the
generation time, the one value that changes between two exports of unchanged data.

The optional detached signature ``manifest.json.p7s`` is a CMS (PKCS #7) signature over the
manifest bytes, made with the manufacturer's key and certificate; since the manifest holds the
hash of every file, it covers them all. It verifies with
``openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json``.
:func:`verify_bundle` recomputes every hash and reports each discrepancy.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rempart.core.errors import FormatError, Problem

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.p7s"
MANIFEST_SCHEMA = "rempart.technical-file-manifest/1"
_EPOCH = (1980, 1, 1, 0, 0, 0)
_SAFE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*(/[A-Za-z0-9][A-Za-z0-9._\-]*)*$")
MAX_BUNDLE_MEMBERS = 10_000
MAX_MEMBER_BYTES = 512 * 1024 * 1024


class BundleError(FormatError):
    kind = "format.bundle"


@dataclass(frozen=True, slots=True)
class Signer:
    """A PEM private key and its PEM certificate (chain optional) for the detached signature."""

    key_pem: bytes
    certificate_pem: bytes


def manifest_bytes(header: Mapping[str, Any], files: Mapping[str, bytes]) -> bytes:
    """The manifest: ``header`` fields, then every file with its size and SHA-256, sorted."""
    listing = [
        {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for path, data in sorted(files.items())
    ]
    document = {"schema": MANIFEST_SCHEMA, **header, "files": listing}
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()


def write_bundle(
    header: Mapping[str, Any], files: Mapping[str, bytes], signer: Signer | None = None
) -> bytes:
    """The ZIP of ``files`` plus ``manifest.json`` (and its signature when ``signer`` is given)."""
    for path in files:
        if not _SAFE_PATH.match(path) or path in (MANIFEST, SIGNATURE) or ".." in path:
            raise BundleError(f"not a safe bundle path: {path[:100]!r}")
    manifest = manifest_bytes(header, files)
    members = dict(files)
    members[MANIFEST] = manifest
    if signer is not None:
        members[SIGNATURE] = sign(manifest, signer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(members):
            info = zipfile.ZipInfo(path, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            info.create_system = 3  # Unix, whatever system wrote it
            archive.writestr(info, members[path], compresslevel=9)
    return out.getvalue()


def sign(data: bytes, signer: Signer) -> bytes:
    """A detached CMS signature (DER) over ``data``, without signed attributes.

    Without attributes (no signing time) an RSA signature over unchanged data is unchanged too;
    the signing time is the manifest's generation time, which the signature covers.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    try:
        key = serialization.load_pem_private_key(signer.key_pem, password=None)
        certificates = x509.load_pem_x509_certificates(signer.certificate_pem)
    except (ValueError, TypeError) as error:
        raise BundleError(f"the signing key or certificate cannot be read: {error}") from error
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data)
    builder = builder.add_signer(certificates[0], key, hashes.SHA256())  # type: ignore[arg-type]
    for extra in certificates[1:]:
        builder = builder.add_certificate(extra)
    options = [
        pkcs7.PKCS7Options.DetachedSignature,
        pkcs7.PKCS7Options.Binary,
        pkcs7.PKCS7Options.NoAttributes,
    ]
    return bytes(builder.sign(serialization.Encoding.DER, options))


@dataclass(frozen=True, slots=True)
class BundleCheck:
    manifest: dict[str, Any]
    problems: tuple[Problem, ...]
    signed: bool

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bundle(data: bytes) -> BundleCheck:
    """Recompute every file's SHA-256 and size against the manifest; name each discrepancy."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise BundleError(f"not a ZIP file: {error}") from error
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_BUNDLE_MEMBERS:
            raise BundleError(f"more than {MAX_BUNDLE_MEMBERS} files")
        if any(i.file_size > MAX_MEMBER_BYTES for i in infos):
            raise BundleError("a file is larger than the bundle limit")
        names = {i.filename for i in infos}
        if MANIFEST not in names:
            raise BundleError("the bundle has no manifest.json")
        try:
            manifest = json.loads(archive.read(MANIFEST))
            listed = {f["path"]: f for f in manifest["files"]}
        except (ValueError, KeyError, TypeError) as error:
            raise BundleError(f"manifest.json cannot be read: {error}") from error
        problems: list[Problem] = []
        for path, entry in sorted(listed.items()):
            if path not in names:
                problems.append(Problem(path, "listed in the manifest but not in the bundle"))
                continue
            content = archive.read(path)
            if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
                problems.append(Problem(path, "SHA-256 differs from the manifest"))
            if len(content) != entry.get("size"):
                problems.append(Problem(path, "size differs from the manifest"))
        problems.extend(
            Problem(name, "in the bundle but not listed in the manifest")
            for name in sorted(names - set(listed) - {MANIFEST, SIGNATURE})
        )
        return BundleCheck(manifest, tuple(problems), SIGNATURE in names)
