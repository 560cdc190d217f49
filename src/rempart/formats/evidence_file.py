"""Evidence files: which kinds are accepted, judged from their content (formats layer).

An evidence file is kept for ten years in the technical documentation (Art. 13(13)) and is
downloaded by auditors, so only inert, well-known kinds are accepted: PDF, PNG, JPEG, plain
text, Markdown, CSV and JSON. The kind is detected from the bytes; the file name's extension
must agree with it (a ``.pdf`` that is really HTML is refused). Everything else — HTML, SVG,
archives, executables, office documents with macros — is refused.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from rempart.core.errors import FormatError, Problem


class EvidenceFileRefused(FormatError):
    """The file is not of an accepted kind, or is too large."""


@dataclass(frozen=True, slots=True)
class EvidenceKind:
    media_type: str
    label: str
    extensions: tuple[str, ...]


PDF = EvidenceKind("application/pdf", "PDF", (".pdf",))
PNG = EvidenceKind("image/png", "PNG image", (".png",))
JPEG = EvidenceKind("image/jpeg", "JPEG image", (".jpg", ".jpeg"))
TEXT = EvidenceKind("text/plain", "plain text", (".txt", ".log", ".text", ""))
MARKDOWN = EvidenceKind("text/markdown", "Markdown", (".md", ".markdown"))
CSV = EvidenceKind("text/csv", "CSV", (".csv",))
JSON = EvidenceKind("application/json", "JSON", (".json",))
ACCEPTED = (PDF, PNG, JPEG, TEXT, MARKDOWN, CSV, JSON)
ACCEPTED_LABEL = "PDF, PNG, JPEG, plain text, Markdown, CSV or JSON"

MAX_NAME = 150
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._ ()+-]+")
# Text markers of kinds that a browser could run if the download were ever rendered inline.
_ACTIVE_TEXT = re.compile(rb"<\s*(?:!doctype\s+html|html|script|svg|iframe)\b", re.IGNORECASE)


def safe_file_name(name: str) -> str:
    """The last path segment, reduced to harmless characters; never empty, never hidden."""
    last = re.split(r"[\\/]", name or "")[-1]
    ascii_name = unicodedata.normalize("NFKD", last).encode("ascii", "ignore").decode()
    cleaned = _UNSAFE_NAME.sub("_", ascii_name).strip(" .")
    cleaned = re.sub(r"_+", "_", cleaned)
    if len(cleaned) > MAX_NAME:
        stem, suffix = PurePosixPath(cleaned).stem, PurePosixPath(cleaned).suffix[:12]
        cleaned = stem[: MAX_NAME - len(suffix)] + suffix
    return cleaned or "evidence"


def _text(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text):
        return None
    return text


def _looks_like_csv(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()][:50]
    if not lines:
        return False
    for delimiter in (",", ";", "\t"):
        counts = {line.count(delimiter) for line in lines}
        if len(counts) == 1 and counts.pop() > 0:
            return True
    return False


def _refuse(message: str) -> EvidenceFileRefused:
    return EvidenceFileRefused(message, [Problem("file", message)])


def detect(data: bytes, file_name: str) -> EvidenceKind:
    """The accepted kind of ``data``, or :class:`EvidenceFileRefused` saying why not."""
    if not data:
        raise _refuse("the file is empty")
    suffix = PurePosixPath(safe_file_name(file_name)).suffix.lower()
    kind = _binary_kind(data)
    if kind is None:
        kind = _text_kind(data, suffix)
    if suffix not in kind.extensions:
        raise _refuse(
            f"the content is {kind.label} but the name ends in {suffix or '(nothing)'!r}; "
            f"name it {kind.extensions[0] or '.txt'}"
        )
    return kind


def _binary_kind(data: bytes) -> EvidenceKind | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def _text_kind(data: bytes, suffix: str) -> EvidenceKind:
    text = _text(data)
    if text is None:
        raise _refuse(f"not an accepted kind of file; accepted: {ACCEPTED_LABEL}")
    if _ACTIVE_TEXT.search(data[:4096]):
        raise _refuse("HTML, SVG and script content is not accepted as evidence")
    if suffix == ".json":
        try:
            json.loads(text)
        except ValueError as exc:
            raise _refuse(f"the name ends in .json but the content is not JSON ({exc})") from None
        return JSON
    if suffix == ".csv":
        if not _looks_like_csv(text):
            raise _refuse("the name ends in .csv but the rows have no consistent delimiter")
        return CSV
    if suffix in MARKDOWN.extensions:
        return MARKDOWN
    if suffix in TEXT.extensions:
        return TEXT
    raise _refuse(
        f"a text file named {suffix!r} is not accepted; accepted: {ACCEPTED_LABEL} "
        "(.txt, .md, .csv, .json for text)"
    )


def check_size(size: int, limit: int) -> None:
    if size > limit:
        raise _refuse(f"{size:,} bytes; the evidence size limit is {limit:,} bytes")
