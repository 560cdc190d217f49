"""CSAF 2.0 mandatory tests about vulnerabilities and the profiles (6.1.23, 6.1.24, 6.1.27.x)
(core layer)."""

from __future__ import annotations

from typing import Any

from rempart.core.csaf_checks import Failure, items, mandatory, mapping, meta, vulnerabilities

ADVISORY = "csaf_security_advisory"
VEX = "csaf_vex"
INFORMATIONAL = "csaf_informational_advisory"
INCIDENT = "csaf_security_incident_response"


def _category(document: dict[str, Any]) -> str:
    return str(meta(document).get("category", ""))


@mandatory("6.1.23")
def multiple_cve(document: dict[str, Any]) -> list[Failure]:
    seen: set[str] = set()
    found: list[Failure] = []
    for i, vulnerability in vulnerabilities(document):
        cve = vulnerability.get("cve")
        if isinstance(cve, str):
            if cve in seen:
                found.append(Failure("6.1.23", f"/vulnerabilities/{i}/cve", f"{cve} is used twice"))
            seen.add(cve)
    return found


@mandatory("6.1.24")
def multiple_involvements(document: dict[str, Any]) -> list[Failure]:
    found: list[Failure] = []
    for i, vulnerability in vulnerabilities(document):
        seen: set[tuple[str, str]] = set()
        for j, involvement in enumerate(items(vulnerability.get("involvements"))):
            involvement = mapping(involvement)
            key = (str(involvement.get("party")), str(involvement.get("date")))
            if key in seen:
                found.append(Failure("6.1.24", f"/vulnerabilities/{i}/involvements/{j}",
                                     "the same party and date are given twice"))  # fmt: skip
            seen.add(key)
    return found


@mandatory("6.1.27.1")
def document_notes(document: dict[str, Any]) -> list[Failure]:
    if _category(document) not in (INFORMATIONAL, INCIDENT):
        return []
    wanted = {"description", "details", "general", "summary"}
    if any(mapping(n).get("category") in wanted for n in items(meta(document).get("notes"))):
        return []
    return [
        Failure(
            "6.1.27.1",
            "/document/notes",
            "needs a note of category description, details, general or summary",
        )
    ]


@mandatory("6.1.27.2")
def document_references(document: dict[str, Any]) -> list[Failure]:
    if _category(document) not in (INFORMATIONAL, INCIDENT):
        return []
    if any(
        mapping(r).get("category") == "external" for r in items(meta(document).get("references"))
    ):
        return []
    return [Failure("6.1.27.2", "/document/references", "needs an external reference")]


@mandatory("6.1.27.3")
def informational_without_vulnerabilities(document: dict[str, Any]) -> list[Failure]:
    if _category(document) == INFORMATIONAL and "vulnerabilities" in document:
        return [
            Failure(
                "6.1.27.3", "/vulnerabilities", "an informational advisory lists no vulnerabilities"
            )
        ]
    return []


@mandatory("6.1.27.4")
def product_tree(document: dict[str, Any]) -> list[Failure]:
    if _category(document) in (ADVISORY, VEX) and "product_tree" not in document:
        return [Failure("6.1.27.4", "/product_tree", "the profile requires a product tree")]
    return []


@mandatory("6.1.27.5")
def vulnerability_notes(document: dict[str, Any]) -> list[Failure]:
    if _category(document) not in (ADVISORY, VEX):
        return []
    return [
        Failure("6.1.27.5", f"/vulnerabilities/{i}/notes", "the profile requires notes")
        for i, v in vulnerabilities(document)
        if "notes" not in v
    ]


@mandatory("6.1.27.6")
def product_status(document: dict[str, Any]) -> list[Failure]:
    if _category(document) != ADVISORY:
        return []
    return [
        Failure(
            "6.1.27.6",
            f"/vulnerabilities/{i}/product_status",
            "the profile requires a product status",
        )
        for i, v in vulnerabilities(document)
        if "product_status" not in v
    ]


@mandatory("6.1.27.7")
def vex_product_status(document: dict[str, Any]) -> list[Failure]:
    if _category(document) != VEX:
        return []
    wanted = {"fixed", "known_affected", "known_not_affected", "under_investigation"}
    return [
        Failure("6.1.27.7", f"/vulnerabilities/{i}/product_status",
                "needs fixed, known_affected, known_not_affected or under_investigation")
        for i, v in vulnerabilities(document)
        if not wanted & set(mapping(v.get("product_status")))
    ]  # fmt: skip


@mandatory("6.1.27.8")
def vulnerability_id(document: dict[str, Any]) -> list[Failure]:
    if _category(document) != VEX:
        return []
    return [
        Failure("6.1.27.8", f"/vulnerabilities/{i}", "needs cve or ids")
        for i, v in vulnerabilities(document)
        if "cve" not in v and "ids" not in v
    ]


def _groups(document: dict[str, Any]) -> dict[str, set[str]]:
    groups = items(mapping(document.get("product_tree")).get("product_groups"))
    return {
        str(mapping(g).get("group_id")): {str(p) for p in items(mapping(g).get("product_ids"))}
        for g in groups
    }


def _covered(
    entries: list[Any], groups: dict[str, set[str]], category: str | None = None
) -> set[str]:
    pids: set[str] = set()
    for entry in entries:
        entry = mapping(entry)
        if category is not None and entry.get("category") != category:
            continue
        pids.update(str(p) for p in items(entry.get("product_ids")))
        for gid in items(entry.get("group_ids")):
            pids.update(groups.get(str(gid), ()))
    return pids


@mandatory("6.1.27.9")
def impact_statement(document: dict[str, Any]) -> list[Failure]:
    if _category(document) != VEX:
        return []
    groups = _groups(document)
    found: list[Failure] = []
    for i, v in vulnerabilities(document):
        explained = _covered(items(v.get("flags")), groups) | _covered(
            items(v.get("threats")), groups, "impact"
        )
        for j, pid in enumerate(items(mapping(v.get("product_status")).get("known_not_affected"))):
            if str(pid) not in explained:
                found.append(Failure("6.1.27.9", f"/vulnerabilities/{i}/product_status/known_not_affected/{j}",
                                     f"{pid} needs a flag or an impact threat"))  # fmt: skip
    return found


@mandatory("6.1.27.10")
def action_statement(document: dict[str, Any]) -> list[Failure]:
    if _category(document) != VEX:
        return []
    groups = _groups(document)
    found: list[Failure] = []
    for i, v in vulnerabilities(document):
        remediated = _covered(items(v.get("remediations")), groups)
        for j, pid in enumerate(items(mapping(v.get("product_status")).get("known_affected"))):
            if str(pid) not in remediated:
                found.append(Failure("6.1.27.10", f"/vulnerabilities/{i}/product_status/known_affected/{j}",
                                     f"{pid} needs a remediation (action statement)"))  # fmt: skip
    return found


@mandatory("6.1.27.11")
def vulnerabilities_required(document: dict[str, Any]) -> list[Failure]:
    if _category(document) in (ADVISORY, VEX) and "vulnerabilities" not in document:
        return [Failure("6.1.27.11", "/vulnerabilities", "the profile requires vulnerabilities")]
    return []
