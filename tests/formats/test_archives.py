"""Hardened archive reading: path tricks, links, bombs, caps, damaged input."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile

import pytest

from rempart.formats.archives import (
    ArchiveError,
    ArchiveLimits,
    ArchiveTooLarge,
    UnsafeArchive,
    archive_kind,
    iter_archive,
)


def _zip(members: dict[str, bytes], *, symlink: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if symlink is not None:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16  # S_IFLNK
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def _tar_gz(members: dict[str, bytes], *, link: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        if link is not None:
            info = tarfile.TarInfo(link)
            info.type = tarfile.SYMTYPE
            info.linkname = "/etc/passwd"
            archive.addfile(info)
    return buffer.getvalue()


def test_zip_and_tar_gz_members_are_yielded_in_order() -> None:
    members = {"a/1.json": b"{}", "a/2.json": b"[]"}
    assert list(iter_archive(_zip(members))) == list(members.items())
    assert list(iter_archive(_tar_gz(members))) == list(members.items())


def test_plain_gzip_is_one_member() -> None:
    assert list(iter_archive(gzip.compress(b'{"id": "X"}'))) == [("(gzip)", b'{"id": "X"}')]


@pytest.mark.parametrize(
    "name", ["../evil.json", "/etc/passwd", "a/../../b.json", "C:/x.json", "a\\..\\b"]
)
def test_path_tricks_refuse_the_whole_archive(name: str) -> None:
    with pytest.raises(UnsafeArchive):
        list(iter_archive(_zip({"ok.json": b"{}", name: b"{}"})))


def test_tar_path_traversal_is_refused() -> None:
    with pytest.raises(UnsafeArchive):
        list(iter_archive(_tar_gz({"../../etc/cron.d/x": b"x"})))


def test_links_are_skipped_not_followed() -> None:
    assert [n for n, _ in iter_archive(_zip({"a.json": b"{}"}, symlink="link.json"))] == ["a.json"]
    assert [n for n, _ in iter_archive(_tar_gz({"a.json": b"{}"}, link="link.json"))] == ["a.json"]


def test_zip_bomb_is_refused_by_ratio() -> None:
    bomb = _zip({"bomb.json": b"0" * 5_000_000})  # ~1000:1
    with pytest.raises(ArchiveTooLarge, match="ratio"):
        list(iter_archive(bomb))


def test_member_and_count_caps() -> None:
    limits = ArchiveLimits(max_members=2, max_member_bytes=10, max_ratio=10_000)
    with pytest.raises(ArchiveTooLarge, match="larger than"):
        list(iter_archive(_zip({"a.json": b"x" * 11}), limits))
    with pytest.raises(ArchiveTooLarge, match="members"):
        list(iter_archive(_zip({"a": b"", "b": b"", "c": b""}), limits))


def test_total_cap() -> None:
    limits = ArchiveLimits(max_total_bytes=15, max_ratio=10_000)
    with pytest.raises(ArchiveTooLarge):
        list(iter_archive(_tar_gz({"a": b"x" * 10, "b": b"y" * 10}), limits))


def test_damaged_and_foreign_input() -> None:
    with pytest.raises(ArchiveError, match="damaged"):
        list(iter_archive(_zip({"a.json": b"{}"})[:30]))
    with pytest.raises(ArchiveError, match="not a ZIP"):
        list(iter_archive(b"hello"))
    assert archive_kind(b"{}") is None
