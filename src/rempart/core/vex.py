"""VEX statements in Rempart's vocabulary, and which findings a statement applies to (core layer).

A :class:`VexStatement` says, for one vulnerability (with its aliases), what is true of some
components: their purls (or CPEs, or bom-refs) and a :class:`~rempart.core.triage.Decision`.
The three VEX formats are read into and written from this one shape by
``rempart.formats.openvex``, ``rempart.formats.cyclonedx_vex`` and ``rempart.formats.csaf_vex``,
with :mod:`rempart.core.triage` mapping the states and justifications.

:func:`applies_to` decides whether a statement covers a finding: one of the statement's
vulnerability names equals the finding's id or one of its aliases (case-insensitive), and one
of its component identifiers names the finding's component:

- a purl matches when type, namespace and name are equal (as packageurl normalises them) and,
  if the statement's purl has a version, the versions are equal; qualifiers and subpaths
  are ignored (a supplier rarely knows our repository_url);
- a CPE 2.3 matches an equal CPE; a bom-ref matches the finding's bom-ref;
- a statement that names no component is about the product as a whole (CycloneDX
  ``affects`` pointing at ``metadata.component``): it applies to every finding of that
  vulnerability in the release the import was made for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from packageurl import PackageURL

from rempart.core.triage import Decision, VexFormat


@dataclass(frozen=True, slots=True)
class VexStatement:
    vulnerability: str
    aliases: tuple[str, ...]
    components: tuple[str, ...]  # purls, CPEs or bom-refs of the components it is about
    decision: Decision
    timestamp: datetime | None = None
    status_notes: str = ""
    products: tuple[str, ...] = ()  # the product(s) the components belong to, as written

    @property
    def names(self) -> frozenset[str]:
        return frozenset(n.upper() for n in (self.vulnerability, *self.aliases) if n)


@dataclass(frozen=True, slots=True)
class VexDocument:
    format: VexFormat
    document_id: str
    author: str
    timestamp: datetime | None
    version: str
    statements: tuple[VexStatement, ...]


@dataclass(frozen=True, slots=True)
class VexTarget:
    """What a statement is matched against: a finding's vulnerability and component."""

    vulnerability_id: str
    aliases: tuple[str, ...]
    purl: str
    cpe: str
    bom_ref: str


def _purl(text: str) -> PackageURL | None:
    if not text.startswith("pkg:"):
        return None
    try:
        return PackageURL.from_string(text)
    except ValueError:
        return None


def _component_matches(identifier: str, target: VexTarget) -> bool:
    if identifier == target.bom_ref and identifier:
        return True
    if identifier.startswith("cpe:"):
        return bool(target.cpe) and identifier.lower() == target.cpe.lower()
    wanted = _purl(identifier)
    have = _purl(target.purl)
    if wanted is None or have is None:
        return False
    same = (wanted.type, wanted.namespace or "", wanted.name) == (
        have.type,
        have.namespace or "",
        have.name,
    )
    return same and (not wanted.version or wanted.version == have.version)


def applies_to(statement: VexStatement, target: VexTarget) -> bool:
    """Whether ``statement`` speaks about the finding ``target`` describes."""
    names = {n.upper() for n in (target.vulnerability_id, *target.aliases)}
    if not statement.names & names:
        return False
    if not statement.components:
        return True  # about the product as a whole (the scope the import was made for)
    return any(_component_matches(c, target) for c in statement.components)


def matching(statements: Iterable[VexStatement], target: VexTarget) -> VexStatement | None:
    """The statement that applies to ``target``; the newest when several do (then the last)."""
    found = [s for s in statements if applies_to(s, target)]
    if not found:
        return None
    return max(
        enumerate(found),
        key=lambda item: (item[1].timestamp.timestamp() if item[1].timestamp else 0.0, item[0]),
    )[1]
