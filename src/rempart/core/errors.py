"""The one error tree of Rempart (core layer).

Every refusal Rempart makes is a :class:`RempartError`. Each edge (CLI, API, web, jobs)
translates errors in exactly one place: ``rempart.cli.errors`` gives the exit code and
``rempart.api.problems`` the RFC 9457 problem document.

    RempartError                 root; ``diagnostics()`` says what, where and why
    ├── DomainError              a rule of the domain refuses the request
    │   ├── InvalidInput         a value is malformed or breaks a rule (names the field)
    │   ├── NotFound             the named object does not exist
    │   ├── Conflict             the object exists already / state does not allow it
    │   └── PermissionDenied     the actor's role does not allow the action
    ├── CatalogError             the packaged CRA catalog data is broken (a release bug)
    ├── FormatError              (rempart.formats) bytes could not be read as the format
    └── NetError                 (rempart.net) a network exchange failed

Adapters define their own subclasses of ``FormatError`` and ``NetError`` next to the code
that raises them; they all stay under this root so edges need one ``except`` only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


def writable(text: str) -> str:
    """``text`` with unpaired UTF-16 surrogates shown as ``\\udXXX`` escapes.

    Refusals quote the input (a key, a value, a JSON pointer); hostile input may hold lone
    surrogates, which no terminal, log file, JSON encoder or HTTP response can write.
    """
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True, slots=True)
class Problem:
    """One located defect: which field (or document path), what is wrong, which rule."""

    field: str
    message: str
    citation: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "field", writable(self.field))
        object.__setattr__(self, "message", writable(self.message))

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        cite = f" [{self.citation}]" if self.citation else ""
        return f"{where}{self.message}{cite}"


class RempartError(Exception):
    """Root of every error Rempart raises on purpose."""

    #: short machine-readable kind, stable across releases (used by API and CLI JSON output)
    kind: str = "error"

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        message = writable(message)
        super().__init__(message)
        self.message = message
        self.problems: tuple[Problem, ...] = tuple(problems)

    def diagnostics(self) -> str:
        """A human explanation: the message, then one line per located problem."""
        lines = [self.message]
        lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "message": self.message,
            "problems": [
                {"field": p.field, "message": p.message, "citation": p.citation}
                for p in self.problems
            ],
        }


class DomainError(RempartError):
    kind = "domain"


class InvalidInput(DomainError):
    """Malformed or rule-breaking input. Always names at least one field."""

    kind = "invalid"

    @classmethod
    def single(cls, field_name: str, message: str, citation: str | None = None) -> InvalidInput:
        return cls(
            f"{field_name}: {message}",
            [Problem(field=field_name, message=message, citation=citation)],
        )


class NotFound(DomainError):
    kind = "not_found"


class Conflict(DomainError):
    kind = "conflict"


class PermissionDenied(DomainError):
    kind = "forbidden"


class CatalogError(RempartError):
    """The packaged catalog data does not match its schema: a bug in a Rempart release."""

    kind = "catalog"


class FormatError(RempartError):
    """Bytes could not be read as the claimed format (raised by ``rempart.formats``)."""

    kind = "format"


class NetError(RempartError):
    """A network exchange failed (raised by ``rempart.net``)."""

    kind = "network"


@dataclass(slots=True)
class ProblemCollector:
    """Collects every problem of an input before refusing it, so users see them all at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, field_name: str, message: str, citation: str | None = None) -> None:
        self.problems.append(Problem(field=field_name, message=message, citation=citation))

    def raise_if_any(self, message: str, error: type[InvalidInput] = InvalidInput) -> None:
        if self.problems:
            first = self.problems[0]
            summary = message if len(self.problems) > 1 else f"{message}: {first}"
            raise error(summary, self.problems)


def problems_from_mapping(errors: Mapping[str, str]) -> list[Problem]:
    return [Problem(field=key, message=value) for key, value in errors.items()]
