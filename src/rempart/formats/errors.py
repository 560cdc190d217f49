"""Why an input was refused: the located errors of ``rempart.formats`` (adapter layer).

Every error names *where* the problem is, in the form that fits the input:

- a JSON pointer into the document (``/components/12/purl``),
- a line and column (``line 3, column 17``) for syntax errors and tag-value input,
- an element path (``/bom/components/component[4]``) for XML,
- a byte offset or ``(document)`` when the whole input is at fault.

The tree (all under :class:`rempart.core.errors.FormatError`)::

    FormatError
    └── LocatedFormatError       .location; one Problem per located defect
        ├── InputTooLarge        byte or nesting cap hit before parsing finished
        ├── UnsafeXml            DTD, entity declaration or external reference refused
        ├── UnsafeYaml           YAML anchor or alias refused (alias bombs)
        ├── UnrecognizedFormat   not an SBOM we know (binary, ZIP, gzip, other JSON/XML)
        ├── UnsupportedVersion   a known format, but a spec version we do not read
        ├── MalformedDocument    not well-formed JSON / XML / tag-value
        ├── SchemaViolation      well-formed, but breaks the format's schema
        └── InconsistentDocument breaks a rule of the format no schema checks
                                 (duplicate bom-refs with different content, ...)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

from rempart.core.errors import FormatError, Problem

#: how the whole input is named when no finer location exists
WHOLE_DOCUMENT = "(document)"


class LocatedFormatError(FormatError):
    """A format error whose first problem says where; ``location`` repeats that place."""

    kind = "format"

    def __init__(self, message: str, problems: Sequence[Problem]) -> None:
        if not problems:
            problems = [Problem(field=WHOLE_DOCUMENT, message=message)]
        super().__init__(message, problems)
        self.location: str = self.problems[0].field

    @classmethod
    def at(cls, location: str, message: str, citation: str | None = None) -> Self:
        """One problem at one place; the message starts with the place."""
        return cls(f"{location}: {message}", [Problem(location, message, citation)])


class InputTooLarge(LocatedFormatError):
    """The input is bigger (or nests deeper) than the configured cap."""

    kind = "format.too_large"


class UnsafeXml(LocatedFormatError):
    """XML that declares a DTD or entities, or points at external resources."""

    kind = "format.unsafe_xml"


class UnsafeYaml(LocatedFormatError):
    """YAML with anchors or aliases (a few hundred bytes can expand to gigabytes)."""

    kind = "format.unsafe_yaml"


class UnrecognizedFormat(LocatedFormatError):
    """Not a CycloneDX or SPDX document (for example a ZIP archive or a PDF)."""

    kind = "format.unrecognized"


class UnsupportedVersion(LocatedFormatError):
    """A known format in a spec version this release cannot read."""

    kind = "format.unsupported_version"


class MalformedDocument(LocatedFormatError):
    """Not well-formed: truncated JSON, broken XML, a tag-value syntax error."""

    kind = "format.malformed"


class SchemaViolation(LocatedFormatError):
    """Well-formed, but violates the format's schema (problems carry JSON pointers)."""

    kind = "format.schema"


class InconsistentDocument(LocatedFormatError):
    """Schema-valid, but internally contradictory (e.g. one bom-ref for two components)."""

    kind = "format.inconsistent"


class WarningLog:
    """Located warnings about data that is still usable, capped so a bad SBOM stays readable.

    The first :attr:`cap` problems are kept; the rest are counted and summarized in one
    final problem, so a 10,000-component SBOM with one systematic defect does not produce
    10,000 lines.
    """

    def __init__(self, cap: int = 500) -> None:
        self.cap = cap
        self._problems: list[Problem] = []
        self._dropped = 0

    def add(self, location: str, message: str, citation: str | None = None) -> None:
        """Record one warning at ``location`` (a JSON pointer, XML path or line)."""
        if len(self._problems) < self.cap:
            self._problems.append(Problem(location, message, citation))
        else:
            self._dropped += 1

    def problems(self) -> tuple[Problem, ...]:
        """The kept warnings, plus a summary line when some were dropped."""
        if not self._dropped:
            return tuple(self._problems)
        summary = Problem(WHOLE_DOCUMENT, f"{self._dropped} further warnings not shown")
        return (*self._problems, summary)


def schema_verdict(
    what: str, structural: Sequence[Problem], values: Sequence[Problem], *, strict: bool
) -> tuple[Problem, ...]:
    """Refuse structural faults (always) and value-format violations (in strict mode only).

    Returns the tolerated violations, which the reader reports as warnings and quality
    defects while keeping the offending values as written (docs/sbom-quality.md).
    """
    if structural:
        raise SchemaViolation(
            f"not a valid {what}: {structural[0]} (a structural fault: the document cannot "
            "be read as its format defines it)",
            structural,
        )
    if values and strict:
        raise SchemaViolation(
            f"{what}: {len(values)} schema violation(s) refused in strict mode; first: {values[0]}",
            values,
        )
    return tuple(values)


#: located problems listed in one refusal of a whole feed file; the rest are counted
MAX_LISTED_PROBLEMS = 50


class FeedRefused(FormatError):
    """A feed file (KEV catalog, EPSS scores) refused whole: nothing it would replace changes.

    Subclasses name their records (``noun``) and the file (``whole``) for the message.
    """

    noun = "records"
    whole = "the file"

    @classmethod
    def about(cls, where: str, message: str) -> Self:
        """One problem at one place."""
        return cls(f"{where}: {message}", [Problem(where, message)])

    @classmethod
    def invalid(cls, problems: list[Problem], total: int) -> Self:
        """Refuse for invalid records, listing the first :data:`MAX_LISTED_PROBLEMS`."""
        shown = problems[:MAX_LISTED_PROBLEMS]
        if len(problems) > MAX_LISTED_PROBLEMS:
            more = len(problems) - MAX_LISTED_PROBLEMS
            shown.append(Problem(WHOLE_DOCUMENT, f"{more} more not shown"))
        return cls(
            f"{len(problems)} of {total} {cls.noun} are invalid, first: {problems[0]}; "
            f"{cls.whole} was refused whole (nothing was replaced)",
            shown,
        )
