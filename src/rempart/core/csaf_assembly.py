"""From triaged findings to the product tree and vulnerabilities of a CSAF document (core layer).

Shared by the CSAF VEX export and the security advisories. Each finding is a component of a
release with a decision; this module:

- defines one full product name per release (``CSAFPID-<product>-<version>``) and per
  component (``CSAFPID-C<n>``, keyed by purl without qualifiers), and one relationship
  "component as a component of release" per pair;
- groups findings into one CSAF vulnerability per CVE (test 6.1.23 forbids repeating a CVE),
  or per vulnerability id when there is none, with the other ids under ``ids``;
- writes one product status per relationship (the worst when two findings disagree, so
  test 6.1.6 holds), a flag or an impact threat for every "not affected" (6.1.27.9), a
  remediation for every "affected" (6.1.27.10), and a description note (6.1.27.5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rempart.core.csaf import (
    ComponentEntry,
    Note,
    ProductVersion,
    Reference,
    Remediation,
    Score,
    Vulnerability,
    product_id,
)
from rempart.core.triage import (
    CSAF_REMEDIATION,
    RESPONSE_LABELS,
    Decision,
    TriageState,
    VexFormat,
    component_key,
    justification_name,
)

OSV_URL = "https://osv.dev/vulnerability/"
# When two findings of one vulnerability land on one product, the worse statement wins.
_STATE_WEIGHT = {
    TriageState.AFFECTED: 0,
    TriageState.IN_TRIAGE: 1,
    TriageState.FIXED: 2,
    TriageState.NOT_AFFECTED: 3,
    TriageState.FALSE_POSITIVE: 4,
}


@dataclass(frozen=True, slots=True)
class FindingFacts:
    finding_id: int
    product_slug: str
    product_name: str
    version: str
    vulnerability_id: str
    aliases: tuple[str, ...]
    summary: str
    component_name: str
    component_version: str
    component_purl: str
    fixed_versions: tuple[str, ...]
    decision: Decision
    cvss_v3: str = ""  # a CVSS:3.x vector when one is known
    cwe: str = ""


@dataclass(frozen=True, slots=True)
class Assembly:
    releases: tuple[ProductVersion, ...]
    components: tuple[ComponentEntry, ...]
    vulnerabilities: tuple[Vulnerability, ...]


def release_pid(slug: str, version: str) -> str:
    return product_id(slug, version)


def _key(f: FindingFacts) -> str:
    cve = next((n for n in (f.vulnerability_id, *f.aliases) if n.upper().startswith("CVE-")), "")
    return cve.upper() or f.vulnerability_id


def assemble(findings: Sequence[FindingFacts], component_level: bool = True) -> Assembly:
    """The product tree parts and the vulnerabilities for ``findings``.

    ``component_level``: statements about "component in release" (VEX); otherwise about the
    release itself (a security advisory names the affected product versions).
    """
    releases = {
        release_pid(f.product_slug, f.version): ProductVersion(
            release_pid(f.product_slug, f.version), f.product_name, f.version
        )
        for f in findings
    }
    component_ids: dict[str, str] = {}
    components: dict[str, ComponentEntry] = {}
    target: dict[int, str] = {}
    for f in sorted(findings, key=lambda f: f.finding_id):
        if not component_level:
            target[f.finding_id] = release_pid(f.product_slug, f.version)
            continue
        key = component_key(f.component_purl, f.component_name, f.component_version)
        cid = component_ids.setdefault(key, f"CSAFPID-C{len(component_ids) + 1}")
        relationship = f"{release_pid(f.product_slug, f.version)}-{cid.removeprefix('CSAFPID-')}"
        components[relationship] = ComponentEntry(
            cid, f"{f.component_name} {f.component_version}".strip(), _purl(f.component_purl),
            release_pid(f.product_slug, f.version), relationship,
        )  # fmt: skip
        target[f.finding_id] = relationship
    groups: dict[str, list[FindingFacts]] = {}
    for f in findings:
        groups.setdefault(_key(f), []).append(f)
    vulnerabilities = tuple(
        _vulnerability(key, group, target) for key, group in sorted(groups.items())
    )
    return Assembly(tuple(releases.values()), tuple(components.values()), vulnerabilities)


def _purl(text: str) -> str:
    return text if text.startswith("pkg:") else ""


def _system(identifier: str) -> str:
    prefix = identifier.split("-", 1)[0]
    return prefix if prefix and prefix != identifier else "OSV"


def _vulnerability(key: str, group: list[FindingFacts], target: dict[int, str]) -> Vulnerability:
    names = sorted({n for f in group for n in (f.vulnerability_id, *f.aliases)})
    cve = key if key.startswith("CVE-") else ""
    # CVE ids never go under ``ids`` (optional test 6.2.17); other CVE aliases stay in notes.
    ids = tuple((_system(n), n) for n in names if not n.upper().startswith("CVE-"))[:20]
    chosen: dict[str, Decision] = {}
    for f in sorted(group, key=lambda f: f.finding_id):
        pid = target[f.finding_id]
        current = chosen.get(pid)
        if current is None or _STATE_WEIGHT[f.decision.state] < _STATE_WEIGHT[current.state]:
            chosen[pid] = f.decision
    status: dict[str, list[str]] = {}
    flags: dict[str, list[str]] = {}
    threats: dict[str, list[str]] = {}
    remediations: dict[tuple[str, str], list[str]] = {}
    for pid, decision in sorted(chosen.items()):
        group_name = _status_group(decision.state)
        status.setdefault(group_name, []).append(pid)
        if decision.state in (TriageState.NOT_AFFECTED, TriageState.FALSE_POSITIVE):
            if decision.justification is not None:
                flags.setdefault(
                    justification_name(decision.justification, VexFormat.CSAF), []
                ).append(pid)
            if decision.impact_statement or decision.justification is None:
                threats.setdefault(_impact(decision), []).append(pid)
        elif decision.state is TriageState.AFFECTED:
            remediations.setdefault(_remediation(decision, group), []).append(pid)
        elif decision.state is TriageState.IN_TRIAGE:
            detail = "Under investigation; no remediation is available yet."
            remediations.setdefault(("none_available", detail), []).append(pid)
        elif decision.state is TriageState.FIXED:
            fixed = sorted({v for f in group for v in f.fixed_versions})
            detail = f"Fixed; the component is updated ({', '.join(fixed)})" if fixed else "Fixed"
            remediations.setdefault(("vendor_fix", detail), []).append(pid)
    summary = next((f.summary for f in group if f.summary), "") or f"Vulnerability {names[0]}"
    vector = next((f.cvss_v3 for f in group if f.cvss_v3.startswith("CVSS:3")), "")
    scored = tuple(
        p for p in status.get("known_affected", []) + status.get("under_investigation", [])
    )
    return Vulnerability(
        cve=cve,
        ids=ids,
        title=summary[:300],
        notes=(Note("description", summary, "Summary"),),
        cwe=next((f.cwe for f in group if f.cwe), ""),
        scores=(Score(vector, scored),) if vector and scored else (),
        product_status={k: tuple(v) for k, v in status.items()},
        flags=tuple((label, tuple(p)) for label, p in sorted(flags.items())),
        threats=tuple(("impact", details, tuple(p)) for details, p in sorted(threats.items())),
        remediations=tuple(
            Remediation(category, details, tuple(p))
            for (category, details), p in sorted(remediations.items())
        ),
        references=tuple(
            Reference(OSV_URL + n, f"{n} at OSV") for n in names if not n.startswith("CVE-")
        )[:10],
    )


def _status_group(state: TriageState) -> str:
    return {
        TriageState.IN_TRIAGE: "under_investigation",
        TriageState.AFFECTED: "known_affected",
        TriageState.NOT_AFFECTED: "known_not_affected",
        TriageState.FALSE_POSITIVE: "known_not_affected",
        TriageState.FIXED: "fixed",
    }[state]


def _impact(decision: Decision) -> str:
    if decision.impact_statement:
        return decision.impact_statement
    if decision.state is TriageState.FALSE_POSITIVE:
        return "False positive: the advisory does not apply to this component."
    return "Not affected (no further statement recorded)."


def _remediation(decision: Decision, group: list[FindingFacts]) -> tuple[str, str]:
    category = CSAF_REMEDIATION[decision.responses[0]] if decision.responses else "mitigation"
    if decision.action_statement:
        return category, decision.action_statement
    fixed = sorted({v for f in group for v in f.fixed_versions})
    labels = "; ".join(RESPONSE_LABELS[r] for r in decision.responses)
    if fixed and (not decision.responses or category == "vendor_fix"):
        return "vendor_fix", f"Update the component to a fixed version: {', '.join(fixed)}"
    return category, labels or "Remediation is being prepared"
