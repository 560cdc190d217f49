"""SBOM quality: NTIA minimum elements, BSI TR-03183-2, the CRA minimum (core layer).

:func:`assess_sbom` checks one normalized :class:`~rempart.core.component.SbomDocument`
and returns a :class:`QualityReport`: a score from 0 to 100 and a list of concrete,
located :class:`Defect` values, each naming its rule and citation.

Rules (ids from reference/cra.md §17 where they exist; weights add up to 100):

======================  ======  ====================================================
rule                    weight  passes when
======================  ======  ====================================================
AI-P2-1                 20      a root exists, it has direct dependencies, and the
                                SBOM lists components (CRA Annex I Part II (1))
IDENT-MATCHABLE         20      share of components with (purl or CPE) and a version
NTIA-SUPPLIER            6      share of components naming a supplier
NTIA-NAME                3      share of components with a name
NTIA-VERSION             5      share of components with a version
NTIA-UNIQUE-ID           4      share of components with a purl or CPE
NTIA-DEPENDENCY          5      share of components some edge includes (or the root)
NTIA-AUTHOR              4      the SBOM names its author(s) (creators)
NTIA-TIMESTAMP           3      the SBOM has an ISO 8601 creation timestamp
SBOM-BSI-FORMAT          2      JSON/XML, CycloneDX ≥ 1.5 or SPDX ≥ 2.2.1 (v2.0.0)
SBOM-BSI-DOC-CREATOR     2      a creator with an e-mail address or URL
SBOM-BSI-DOC-TIMESTAMP   1      as NTIA-TIMESTAMP
SBOM-BSI-C-CREATOR       3      share of components with a supplier e-mail or URL
SBOM-BSI-C-NAME          1      as NTIA-NAME
SBOM-BSI-C-VERSION       1      as NTIA-VERSION
SBOM-BSI-C-FILENAME      2      share of components with a file name
SBOM-BSI-C-DEPS          3      share of components whose own dependencies are stated
SBOM-BSI-C-LICENCES      4      share of components with a licence expression
SBOM-BSI-C-HASH          4      share of components with a SHA-512 hash
SBOM-BSI-C-EXEC          1      share with property ``bsi:component:executable``
SBOM-BSI-C-ARCHIVE       1      share with property ``bsi:component:archive``
SBOM-BSI-C-STRUCT        1      share with property ``bsi:component:structured``
SBOM-BSI-NO-VULNS        4      the SBOM embeds no vulnerability data
SBOM-BSI-V2.1            0      CycloneDX ≥ 1.6 or SPDX ≥ 3.0.1 (warning only: v2.1.0
                                is known from secondary sources, not verified)
SBOM-SCHEMA              0      one warning per tolerated schema violation (a value
                                whose format breaks the official schema, kept as
                                written; docs/sbom-quality.md "Lenient by default")
SBOM-PARSE               0      one warning per located parser warning
======================  ======  ====================================================

**Score** ``= round(Σ weight × pass rate)``. A document rule's pass rate is 1 or 0; a
component rule's pass rate is the share of checked components (the root included) that
pass. With no components at all, every component rule scores 0: nothing to check is a
failure, not a pass. Each failing component yields one defect per rule, so the defect list
is exhaustive; :meth:`QualityReport.counts` summarizes it. All checks are single passes
over the components with set look-ups, linear in the SBOM's size.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from rempart.core.component import Component, Encoding, SbomDocument, SbomFormat

NTIA = "NTIA, The Minimum Elements For a Software Bill of Materials (2021), Data Fields"
CRA = "Regulation (EU) 2024/2847, Annex I Part II (1)"
BSI = "BSI TR-03183-2 v2.0.0"


class Severity(StrEnum):
    """ERROR: a legal minimum (CRA) is missed; WARNING: guidance (NTIA, BSI) or data quality."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Defect:
    """One concrete defect: which rule, which component (``None``: the whole SBOM), which field."""

    rule_id: str
    citation: str
    severity: Severity
    bom_ref: str | None
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class RuleResult:
    """How one rule scored: ``passed`` of ``checked`` items, weighted into the score."""

    rule_id: str
    weight: int
    passed: int
    checked: int

    @property
    def rate(self) -> float:
        """Share of checked items that pass (0.0 when nothing was checked)."""
        return self.passed / self.checked if self.checked else 0.0


