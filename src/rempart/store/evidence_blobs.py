"""Evidence files on disk, addressed by their SHA-256 (store layer).

``<data dir>/evidence/ab/abcdef…`` — the name is the hash of the content, so no user input
ever reaches a path, identical files are kept once, and a file's integrity can be checked
against the hash recorded in the database.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

_HEX64 = re.compile(r"[0-9a-f]{64}")


def _path(root: Path, sha256: str) -> Path:
    if not _HEX64.fullmatch(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return root / "evidence" / sha256[:2] / sha256


def write(root: Path, data: bytes) -> tuple[str, bool]:
    """Store ``data``; return its SHA-256 and whether the file is new (to undo on rollback)."""
    sha256 = hashlib.sha256(data).hexdigest()
    target = _path(root, sha256)
    if target.exists():
        return sha256, False
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)  # atomic: readers see the whole file or none
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256, True


def read(root: Path, sha256: str) -> bytes | None:
    target = _path(root, sha256)
    if not target.is_file():
        return None
    data = target.read_bytes()
    # A file that no longer matches its address was changed on disk: never serve it.
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def delete(root: Path, sha256: str) -> None:
    _path(root, sha256).unlink(missing_ok=True)


def exists(root: Path, sha256: str) -> bool:
    return _path(root, sha256).is_file()
