"""CSAF 2.0 mandatory tests about products, groups and product status (6.1.1–6.1.6, 6.1.13,
6.1.25, 6.1.29, 6.1.31–6.1.33) (core layer)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from packageurl import PackageURL

from rempart.core.csaf_checks import Failure, items, mandatory, mapping, vulnerabilities

STATUS_GROUPS = {
    "first_affected": "affected",
    "known_affected": "affected",
    "last_affected": "affected",
    "known_not_affected": "not_affected",
    "first_fixed": "fixed",
    "fixed": "fixed",
    "under_investigation": "under_investigation",
}


def _branch_products(branches: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for i, branch in enumerate(items(branches)):
        if not isinstance(branch, dict):
            continue
        here = f"{path}/{i}"
        if isinstance(branch.get("product"), dict):
            yield f"{here}/product", branch["product"]
        yield from _branch_products(branch.get("branches"), f"{here}/branches")


def full_product_names(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every full product name of the tree with its JSON pointer."""
    tree = mapping(document.get("product_tree"))
    yield from _branch_products(tree.get("branches"), "/product_tree/branches")
    for i, product in enumerate(items(tree.get("full_product_names"))):
        if isinstance(product, dict):
            yield f"/product_tree/full_product_names/{i}", product
    for i, relation in enumerate(items(tree.get("relationships"))):
        name = mapping(mapping(relation).get("full_product_name"))
        if name:
            yield f"/product_tree/relationships/{i}/full_product_name", name


def definitions(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (path, str(p["product_id"]))
        for path, p in full_product_names(document)
        if "product_id" in p
    ]


