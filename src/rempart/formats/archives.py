"""Hardened reading of advisory archives: ZIP, tar (optionally gzip) and gzip (adapter layer).

Advisory feeds arrive as archives (OSV's per-ecosystem ``all.zip``, tarballs of advisory
repositories). :func:`iter_archive` yields ``(member name, member bytes)`` pairs from archive
*bytes* without ever writing to disk, and refuses what could hurt:

- **path tricks**: absolute member names, ``..`` segments, drive letters and backslashes make
  the whole archive :class:`UnsafeArchive` (a hostile archive is not partly trusted);
  links, devices and FIFOs are skipped, never followed;
- **bombs**: every member is read in chunks against :attr:`ArchiveLimits.max_member_bytes`
  (never trusting the header's size), the running total against ``max_total_bytes`` and
  against ``max_ratio`` times the archive's own size, and the member count against
  ``max_members`` — any breach raises :class:`ArchiveTooLarge`;
- encrypted ZIP members are refused.

The limits are values, not settings: callers pass their own :class:`ArchiveLimits`.
"""

from __future__ import annotations

import gzip
import io
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from rempart.core.errors import FormatError, Problem

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """Caps for one archive. Defaults fit OSV's largest ``all.zip`` with room to spare."""

    max_members: int = 1_000_000
    max_member_bytes: int = 32 * 1024 * 1024
    max_total_bytes: int = 4 * 1024 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed; real OSV archives are about 12


DEFAULT_LIMITS = ArchiveLimits()


class ArchiveError(FormatError):
    """An archive could not be read: damaged, or of a kind we do not open."""

    kind = "format.archive"

    @classmethod
    def about(cls, where: str, message: str) -> ArchiveError:
        """One problem located at a member name (or ``(archive)``)."""
        return cls(f"{where}: {message}", [Problem(where, message)])


class UnsafeArchive(ArchiveError):
    """A member name tries to leave the archive (absolute path, ``..``, drive letter)."""

    kind = "format.archive.unsafe"


class ArchiveTooLarge(ArchiveError):
    """A size, count or compression-ratio cap was exceeded (a decompression bomb)."""

    kind = "format.archive.too_large"


def archive_kind(data: bytes) -> str | None:
    """``"zip"``, ``"tar"``, ``"gzip"`` (a gzip'd tar or file) by magic bytes, else ``None``."""
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return "zip"
    if data.startswith(GZIP_MAGIC):
        return "gzip"
    if len(data) > 262 and data[257:262] == b"ustar":
        return "tar"
    return None


def check_member_name(name: str) -> str:
    """Refuse member names that point outside the archive; return the name unchanged."""
    parts = name.replace("\\", "/").split("/")
    if (
        name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in parts
        or (len(name) > 1 and name[1] == ":")
        or "\x00" in name
    ):
        raise UnsafeArchive.about(name, "member path leaves the archive")
    return name


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes; empty at the end."""
        ...


class _Budget:
    """Running totals against the limits of one archive."""

    def __init__(self, compressed_size: int, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.total = 0
        self.members = 0
        self.ratio_cap = max(compressed_size, 1) * limits.max_ratio

    def count_member(self, name: str) -> None:
        """Count one member against ``max_members``."""
        self.members += 1
        if self.members > self.limits.max_members:
            raise ArchiveTooLarge.about(name, f"more than {self.limits.max_members:,} members")

    def read(self, name: str, stream: _Readable) -> bytes:
        """Read one member in chunks, stopping at the first byte past any cap."""
        chunks: list[bytes] = []
        size = 0
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            self.total += len(chunk)
            if size > self.limits.max_member_bytes:
                raise ArchiveTooLarge.about(
                    name, f"member larger than {self.limits.max_member_bytes:,} bytes"
                )
            if self.total > min(self.limits.max_total_bytes, self.ratio_cap):
                raise ArchiveTooLarge.about(
                    name, "archive expands beyond its size or ratio cap (a decompression bomb?)"
                )
            chunks.append(chunk)
        return b"".join(chunks)


def iter_archive(
    data: bytes, limits: ArchiveLimits = DEFAULT_LIMITS
) -> Iterator[tuple[str, bytes]]:
    """Yield ``(name, bytes)`` of every regular file in a ZIP, tar, tar.gz or .gz archive."""
    kind = archive_kind(data)
    budget = _Budget(len(data), limits)
    try:
        if kind == "zip":
            yield from _iter_zip(data, budget)
        elif kind in ("tar", "gzip"):
            yield from _iter_tar_or_gzip(data, budget)
        else:
            raise ArchiveError.about("(archive)", "not a ZIP, tar or gzip archive")
    except (zipfile.BadZipFile, tarfile.TarError, zlib.error, EOFError, OSError) as exc:
        raise ArchiveError.about("(archive)", f"damaged archive: {exc}") from exc


def _iter_zip(data: bytes, budget: _Budget) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = check_member_name(info.filename)
            budget.count_member(name)
            if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
                continue
            if info.flag_bits & 0x1:
                raise ArchiveError.about(name, "encrypted members are not supported")
            with archive.open(info) as stream:
                yield name, budget.read(name, stream)


def _iter_tar_or_gzip(data: bytes, budget: _Budget) -> Iterator[tuple[str, bytes]]:
    if data.startswith(GZIP_MAGIC) and not _gzip_holds_tar(data):
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            yield "(gzip)", budget.read("(gzip)", stream)
        return
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        for member in archive:
            name = check_member_name(member.name)
            budget.count_member(name)
            if not member.isfile():  # directories, links, devices: never followed
                continue
            extracted = archive.extractfile(member)
            if extracted is not None:
                yield name, budget.read(name, extracted)


def _gzip_holds_tar(data: bytes) -> bool:
    """Peek at the first decompressed block for the ustar magic."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            head = stream.read(512)
    except (OSError, EOFError, zlib.error):
        return False
    return len(head) >= 262 and head[257:262] == b"ustar"
