"""Evidence files: kinds detected from content, names made safe, everything else refused."""

from __future__ import annotations

import pytest

from rempart.formats.evidence_file import EvidenceFileRefused, check_size, detect, safe_file_name

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


@pytest.mark.parametrize(
    ("data", "name", "media_type"),
    [
        (b"%PDF-1.7\n...", "report.pdf", "application/pdf"),
        (PNG, "shot.png", "image/png"),
        (b"\xff\xd8\xff\xe0JFIF", "photo.JPG", "image/jpeg"),
        (b"plain words\n", "notes.txt", "text/plain"),
        (b"# Title\n\ntext", "policy.md", "text/markdown"),
        (b"a,b,c\n1,2,3\n", "table.csv", "text/csv"),
        (b'{"ok": true}', "data.json", "application/json"),
    ],
)
def test_accepted_kinds(data: bytes, name: str, media_type: str) -> None:
    assert detect(data, name).media_type == media_type


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "empty.txt"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "tool.exe"),
        (b"PK\x03\x04zip", "archive.zip"),
        (b"<html><script>alert(1)</script></html>", "report.pdf"),
        (b"<!DOCTYPE html><p>hi</p>", "page.txt"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image.md"),
        (b"%PDF-1.7", "report.txt"),  # content and name disagree
        (PNG, "image.pdf"),
        (b"{not json", "data.json"),
        (b"no delimiter\nat all\n", "table.csv"),
        (b"text", "page.html"),
        (b"\x00\x01\x02binary", "blob.txt"),
    ],
)
def test_refused(data: bytes, name: str) -> None:
    with pytest.raises(EvidenceFileRefused) as refused:
        detect(data, name)
    assert refused.value.problems[0].field == "file"


def test_size_limit() -> None:
    check_size(10, 10)
    with pytest.raises(EvidenceFileRefused, match="limit is 10 bytes"):
        check_size(11, 10)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\evil.pdf", "evil.pdf"),
        (".hidden.txt", "hidden.txt"),
        ("", "evidence"),
        ("..", "evidence"),
        ("Résumé <script>.pdf", "Resume _script_.pdf"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_safe_file_names(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe
