"""What reading OSV input produced: records, skipped records and why (adapter layer).

The value types of :mod:`rempart.formats.osv` (which re-exports them): an import's outcome,
the reasons a record is skipped, and the error one record raises.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from rempart.core.advisory import Vulnerability
from rempart.core.errors import FormatError, Problem, writable
from rempart.core.index import AdvisorySource
from rempart.core.versions.purls import PackageKey
from rempart.formats.errors import MalformedDocument


class SkipReason(StrEnum):
    """Why a record was skipped."""

    MALFORMED = "malformed"  # not JSON / YAML (or YAML with aliases), or not an object
    MISSING_ID = "missing_id"
    BAD_FIELD = "bad_field"  # a field of the wrong type or an unreadable timestamp
    BAD_TEXT = "bad_text"  # NUL, a lone surrogate, or an identifier too long to store
    BAD_RANGE = "bad_range"  # events that break the schema
    UNKNOWN_RANGE_TYPE = "unknown_range_type"
    INVALID_VERSION = "invalid_version"  # an event version its ecosystem cannot parse
    TOO_LARGE = "too_large"


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """One record left out of an import, with where, why and which packages it named."""

    name: str
    record_id: str | None
    reason: SkipReason
    detail: str
    packages: tuple[PackageKey, ...] = ()

    def __post_init__(self) -> None:
        # Quoted from hostile input: kept writable for terminals, logs and JSON.
        object.__setattr__(self, "name", writable(self.name))
        if self.record_id is not None:
            object.__setattr__(self, "record_id", writable(self.record_id))
        object.__setattr__(self, "detail", writable(self.detail))


@dataclass(frozen=True, slots=True)
class OsvImport:
    """The outcome of reading OSV input: records, skipped records, files not read."""

    vulnerabilities: tuple[Vulnerability, ...]
    skipped: tuple[SkippedRecord, ...] = ()
    ignored_files: tuple[str, ...] = ()  # LICENSE, README, nested archives, ...
    # The original objects of the records read, by id (only with ``keep_documents``): the
    # workspace stores them so it can rebuild its index from exactly what was published.
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def skip_counts(self) -> Counter[SkipReason]:
        """How many records were skipped, per reason."""
        return Counter(s.reason for s in self.skipped)

    def unreadable_packages(self) -> dict[PackageKey, tuple[str, ...]]:
        """Packages named by skipped records, with the skipped record ids (or file names)."""
        found: dict[PackageKey, set[str]] = {}
        for skipped in self.skipped:
            for key in skipped.packages:
                found.setdefault(key, set()).add(skipped.record_id or skipped.name)
        return {key: tuple(sorted(ids)) for key, ids in found.items()}

    def require_readable(self, name: str) -> None:
        """Refuse input of which nothing could be read, though something was there.

        A truncated or damaged file (or every file of a directory) must not stand for "this
        source has no advisories": that would wipe a source on import and call every
        component clean on a scan. Input with no record at all and nothing skipped (an
        empty list, an archive without records) passes; importers judge emptiness.
        """
        if self.vulnerabilities or not self.skipped:
            return
        first = self.skipped[0]
        where = first.name if first.record_id is None else f"{first.name} ({first.record_id})"
        raise MalformedDocument(
            f"{name}: no readable OSV record ({len(self.skipped)} skipped, first: {where}: "
            f"{first.detail})",
            [Problem(s.name, f"{s.reason}: {s.detail}") for s in self.skipped[:50]],
        )

    def source(self, name: str, *, retrieved_at: datetime | None = None) -> AdvisorySource:
        """Describe this import as an advisory source (ecosystems, count, freshness).

        Ecosystems named only by skipped records count as covered too, so their components
        are reported "unreadable advisory" rather than "no source".
        """
        named = {k.ecosystem for s in self.skipped for k in s.packages}
        return AdvisorySource.from_records(
            name,
            self.vulnerabilities,
            retrieved_at=retrieved_at,
            skipped_records=len(self.skipped),
            ecosystems=named,
        )


class InvalidOsvRecord(FormatError):
    """One OSV record cannot be used. :func:`read_osv` turns it into a :class:`SkippedRecord`;
    :func:`parse_record` lets it propagate to callers that import a single record."""

    kind = "format.osv"

    def __init__(self, reason: SkipReason, detail: str, packages: tuple[PackageKey, ...] = ()):
        super().__init__(detail, [Problem(reason.value, detail)])
        self.reason = reason
        self.packages = packages
