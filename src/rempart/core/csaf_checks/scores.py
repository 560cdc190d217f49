"""CSAF 2.0 mandatory tests about scores and weaknesses (6.1.7, 6.1.9–6.1.11) (core layer).

6.1.8 (each CVSS object against FIRST's JSON schema) runs in ``rempart.formats.csaf``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cvss import CVSS2, CVSS3
from cvss.exceptions import CVSSError

from rempart.core.csaf_checks import Failure, items, mandatory, mapping, vulnerabilities

# CVSS v3 JSON property -> (vector key, {JSON value -> vector value})
_V3_IMPACT = {"NONE": "N", "LOW": "L", "HIGH": "H"}
_V3_REQUIREMENT = {"LOW": "L", "MEDIUM": "M", "HIGH": "H", "NOT_DEFINED": "X"}
_V3_AV = {"NETWORK": "N", "ADJACENT_NETWORK": "A", "LOCAL": "L", "PHYSICAL": "P"}
V3_PROPERTIES: dict[str, tuple[str, dict[str, str]]] = {
    "attackVector": ("AV", _V3_AV),
    "attackComplexity": ("AC", {"LOW": "L", "HIGH": "H"}),
    "privilegesRequired": ("PR", _V3_IMPACT),
    "userInteraction": ("UI", {"NONE": "N", "REQUIRED": "R"}),
    "scope": ("S", {"UNCHANGED": "U", "CHANGED": "C"}),
    "confidentialityImpact": ("C", _V3_IMPACT),
    "integrityImpact": ("I", _V3_IMPACT),
    "availabilityImpact": ("A", _V3_IMPACT),
    "exploitCodeMaturity": ("E", {"UNPROVEN": "U", "PROOF_OF_CONCEPT": "P", "FUNCTIONAL": "F", "HIGH": "H", "NOT_DEFINED": "X"}),
    "remediationLevel": ("RL", {"OFFICIAL_FIX": "O", "TEMPORARY_FIX": "T", "WORKAROUND": "W", "UNAVAILABLE": "U", "NOT_DEFINED": "X"}),
    "reportConfidence": ("RC", {"UNKNOWN": "U", "REASONABLE": "R", "CONFIRMED": "C", "NOT_DEFINED": "X"}),
    "confidentialityRequirement": ("CR", _V3_REQUIREMENT),
    "integrityRequirement": ("IR", _V3_REQUIREMENT),
    "availabilityRequirement": ("AR", _V3_REQUIREMENT),
    "modifiedAttackVector": ("MAV", {**_V3_AV, "NOT_DEFINED": "X"}),
    "modifiedAttackComplexity": ("MAC", {"LOW": "L", "HIGH": "H", "NOT_DEFINED": "X"}),
    "modifiedPrivilegesRequired": ("MPR", {**_V3_IMPACT, "NOT_DEFINED": "X"}),
    "modifiedUserInteraction": ("MUI", {"NONE": "N", "REQUIRED": "R", "NOT_DEFINED": "X"}),
    "modifiedScope": ("MS", {"UNCHANGED": "U", "CHANGED": "C", "NOT_DEFINED": "X"}),
    "modifiedConfidentialityImpact": ("MC", {**_V3_IMPACT, "NOT_DEFINED": "X"}),
    "modifiedIntegrityImpact": ("MI", {**_V3_IMPACT, "NOT_DEFINED": "X"}),
    "modifiedAvailabilityImpact": ("MA", {**_V3_IMPACT, "NOT_DEFINED": "X"}),
}  # fmt: skip
_V2_IMPACT = {"NONE": "N", "PARTIAL": "P", "COMPLETE": "C"}
_V2_REQUIREMENT = {"LOW": "L", "MEDIUM": "M", "HIGH": "H", "NOT_DEFINED": "ND"}
V2_PROPERTIES: dict[str, tuple[str, dict[str, str]]] = {
    "accessVector": ("AV", {"NETWORK": "N", "ADJACENT_NETWORK": "A", "LOCAL": "L"}),
    "accessComplexity": ("AC", {"HIGH": "H", "MEDIUM": "M", "LOW": "L"}),
    "authentication": ("Au", {"MULTIPLE": "M", "SINGLE": "S", "NONE": "N"}),
    "confidentialityImpact": ("C", _V2_IMPACT),
    "integrityImpact": ("I", _V2_IMPACT),
    "availabilityImpact": ("A", _V2_IMPACT),
    "exploitability": ("E", {"UNPROVEN": "U", "PROOF_OF_CONCEPT": "POC", "FUNCTIONAL": "F", "HIGH": "H", "NOT_DEFINED": "ND"}),
    "remediationLevel": ("RL", {"OFFICIAL_FIX": "OF", "TEMPORARY_FIX": "TF", "WORKAROUND": "W", "UNAVAILABLE": "U", "NOT_DEFINED": "ND"}),
    "reportConfidence": ("RC", {"UNCONFIRMED": "UC", "UNCORROBORATED": "UR", "CONFIRMED": "C", "NOT_DEFINED": "ND"}),
    "collateralDamagePotential": ("CDP", {"NONE": "N", "LOW": "L", "LOW_MEDIUM": "LM", "MEDIUM_HIGH": "MH", "HIGH": "H", "NOT_DEFINED": "ND"}),
    "targetDistribution": ("TD", {"NONE": "N", "LOW": "L", "MEDIUM": "M", "HIGH": "H", "NOT_DEFINED": "ND"}),
    "confidentialityRequirement": ("CR", _V2_REQUIREMENT),
    "integrityRequirement": ("IR", _V2_REQUIREMENT),
    "availabilityRequirement": ("AR", _V2_REQUIREMENT),
}  # fmt: skip


def _scores(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(pointer, "cvss_v2"|"cvss_v3", object) of every CVSS object."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    for i, vulnerability in vulnerabilities(document):
        for j, score in enumerate(items(vulnerability.get("scores"))):
            for key in ("cvss_v2", "cvss_v3"):
                value = mapping(score).get(key)
                if isinstance(value, dict):
                    found.append((f"/vulnerabilities/{i}/scores/{j}/{key}", key, value))
    return found


@mandatory("6.1.7")
def multiple_scores_per_version(document: dict[str, Any]) -> list[Failure]:
    found: list[Failure] = []
    for i, vulnerability in vulnerabilities(document):
        seen: set[tuple[str, str]] = set()
        for j, score in enumerate(items(vulnerability.get("scores"))):
            score = mapping(score)
            versions = [
                f"{key}:{mapping(score[key]).get('version', '')}"
                for key in ("cvss_v2", "cvss_v3")
                if key in score
            ]
            for pid in items(score.get("products")):
                for version in versions:
                    if (str(pid), version) in seen:
                        found.append(Failure("6.1.7", f"/vulnerabilities/{i}/scores/{j}",
                                             f"product {pid!r} has two {version.split(':')[0]} scores of one version"))  # fmt: skip
                    seen.add((str(pid), version))
    return found


def _vector_values(vector: str) -> dict[str, str]:
    return dict(part.split(":", 1) for part in vector.split("/") if ":" in part)


@mandatory("6.1.9")
def invalid_cvss_computation(document: dict[str, Any]) -> list[Failure]:
    found: list[Failure] = []
    for path, key, value in _scores(document):
        vector = value.get("vectorString")
        if not isinstance(vector, str):
            continue
        try:
            computed = CVSS3(vector) if key == "cvss_v3" else CVSS2(vector)
        except (CVSSError, ValueError, KeyError, IndexError):
            continue  # an unreadable vector is a schema (6.1.8) problem
        names = ("baseScore", "temporalScore", "environmentalScore")
        for name, number in zip(names, computed.scores(), strict=True):
            if name in value and Decimal(str(value[name])) != Decimal(str(number)):
                found.append(
                    Failure(
                        "6.1.9", f"{path}/{name}", f"{value[name]} but the vector gives {number}"
                    )
                )
        if key == "cvss_v3":
            labels = ("baseSeverity", "temporalSeverity", "environmentalSeverity")
            for name, severity in zip(labels, computed.severities(), strict=True):
                if name in value and str(value[name]).upper() != str(severity).upper():
                    found.append(
                        Failure(
                            "6.1.9",
                            f"{path}/{name}",
                            f"{value[name]} but the vector gives {severity}",
                        )
                    )
    return found


@mandatory("6.1.10")
def inconsistent_cvss(document: dict[str, Any]) -> list[Failure]:
    found: list[Failure] = []
    for path, key, value in _scores(document):
        vector = value.get("vectorString")
        if not isinstance(vector, str):
            continue
        parts = _vector_values(vector)
        properties = V3_PROPERTIES if key == "cvss_v3" else V2_PROPERTIES
        undefined = "X" if key == "cvss_v3" else "ND"
        for name, (short, table) in properties.items():
            if name not in value:
                continue
            expected = table.get(str(value[name]))
            actual = parts.get(short, undefined)
            if expected != actual:
                found.append(
                    Failure(
                        "6.1.10",
                        f"{path}/{name}",
                        f"{value[name]} contradicts {short}:{actual} of the vector",
                    )
                )
        if key == "cvss_v3" and "version" in value and vector.startswith("CVSS:3."):
            if vector.split("/", 1)[0] != f"CVSS:{value['version']}":
                found.append(
                    Failure(
                        "6.1.10",
                        f"{path}/version",
                        f"version {value['version']} but the vector is {vector.split('/', 1)[0]}",
                    )
                )
    return found


@mandatory("6.1.11")
def cwe(document: dict[str, Any]) -> list[Failure]:
    from rempart.core.csaf import cwe_names

    found: list[Failure] = []
    for i, vulnerability in vulnerabilities(document):
        weakness = mapping(vulnerability.get("cwe"))
        if not weakness:
            continue
        cwe_id, name = str(weakness.get("id", "")), weakness.get("name")
        known = cwe_names().get(cwe_id)
        if known is None:
            found.append(
                Failure(
                    "6.1.11", f"/vulnerabilities/{i}/cwe/id", f"{cwe_id} is not in the CWE list"
                )
            )
        elif name != known:
            found.append(
                Failure("6.1.11", f"/vulnerabilities/{i}/cwe/name", f"{cwe_id} is named {known!r}")
            )
    return found