@dataclass(frozen=True, slots=True)
class QualityReport:
    """Score 0–100 (formula in the module docstring), defects, and the per-rule results."""

    score: int
    defects: tuple[Defect, ...]
    rules: tuple[RuleResult, ...]

    def counts(self) -> dict[str, int]:
        """Number of defects per rule id."""
        return dict(Counter(defect.rule_id for defect in self.defects))


@dataclass(frozen=True, slots=True)
class _ComponentRule:
    rule_id: str
    weight: int
    field: str
    message: str
    citation: str
    passes: Callable[[Component], bool]


_EMAIL_OR_URL = re.compile(r"[^\s@()]+@[^\s@()]+\.[^\s@()]+|\b[a-z][a-z0-9+.\-]*://\S+", re.I)
_C = f"{BSI} §5.2.2"


def _has_property(name: str) -> Callable[[Component], bool]:
    return lambda c: any(key == name and value for key, value in c.properties)


def _sha512(component: Component) -> bool:
    return any(h.algorithm == "SHA-512" for h in component.hashes)


_R = _ComponentRule
_COMPONENT_RULES: tuple[_ComponentRule, ...] = (
    _R("IDENT-MATCHABLE", 20, "purl", "no purl or CPE with a version: not matchable to "
       "vulnerabilities", f"{CRA}; Rempart scan coverage", lambda c: bool(c.version and c.purl)
       or bool(c.version and c.cpe)),
    _R("NTIA-SUPPLIER", 6, "supplier", "no supplier", f"{NTIA}: Supplier Name",
       lambda c: bool(c.supplier)),
    _R("NTIA-NAME", 3, "name", "no name", f"{NTIA}: Component Name", lambda c: bool(c.name)),
    _R("NTIA-VERSION", 5, "version", "no version", f"{NTIA}: Version", lambda c: bool(c.version)),
    _R("NTIA-UNIQUE-ID", 4, "purl", "no purl or CPE", f"{NTIA}: Other Unique Identifiers",
       lambda c: bool(c.purl or c.cpe)),
    _R("SBOM-BSI-C-CREATOR", 3, "supplier_contact", "no e-mail address or URL of its creator",
       f"{_C} Component creator", lambda c: bool(c.supplier_contact)),
    _R("SBOM-BSI-C-NAME", 1, "name", "no name", f"{_C} Component name", lambda c: bool(c.name)),
    _R("SBOM-BSI-C-VERSION", 1, "version", "no version", f"{_C} Component version",
       lambda c: bool(c.version)),
    _R("SBOM-BSI-C-FILENAME", 2, "filename", "no file name", f"{_C} Filename of the component",
       lambda c: bool(c.filename)),
    _R("SBOM-BSI-C-LICENCES", 4, "licenses", "no licence", f"{_C} Associated licences",
       lambda c: bool(c.licenses)),
    _R("SBOM-BSI-C-HASH", 4, "hashes", "no SHA-512 hash", f"{_C} Hash value of the deployable "
       "component", _sha512),
    _R("SBOM-BSI-C-EXEC", 1, "properties", "no bsi:component:executable property",
       f"{_C} Executable property", _has_property("bsi:component:executable")),
    _R("SBOM-BSI-C-ARCHIVE", 1, "properties", "no bsi:component:archive property",
       f"{_C} Archive property", _has_property("bsi:component:archive")),
    _R("SBOM-BSI-C-STRUCT", 1, "properties", "no bsi:component:structured property",
       f"{_C} Structured property", _has_property("bsi:component:structured")),
)  # fmt: skip


