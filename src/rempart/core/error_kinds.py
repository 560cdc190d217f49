"""The one table from an error's kind to what each edge answers (core layer).

Every :class:`~rempart.core.errors.RempartError` has a ``kind``; this table gives, for each,
the CLI's exit code, the HTTP status of the API and the web pages, the title people read and
the RFC 9457 problem type. The CLI (``rempart.cli``), the API (``rempart.api.problems``) and
the web error views (``rempart.web.errors``) all ask :func:`rule_for`, so they cannot disagree.

A kind not in the table (``format.too_large``, ``unparsable_version``) takes the rule of its
nearest ancestor: dotted kinds are shortened first, then the error's base classes are asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from rempart.core.errors import RempartError


@dataclass(frozen=True, slots=True)
class ErrorRule:
    kind: str
    exit_code: int
    http_status: int
    title: str

    @property
    def problem_type(self) -> str:
        """The RFC 9457 ``type``: a stable identifier per kind (not a resolvable address)."""
        return f"urn:rempart:problem:{self.kind}"


RULES: tuple[ErrorRule, ...] = (
    ErrorRule("invalid", 2, 422, "Invalid input"),
    ErrorRule("format", 2, 422, "Unreadable document"),
    ErrorRule("not_found", 4, 404, "Not found"),
    ErrorRule("conflict", 5, 409, "Conflict"),
    ErrorRule("forbidden", 6, 403, "Not allowed"),
    ErrorRule("throttled", 6, 429, "Too many attempts"),
    ErrorRule("network", 7, 502, "A network exchange failed"),
    ErrorRule("catalog", 70, 500, "Catalog error"),
    ErrorRule("domain", 2, 400, "Request refused"),
    ErrorRule("error", 2, 400, "Request refused"),
)
#: what an exception that is not a RempartError (a bug) gets
UNEXPECTED = ErrorRule("internal", 70, 500, "Internal error")

_BY_KIND = {rule.kind: rule for rule in RULES}


def _lookup(kind: str) -> ErrorRule | None:
    while kind:
        if kind in _BY_KIND:
            return _BY_KIND[kind]
        kind = kind.rpartition(".")[0]
    return None


def rule_for(error: RempartError) -> ErrorRule:
    """The rule of ``error``'s kind, else of its nearest ancestor's."""
    for cls in type(error).__mro__:
        kind = getattr(cls, "kind", None)
        if isinstance(kind, str):
            found = _lookup(kind)
            if found is not None:
                return found
    return _BY_KIND["error"]