def references(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(JSON pointer, product id) of every place a product id is referenced."""
    tree = mapping(document.get("product_tree"))
    for i, group in enumerate(items(tree.get("product_groups"))):
        for j, pid in enumerate(items(mapping(group).get("product_ids"))):
            yield f"/product_tree/product_groups/{i}/product_ids/{j}", str(pid)
    for i, relation in enumerate(items(tree.get("relationships"))):
        for key in ("product_reference", "relates_to_product_reference"):
            if key in mapping(relation):
                yield f"/product_tree/relationships/{i}/{key}", str(relation[key])
    for i, vulnerability in vulnerabilities(document):
        base = f"/vulnerabilities/{i}"
        for group, pids in mapping(vulnerability.get("product_status")).items():
            for j, pid in enumerate(items(pids)):
                yield f"{base}/product_status/{group}/{j}", str(pid)
        for j, score in enumerate(items(vulnerability.get("scores"))):
            for k, pid in enumerate(items(mapping(score).get("products"))):
                yield f"{base}/scores/{j}/products/{k}", str(pid)
        for key in ("remediations", "threats", "flags"):
            for j, entry in enumerate(items(vulnerability.get(key))):
                for k, pid in enumerate(items(mapping(entry).get("product_ids"))):
                    yield f"{base}/{key}/{j}/product_ids/{k}", str(pid)


@mandatory("6.1.1")
def missing_product_id_definition(document: dict[str, Any]) -> list[Failure]:
    defined = {pid for _, pid in definitions(document)}
    return [
        Failure("6.1.1", path, f"product id {pid!r} is not defined in the product tree")
        for path, pid in references(document)
        if pid not in defined
    ]


@mandatory("6.1.2")
def multiple_product_id_definitions(document: dict[str, Any]) -> list[Failure]:
    seen: set[str] = set()
    found: list[Failure] = []
    for path, pid in definitions(document):
        if pid in seen:
            found.append(
                Failure("6.1.2", f"{path}/product_id", f"product id {pid!r} defined twice")
            )
        seen.add(pid)
    return found


@mandatory("6.1.3")
def circular_product_id(document: dict[str, Any]) -> list[Failure]:
    relations = items(mapping(document.get("product_tree")).get("relationships"))
    edges: dict[str, set[str]] = {}
    for relation in relations:
        relation = mapping(relation)
        pid = mapping(relation.get("full_product_name")).get("product_id")
        if pid is None:
            continue
        targets = {
            str(relation.get(k))
            for k in ("product_reference", "relates_to_product_reference")
            if k in relation
        }
        edges.setdefault(str(pid), set()).update(targets)
    found: list[Failure] = []
    for i, relation in enumerate(relations):
        pid = mapping(mapping(relation).get("full_product_name")).get("product_id")
        if pid is not None and _reaches(str(pid), str(pid), edges):
            found.append(
                Failure("6.1.3", f"/product_tree/relationships/{i}/full_product_name/product_id",
                        f"product id {pid!r} is defined through itself")
            )  # fmt: skip
    return found


def _reaches(start: str, wanted: str, edges: dict[str, set[str]]) -> bool:
    stack, seen = list(edges.get(start, ())), set()
    while stack:
        node = stack.pop()
        if node == wanted:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, ()))
    return False


def _groups(document: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    groups = items(mapping(document.get("product_tree")).get("product_groups"))
    return [
        (
            f"/product_tree/product_groups/{i}",
            str(g["group_id"]),
            [str(p) for p in items(g.get("product_ids"))],
        )
        for i, g in enumerate(groups)
        if isinstance(g, dict) and "group_id" in g
    ]


def _group_references(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for i, vulnerability in vulnerabilities(document):
        for key in ("remediations", "threats", "flags"):
            for j, entry in enumerate(items(vulnerability.get(key))):
                for k, gid in enumerate(items(mapping(entry).get("group_ids"))):
                    yield f"/vulnerabilities/{i}/{key}/{j}/group_ids/{k}", str(gid)


@mandatory("6.1.4")
def missing_group_id_definition(document: dict[str, Any]) -> list[Failure]:
    defined = {gid for _, gid, _ in _groups(document)}
    return [
        Failure("6.1.4", path, f"group id {gid!r} is not defined")
        for path, gid in _group_references(document)
        if gid not in defined
    ]


@mandatory("6.1.5")
def multiple_group_id_definitions(document: dict[str, Any]) -> list[Failure]:
    seen: set[str] = set()
    found: list[Failure] = []
    for path, gid, _ in _groups(document):
        if gid in seen:
            found.append(Failure("6.1.5", f"{path}/group_id", f"group id {gid!r} defined twice"))
        seen.add(gid)
    return found


@mandatory("6.1.6")
def contradicting_product_status(document: dict[str, Any]) -> list[Failure]:
    found: list[Failure] = []
    for i, vulnerability in vulnerabilities(document):
        kinds: dict[str, set[str]] = {}
        for group, pids in mapping(vulnerability.get("product_status")).items():
            for pid in items(pids):
                kinds.setdefault(str(pid), set()).add(STATUS_GROUPS.get(group, group))
        found.extend(
            Failure("6.1.6", f"/vulnerabilities/{i}/product_status",
                    f"product {pid!r} is {' and '.join(sorted(k))} at once")
            for pid, k in sorted(kinds.items())
            if len(k & {"affected", "not_affected", "fixed", "under_investigation"}) > 1
        )  # fmt: skip
    return found


@mandatory("6.1.13")
def invalid_purl(document: dict[str, Any]) -> list[Failure]:
    found: list[Failure] = []
    for path, product in full_product_names(document):
        purl = mapping(product.get("product_identification_helper")).get("purl")
        if isinstance(purl, str):
            try:
                PackageURL.from_string(purl)
            except ValueError as error:
                found.append(
                    Failure("6.1.13", f"{path}/product_identification_helper/purl", str(error))
                )
    return found


@mandatory("6.1.25")
def multiple_hash_algorithms(document: dict[str, Any]) -> list[Failure]:
    found: list[Failure] = []
    for path, product in full_product_names(document):
        for i, entry in enumerate(
            items(mapping(product.get("product_identification_helper")).get("hashes"))
        ):
            algorithms = [
                str(mapping(h).get("algorithm", "")).lower()
                for h in items(mapping(entry).get("file_hashes"))
            ]
            if len(algorithms) != len(set(algorithms)):
                found.append(Failure("6.1.25", f"{path}/product_identification_helper/hashes/{i}/file_hashes",
                                     "the same hash algorithm is used twice for one file"))  # fmt: skip
    return found


def _without_product_reference(document: dict[str, Any], key: str, test: str) -> list[Failure]:
    found: list[Failure] = []
    for i, vulnerability in vulnerabilities(document):
        for j, entry in enumerate(items(vulnerability.get(key))):
            entry = mapping(entry)
            if not entry.get("product_ids") and not entry.get("group_ids"):
                found.append(Failure(test, f"/vulnerabilities/{i}/{key}/{j}",
                                     f"a {key[:-1]} must name product_ids or group_ids"))  # fmt: skip
    return found


@mandatory("6.1.29")
def remediation_without_product_reference(document: dict[str, Any]) -> list[Failure]:
    return _without_product_reference(document, "remediations", "6.1.29")


@mandatory("6.1.32")
def flag_without_product_reference(document: dict[str, Any]) -> list[Failure]:
    return _without_product_reference(document, "flags", "6.1.32")


_RANGE_WORDS = frozenset({"after", "all", "before", "earlier", "later", "prior", "versions"})


def _is_range(name: str) -> bool:
    """CSAF 2.0 §6.1.31: an operator anywhere, or one of the words as a whole word."""
    return "<" in name or ">" in name or bool(_RANGE_WORDS & set(name.lower().split()))


def _version_branches(branches: Any, path: str) -> Iterator[tuple[str, str]]:
    for i, branch in enumerate(items(branches)):
        branch = mapping(branch)
        here = f"{path}/{i}"
        if branch.get("category") == "product_version" and isinstance(branch.get("name"), str):
            yield f"{here}/name", branch["name"]
        yield from _version_branches(branch.get("branches"), f"{here}/branches")


@mandatory("6.1.31")
def version_range_in_product_version(document: dict[str, Any]) -> list[Failure]:
    branches = mapping(document.get("product_tree")).get("branches")
    return [
        Failure("6.1.31", path, f"{name!r} is a version range; use product_version_range")
        for path, name in _version_branches(branches, "/product_tree/branches")
        if _is_range(name)
    ]


@mandatory("6.1.33")
def multiple_flags_per_product(document: dict[str, Any]) -> list[Failure]:
    groups = {gid: pids for _, gid, pids in _groups(document)}
    found: list[Failure] = []
    for i, vulnerability in vulnerabilities(document):
        flagged: dict[str, int] = {}
        for flag in items(vulnerability.get("flags")):
            flag = mapping(flag)
            pids = {str(p) for p in items(flag.get("product_ids"))}
            for gid in items(flag.get("group_ids")):
                pids.update(groups.get(str(gid), ()))
            for pid in pids:
                flagged[pid] = flagged.get(pid, 0) + 1
        found.extend(
            Failure(
                "6.1.33",
                f"/vulnerabilities/{i}/flags",
                f"product {pid!r} has {n} VEX justification flags",
            )
            for pid, n in sorted(flagged.items())
            if n > 1
        )
    return found