def assess_sbom(document: SbomDocument) -> QualityReport:
    """Check one SBOM against NTIA, BSI TR-03183-2 and the CRA minimum; score it."""
    defects: list[Defect] = []
    results: list[RuleResult] = []
    checked = (*document.components, *((document.root,) if document.root else ()))
    for rule in _COMPONENT_RULES:
        failed = [c for c in checked if not rule.passes(c)]
        defects.extend(
            Defect(
                rule.rule_id, rule.citation, Severity.WARNING, c.bom_ref, rule.field, rule.message
            )
            for c in failed
        )
        results.append(
            RuleResult(rule.rule_id, rule.weight, len(checked) - len(failed), len(checked))
        )
    _graph_rules(document, checked, defects, results)
    _document_rules(document, defects, results)
    defects.extend(
        Defect(
            "SBOM-SCHEMA",
            problem.citation or "schema",
            Severity.WARNING,
            None,
            problem.field,
            f"schema violation tolerated (value kept as written): {problem.message}",
        )
        for problem in document.schema_violations
    )
    defects.extend(
        Defect(
            "SBOM-PARSE",
            problem.citation or "parser",
            Severity.WARNING,
            None,
            problem.field,
            problem.message,
        )
        for problem in document.problems
    )
    score = round(sum(result.weight * result.rate for result in results))
    return QualityReport(score=score, defects=tuple(defects), rules=tuple(results))


# rule id -> (citation, weight, field) of the rules about the graph and the document itself
_DOCUMENT_RULES: dict[str, tuple[str, int, str]] = {
    "NTIA-DEPENDENCY": (f"{NTIA}: Dependency Relationship", 5, "dependencies"),
    "SBOM-BSI-C-DEPS": (f"{_C} Dependencies on other components", 3, "dependencies"),
    "AI-P2-1": (CRA, 20, "dependencies"),
    "NTIA-AUTHOR": (f"{NTIA}: Author of SBOM Data", 4, "creators"),
    "NTIA-TIMESTAMP": (f"{NTIA}: Timestamp", 3, "created"),
    "SBOM-BSI-DOC-TIMESTAMP": (f"{BSI} §5.2.1 Timestamp", 1, "created"),
    "SBOM-BSI-DOC-CREATOR": (f"{BSI} §5.2.1 Creator of the SBOM", 2, "creators"),
    "SBOM-BSI-FORMAT": (f"{BSI} §4 Format", 2, "spec_version"),
    "SBOM-BSI-NO-VULNS": (f"{BSI} §3.1 No vulnerability data", 4, "vulnerabilities"),
}
_V21 = "BSI TR-03183-2 v2.1.0 (reported by secondary sources, not verified)"


def _graph_rules(
    document: SbomDocument,
    checked: tuple[Component, ...],
    defects: list[Defect],
    results: list[RuleResult],
) -> None:
    """NTIA dependency relationship and BSI component dependencies, per component."""
    root_ref = document.root.bom_ref if document.root else None
    targets = {edge.depends_on for edge in document.dependencies}
    sources = {edge.ref for edge in document.dependencies} | document.dependencies_stated
    for rule_id, passes, message in (
        ("NTIA-DEPENDENCY", lambda r: r in targets or r == root_ref,
         "no relationship says which component includes it"),
        ("SBOM-BSI-C-DEPS", lambda r: r in sources, "its own dependencies are not stated"),
    ):  # fmt: skip
        citation, weight, field_name = _DOCUMENT_RULES[rule_id]
        failed = [c.bom_ref for c in checked if not passes(c.bom_ref)]
        defects.extend(
            Defect(rule_id, citation, Severity.WARNING, ref, field_name, message) for ref in failed
        )
        results.append(RuleResult(rule_id, weight, len(checked) - len(failed), len(checked)))


def _top_level_problem(document: SbomDocument) -> str | None:
    """Why the SBOM misses the CRA minimum (AI-P2-1), or ``None``."""
    if document.root is None:
        return "the SBOM names no root component (the product), so no top-level dependencies"
    if not document.direct_refs():
        return f"the root {document.root.display_name!r} has no direct dependencies"
    if not document.components:
        return "the SBOM lists no components"
    return None


