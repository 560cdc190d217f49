"""CSAF 2.0 mandatory tests about the document, its tracking and revision history (6.1.12,
6.1.14–6.1.22, 6.1.26, 6.1.28, 6.1.30) (core layer)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from rempart.core.csaf_checks import Failure, items, mandatory, mapping, meta

# CSAF 2.0 §3.1.11: integer versioning or semantic versioning 2.0.0.
INTEGER = re.compile(r"^(0|[1-9][0-9]*)$")
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
# BCP 47 (RFC 5646 §2.1) language tags: well-formedness, plus the grandfathered tags.
_BCP47 = re.compile(
    r"^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"
    r"(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*"
    r"(?:-[\da-wyz](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?|x(?:-[a-z\d]{1,8})+"
    r"|en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn"
    r"|i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|art-lojban|cel-gaulish|no-bok|no-nyn"
    r"|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang)$",
    re.IGNORECASE,
)
# Well-formed tags whose primary subtag is no language (RFC 5646 reserves "qaa".."qtz" for
# private use; the IANA registry holds no two-letter language "ez" etc.). The registry is large;
# the two-letter ISO 639-1 codes are what CSAF documents use in practice.
ISO_639_1 = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy "
    "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu "
    "hy hz ia id ie ig ii ik in io is it iu iw ja ji jv jw ka kg ki kj kk kl km kn ko kr ks ku kv kw "
    "ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mo mr ms mt my na nb nd ne ng nl nn no nr nv ny "
    "oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st "
    "su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu".split()
)


def valid_language(tag: str) -> bool:
    if not _BCP47.match(tag):
        return False
    primary = tag.split("-", 1)[0].lower()
    return len(primary) != 2 or primary in ISO_639_1


@mandatory("6.1.12")
def language(document: dict[str, Any]) -> list[Failure]:
    found: list[Failure] = []
    for key in ("lang", "source_lang"):
        value = meta(document).get(key)
        if isinstance(value, str) and not valid_language(value):
            found.append(
                Failure("6.1.12", f"/document/{key}", f"{value!r} is not a BCP 47 language tag")
            )
    return found


def _tracking(document: dict[str, Any]) -> dict[str, Any]:
    return mapping(meta(document).get("tracking"))


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _history(document: dict[str, Any]) -> list[tuple[int, datetime, str]]:
    """(index, date, number) of the revision history, sorted by date (stable)."""
    entries = []
    for i, item in enumerate(items(_tracking(document).get("revision_history"))):
        item = mapping(item)
        when = _time(item.get("date"))
        if when is not None and isinstance(item.get("number"), str):
            entries.append((i, when, item["number"]))
    # Equal dates keep the numbers' order (the TC's test documents rely on it).
    return sorted(entries, key=lambda e: (e[1], _semver_compare_key(e[2])))


def _key(number: str) -> tuple[int, ...] | None:
    if INTEGER.match(number):
        return (int(number),)
    match = SEMVER.match(number)
    if match:
        return (int(match[1]), int(match[2]), int(match[3]))
    return None


def _semver_compare_key(number: str) -> tuple[Any, ...]:
    """Ordering key for semantic versions including pre-release precedence (SemVer §11)."""
    match = SEMVER.match(number)
    if not match:
        return (int(number),) if INTEGER.match(number) else ()
    core = (int(match[1]), int(match[2]), int(match[3]))
    if match[4] is None:
        return (*core, 1, ())
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in match[4].split("."))
    return (*core, 0, parts)


def _prerelease(number: str) -> bool:
    match = SEMVER.match(number)
    return bool(match and match[4])


def _zero(number: str) -> bool:
    key = _key(number)
    return key is not None and key[0] == 0


@mandatory("6.1.14")
def sorted_revision_history(document: dict[str, Any]) -> list[Failure]:
    history = _history(document)
    keys = [_semver_compare_key(n) for _, _, n in history]
    for position in range(1, len(keys)):
        if keys[position] and keys[position - 1] and keys[position] < keys[position - 1]:
            i = history[position][0]
            return [Failure("6.1.14", f"/document/tracking/revision_history/{i}/number",
                            "revision numbers do not ascend with their dates")]  # fmt: skip
    return []


@mandatory("6.1.15")
def translator(document: dict[str, Any]) -> list[Failure]:
    publisher = mapping(meta(document).get("publisher"))
    if publisher.get("category") == "translator" and "source_lang" not in meta(document):
        return [
            Failure("6.1.15", "/document/source_lang", "a translator's document needs source_lang")
        ]
    return []


def _strip(number: str, draft: bool) -> str:
    number = number.split("+", 1)[0]
    return number.split("-", 1)[0] if draft else number


@mandatory("6.1.16")
def latest_document_version(document: dict[str, Any]) -> list[Failure]:
    history = _history(document)
    version = _tracking(document).get("version")
    if not history or not isinstance(version, str):
        return []
    draft = _tracking(document).get("status") == "draft"
    latest = history[-1][2]
    if _strip(latest, draft) != _strip(version, draft):
        return [Failure("6.1.16", "/document/tracking/version",
                        f"{version} but the newest revision is {latest}")]  # fmt: skip
    return []


@mandatory("6.1.17")
def document_status_draft(document: dict[str, Any]) -> list[Failure]:
    tracking = _tracking(document)
    version = tracking.get("version")
    if isinstance(version, str) and (_zero(version) or _prerelease(version)):
        if tracking.get("status") != "draft":
            return [
                Failure(
                    "6.1.17", "/document/tracking/status", f"version {version} needs status draft"
                )
            ]
    return []


@mandatory("6.1.18")
def released_revision_history(document: dict[str, Any]) -> list[Failure]:
    if _tracking(document).get("status") not in ("final", "interim"):
        return []
    return [
        Failure(
            "6.1.18",
            f"/document/tracking/revision_history/{i}/number",
            f"{n} in a released document",
        )
        for i, _, n in _history(document)
        if _zero(n)
    ]


@mandatory("6.1.19")
def prerelease_revisions(document: dict[str, Any]) -> list[Failure]:
    return [
        Failure(
            "6.1.19", f"/document/tracking/revision_history/{i}/number", f"{n} is a pre-release"
        )
        for i, _, n in _history(document)
        if _prerelease(n)
    ]


@mandatory("6.1.20")
def non_draft_version(document: dict[str, Any]) -> list[Failure]:
    tracking = _tracking(document)
    version = tracking.get("version")
    if (
        tracking.get("status") in ("final", "interim")
        and isinstance(version, str)
        and _prerelease(version)
    ):
        return [Failure("6.1.20", "/document/tracking/version", f"{version} is a pre-release")]
    return []


@mandatory("6.1.21")
def missing_revision(document: dict[str, Any]) -> list[Failure]:
    history = _history(document)
    majors = [k[0] for k in (_key(n) for _, _, n in history) if k is not None]
    if not majors:
        return []
    if majors[0] not in (0, 1):
        return [Failure("6.1.21", f"/document/tracking/revision_history/{history[0][0]}/number",
                        "the history starts neither at 0 nor at 1")]  # fmt: skip
    for position in range(1, len(majors)):
        if majors[position] - majors[position - 1] > 1:
            i = history[position][0]
            return [Failure("6.1.21", f"/document/tracking/revision_history/{i}/number",
                            f"a version between {majors[position - 1]} and {majors[position]} is missing")]  # fmt: skip
    return []


@mandatory("6.1.22")
def multiple_revision_definitions(document: dict[str, Any]) -> list[Failure]:
    seen: set[str] = set()
    found: list[Failure] = []
    for i, item in enumerate(items(_tracking(document).get("revision_history"))):
        number = mapping(item).get("number")
        if number in seen:
            found.append(
                Failure(
                    "6.1.22", f"/document/tracking/revision_history/{i}/number", f"{number} twice"
                )
            )
        seen.add(str(number))
    return found


_PROFILES = {
    "csaf_base": "",
    "csaf_security_incident_response": "Security incident response",
    "csaf_informational_advisory": "Informational Advisory",
    "csaf_security_advisory": "Security Advisory",
    "csaf_vex": "VEX",
}


def _flat(text: str) -> str:
    return re.sub(r"[-_\s]", "", text.lower())


@mandatory("6.1.26")
def prohibited_category(document: dict[str, Any]) -> list[Failure]:
    category = meta(document).get("category")
    if not isinstance(category, str) or category in _PROFILES:
        return []
    flat = _flat(category)
    reserved = {_flat(name) for name in _PROFILES.values() if name}
    reserved |= {_flat(value.removeprefix("csaf_")) for value in _PROFILES if value != "csaf_base"}
    reserved |= {_flat(value) for value in _PROFILES if value != "csaf_base"}
    if flat in reserved or category.lower().startswith("csaf_"):
        return [Failure("6.1.26", "/document/category", f"{category!r} imitates a CSAF profile")]
    return []


@mandatory("6.1.28")
def translation(document: dict[str, Any]) -> list[Failure]:
    lang, source = meta(document).get("lang"), meta(document).get("source_lang")
    if isinstance(lang, str) and isinstance(source, str) and lang.lower() == source.lower():
        return [Failure("6.1.28", "/document/source_lang", "source_lang equals lang")]
    return []


@mandatory("6.1.30")
def mixed_versioning(document: dict[str, Any]) -> list[Failure]:
    tracking = _tracking(document)
    numbers = [("/document/tracking/version", tracking.get("version"))]
    numbers += [
        (f"/document/tracking/revision_history/{i}/number", mapping(item).get("number"))
        for i, item in enumerate(items(tracking.get("revision_history")))
    ]
    kinds = {
        path: ("integer" if INTEGER.match(n) else "semver")
        for path, n in numbers
        if isinstance(n, str) and (INTEGER.match(n) or SEMVER.match(n))
    }
    if len(set(kinds.values())) > 1:
        first = next(iter(kinds.values()))
        return [
            Failure("6.1.30", path, "integer and semantic versioning are mixed")
            for path, kind in kinds.items()
            if kind != first
        ][:1]
    return []
