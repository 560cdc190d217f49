"""The reproducible ZIP: fixed bytes for fixed input, a manifest that verifies, a CMS signature."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from rempart.formats import bundle
from rempart.formats.bundle import BundleError, Signer, verify_bundle, write_bundle

FILES = {"b/two.txt": b"two\n", "a.html": b"<p>one</p>", "sbom/x.cdx.json": b"{}"}


def test_same_input_same_bytes_and_fixed_entry_metadata() -> None:
    first = write_bundle({"generated_at": "2026-12-05T10:00:00+00:00"}, FILES)
    assert first == write_bundle({"generated_at": "2026-12-05T10:00:00+00:00"}, dict(FILES))
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted([*FILES, "manifest.json"])
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_manifest_lists_every_file_with_its_hash_and_verifies() -> None:
    data = write_bundle({"generated_at": "t"}, FILES)
    check = verify_bundle(data)
    assert check.ok
    assert not check.signed
    listed = {f["path"]: f["sha256"] for f in check.manifest["files"]}
    assert listed == {p: hashlib.sha256(b).hexdigest() for p, b in FILES.items()}
    assert check.manifest["schema"] == bundle.MANIFEST_SCHEMA


def test_a_changed_or_added_file_is_named() -> None:
    data = write_bundle({"generated_at": "t"}, FILES)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            dst.writestr(info, b"tampered" if info.filename == "a.html" else content)
        dst.writestr("extra.txt", b"x")
    problems = {(p.field, p.message) for p in verify_bundle(out.getvalue()).problems}
    assert ("a.html", "SHA-256 differs from the manifest") in problems
    assert ("extra.txt", "in the bundle but not listed in the manifest") in problems


@pytest.mark.parametrize("path", ["../evil", "/abs", "a/../b", "manifest.json", ".hidden", "a b"])
def test_unsafe_paths_are_refused(path) -> None:
    with pytest.raises(BundleError):
        write_bundle({}, {path: b""})


def test_not_a_zip_is_a_format_error() -> None:
    with pytest.raises(BundleError):
        verify_bundle(b"PK\x03\x04 not really")


def _self_signed(tmp_path):  # type: ignore[no-untyped-def]
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Manufacturer SE")])
    now = datetime(2026, 12, 1, tzinfo=UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    (tmp_path / "cert.pem").write_bytes(cert_pem)
    return Signer(key_pem, cert_pem)


def test_detached_signature_over_the_manifest_verifies_with_openssl(tmp_path) -> None:
    signer = _self_signed(tmp_path)
    data = write_bundle({"generated_at": "t"}, FILES, signer)
    check = verify_bundle(data)
    assert check.ok
    assert check.signed
    # RSA without signed attributes: unchanged data, unchanged signature.
    assert data == write_bundle({"generated_at": "t"}, FILES, signer)
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(tmp_path / "x")
    result = subprocess.run(
        [
            "openssl",
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            str(tmp_path / "x" / "manifest.json.p7s"),
            "-content",
            str(tmp_path / "x" / "manifest.json"),
            "-CAfile",
            str(tmp_path / "cert.pem"),
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # A manifest changed after signing no longer verifies.
    manifest = json.loads((tmp_path / "x" / "manifest.json").read_text())
    manifest["generated_at"] = "forged"
    (tmp_path / "x" / "manifest.json").write_text(json.dumps(manifest))
    forged = subprocess.run(
        [
            "openssl",
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            str(tmp_path / "x" / "manifest.json.p7s"),
            "-content",
            str(tmp_path / "x" / "manifest.json"),
            "-CAfile",
            str(tmp_path / "cert.pem"),
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert forged.returncode != 0


def test_an_unreadable_key_is_a_format_error() -> None:
    with pytest.raises(BundleError, match="signing key"):
        write_bundle({}, FILES, Signer(b"not a key", b"not a cert"))