def _document_problems(document: SbomDocument) -> dict[str, str | None]:
    """Rule id -> why the document fails it (``None``: it passes)."""
    people = [c for c in document.creators if not c.startswith("Tool:")]
    stamped = _is_timestamp(document.created)
    vulns = document.vulnerability_count
    return {
        "AI-P2-1": _top_level_problem(document),
        "NTIA-AUTHOR": None if document.creators else "the SBOM names no author or tool",
        "NTIA-TIMESTAMP": None if stamped else f"no ISO 8601 timestamp ({document.created!r})",
        "SBOM-BSI-DOC-TIMESTAMP": None if stamped else "no date and time of SBOM compilation",
        "SBOM-BSI-DOC-CREATOR": None
        if any(_EMAIL_OR_URL.search(c) for c in people)
        else "no e-mail address or URL of the person or organization that created the SBOM",
        "SBOM-BSI-FORMAT": None
        if _bsi_format(document, v21=False)
        else f"{document.format} {document.spec_version} ({document.encoding}) is below the "
        "v2.0.0 floor: JSON or XML, CycloneDX 1.5+ or SPDX 2.2.1+",
        "SBOM-BSI-NO-VULNS": None
        if vulns == 0
        else f"the SBOM embeds {vulns} vulnerability entries; use CSAF/VEX instead",
    }


def _document_rules(
    document: SbomDocument, defects: list[Defect], results: list[RuleResult]
) -> None:
    """Rules about the SBOM as a whole: CRA top level, author, timestamp, format, creator."""
    root_ref = document.root.bom_ref if document.root else None
    for rule_id, problem in _document_problems(document).items():
        citation, weight, field_name = _DOCUMENT_RULES[rule_id]
        if problem is not None:
            severity = Severity.ERROR if rule_id == "AI-P2-1" else Severity.WARNING
            where = root_ref if rule_id == "AI-P2-1" else None
            defects.append(Defect(rule_id, citation, severity, where, field_name, problem))
        results.append(RuleResult(rule_id, weight, int(problem is None), 1))
    if not _bsi_format(document, v21=True):
        message = (
            f"{document.format} {document.spec_version} is below the v2.1.0 floor reported by "
            "secondary sources (CycloneDX 1.6+ or SPDX 3.0.1+); re-check the BSI text"
        )
        defects.append(
            Defect("SBOM-BSI-V2.1", _V21, Severity.WARNING, None, "spec_version", message)
        )


def _is_timestamp(value: str | None) -> bool:
    if not value:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def _bsi_format(document: SbomDocument, *, v21: bool) -> bool:
    """Whether format, version and encoding meet the v2.0.0 (or reported v2.1.0) floor."""
    if document.encoding is Encoding.TAG_VALUE:
        return False
    version = _version_tuple(document.spec_version)
    if document.format is SbomFormat.CYCLONEDX:
        return version >= ((1, 6) if v21 else (1, 5))
    return version >= ((3, 0, 1) if v21 else (2, 2))


#: the rule families a score is shown for (rule ids by prefix; the CRA minimum by id)
FAMILIES: tuple[tuple[str, str], ...] = (
    ("cra", "CRA minimum"),
    ("ntia", "NTIA minimum elements"),
    ("bsi", "BSI TR-03183-2"),
)


def family_of(rule_id: str) -> str | None:
    """``cra``, ``ntia``, ``bsi``, or ``None`` for rules that weigh nothing (schema, parse)."""
    if rule_id in ("AI-P2-1", "IDENT-MATCHABLE"):
        return "cra"
    if rule_id.startswith("NTIA-"):
        return "ntia"
    if rule_id.startswith("SBOM-BSI-"):
        return "bsi"
    return None


def family_scores(rules: Iterable[RuleResult]) -> dict[str, int]:
    """Each family's score out of 100: ``Σ weight × pass rate / Σ weight`` over its rules."""
    earned: dict[str, float] = {key: 0.0 for key, _ in FAMILIES}
    weight: dict[str, int] = {key: 0 for key, _ in FAMILIES}
    for rule in rules:
        family = family_of(rule.rule_id)
        if family is None or not rule.weight:
            continue
        earned[family] += rule.weight * rule.rate
        weight[family] += rule.weight
    return {key: round(100 * earned[key] / weight[key]) if weight[key] else 0 for key in earned}
