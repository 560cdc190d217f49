"""What the manufacturer enters for the documents, field by field (core layer).

Rempart already holds most facts of the declaration of conformity (Annex V/VI), the user
information (Annex II) and the technical documentation (Annex VII): the manufacturer, the
product, its releases, the support period, SBOMs, risk and Annex I assessments. What it cannot
know — the signatory, the place of issue, the harmonised standards applied, the installation and
decommissioning guidance — the manufacturer enters here. Each :class:`FieldSpec` names the
catalog items it serves, so completeness is checked against the catalog, not a second list.

Translatable fields hold one text per document language (``{"en": "...", "de": "..."}``): the
declaration must be available in the languages of the Member States where the product is made
available (Art. 28(2), ``ART28-2``); Annex II information in a language easily understood by
users (Art. 13(18)).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from rempart.core.errors import ProblemCollector


class FieldKind(StrEnum):
    TEXT = "text"  # one line
    PROSE = "prose"  # several lines
    LIST = "list"  # one entry per line
    URL = "url"
    DATE = "date"
    FLAG = "flag"
    CHOICE = "choice"


class SbomAvailability(StrEnum):
    """Whether and where users can obtain the SBOM (Annex II point 9, ``AII-9``)."""

    NOT_PROVIDED = "not-provided"  # the manufacturer does not make it available to users
    PUBLIC_PAGE = "public-page"  # on Rempart's public product page
    URL = "url"  # at an address the manufacturer gives
    ON_REQUEST = "on-request"  # on request, at the security contact


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One entered field: its name, kind, limits and the catalog items it serves."""

    name: str
    kind: FieldKind
    items: tuple[str, ...]
    translatable: bool = False
    max_length: int = 2000
    choices: tuple[str, ...] = ()


_T, _P, _L, _U = FieldKind.TEXT, FieldKind.PROSE, FieldKind.LIST, FieldKind.URL

FIELDS: tuple[FieldSpec, ...] = (
    # Identification (Annex V points 1 and 4, Annex II point 3, Annex VI)
    FieldSpec("type_designation", _T, ("AV-1", "AII-3", "AVI-1"), max_length=200),
    FieldSpec("identification", _P, ("AV-1", "AII-3"), translatable=True),
    FieldSpec("object_description", _P, ("AV-4",), translatable=True),
    FieldSpec("authorised_representative", _P, ("AV-2",), max_length=1000),
    # Conformity (Annex V points 5-7, Annex VII point 5)
    FieldSpec("union_legislation", _L, ("AV-5",), max_length=4000),
    FieldSpec("harmonised_standards", _L, ("AV-6", "AVII-5"), max_length=4000),
    FieldSpec("common_specifications", _L, ("AV-6", "AVII-5"), max_length=4000),
    FieldSpec("certifications", _L, ("AV-6", "AVII-5"), max_length=4000),
    FieldSpec("other_solutions", _P, ("AVII-5",), translatable=True, max_length=20000),
    FieldSpec("conformity_procedure", FieldKind.CHOICE, ("AV-7",), max_length=40),
    FieldSpec("notified_body_name", _T, ("AV-7",), max_length=300),
    FieldSpec("notified_body_number", _T, ("AV-7",), max_length=20),
    FieldSpec("certificate_reference", _T, ("AV-7",), max_length=300),
    # Signature block (Annex V point 8)
    FieldSpec("additional_information", _P, ("AV-8",), translatable=True),
    FieldSpec("place_of_issue", _T, ("AV-8",), translatable=True, max_length=200),
    FieldSpec("date_of_issue", FieldKind.DATE, ("AV-8",)),
    FieldSpec("signatory_name", _T, ("AV-8",), max_length=200),
    FieldSpec("signatory_function", _T, ("AV-8",), translatable=True, max_length=200),
    FieldSpec("declaration_url", _U, ("AVI-1", "AII-6"), max_length=500),
    # User information (Annex II)
    FieldSpec("security_environment", _P, ("AII-4",), translatable=True, max_length=10000),
    FieldSpec("essential_functionalities", _P, ("AII-4",), translatable=True, max_length=10000),
    FieldSpec("security_properties", _P, ("AII-4",), translatable=True, max_length=10000),
    FieldSpec("foreseeable_risks", _P, ("AII-5",), translatable=True, max_length=10000),
    FieldSpec("support_type", _P, ("AII-7",), translatable=True),
    FieldSpec("instructions_url", _U, ("AII-8",), max_length=500),
    FieldSpec("secure_use", _P, ("AII-8a",), translatable=True, max_length=20000),
    FieldSpec("data_security_changes", _P, ("AII-8b",), translatable=True, max_length=20000),
    FieldSpec("update_installation", _P, ("AII-8c",), translatable=True, max_length=20000),
    FieldSpec("decommissioning", _P, ("AII-8d",), translatable=True, max_length=20000),
    FieldSpec("automatic_updates_off", _P, ("AII-8e",), translatable=True, max_length=20000),
    FieldSpec("intended_for_integration", FieldKind.FLAG, ("AII-8f",)),
    FieldSpec("integration_information", _P, ("AII-8f",), translatable=True, max_length=20000),
    FieldSpec(
        "sbom_availability",
        FieldKind.CHOICE,
        ("AII-9",),
        max_length=20,
        choices=tuple(s.value for s in SbomAvailability),
    ),
    FieldSpec("sbom_url", _U, ("AII-9",), max_length=500),
    # Technical documentation (Annex VII)
    FieldSpec("hardware_product", FieldKind.FLAG, ("AVII-1c",)),
    FieldSpec("hardware_illustrations", _P, ("AVII-1c",), translatable=True, max_length=10000),
    FieldSpec("design_description", _P, ("AVII-2a",), translatable=True, max_length=50000),
    FieldSpec("update_distribution", _P, ("AVII-2b",), translatable=True, max_length=20000),
    FieldSpec("production_monitoring", _P, ("AVII-2c",), translatable=True, max_length=20000),
)
FIELDS_BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}
MAX_LANGUAGES = 24  # the official languages of the Union
_NB_NUMBER = re.compile(r"^(NB )?\d{4}$")  # NANDO numbers: four digits, often written "NB 1234"
_LANGUAGE = re.compile(r"^[a-z]{2}$")

Value = str | bool | date | tuple[str, ...] | Mapping[str, str] | None


@dataclass(frozen=True, slots=True)
class DocumentationRecord:
    """The entered values of one product, the document languages and the publication choices.

    ``values`` maps a field name to its value: ``str`` (text, URL, choice), ``bool`` (flag),
    ``date``, ``tuple[str, ...]`` (list) or, for translatable fields, ``{language: text}``.
    """

    languages: tuple[str, ...] = ("en",)
    values: Mapping[str, Value] = field(default_factory=dict)
    public_page: bool = False  # the public product page is off by default

    def text(self, name: str, language: str) -> str:
        """A text field's value in ``language`` ('' when not entered)."""
        value = self.values.get(name)
        if isinstance(value, Mapping):
            return str(value.get(language, "")).strip()
        return value.strip() if isinstance(value, str) else ""

    def entries(self, name: str) -> tuple[str, ...]:
        value = self.values.get(name)
        return tuple(v for v in value if v.strip()) if isinstance(value, tuple) else ()

    def flag(self, name: str) -> bool:
        return self.values.get(name) is True

    def day(self, name: str) -> date | None:
        value = self.values.get(name)
        return value if isinstance(value, date) else None

    @property
    def sbom_availability(self) -> SbomAvailability:
        raw = self.text("sbom_availability", "")
        known = {s.value for s in SbomAvailability}
        return SbomAvailability(raw) if raw in known else SbomAvailability.NOT_PROVIDED


def clean_record(
    languages: tuple[str, ...],
    raw: Mapping[str, object],
    *,
    known_languages: frozenset[str],
    procedures: frozenset[str],
    public_page: bool = False,
) -> DocumentationRecord:
    """Check entered values (types, lengths, URLs, choices) and return the record.

    Collects every problem, each named ``field`` or ``field.language``, before refusing. A
    missing value is not a problem here: completeness is judged per document, so a draft can be
    saved and the documents page lists what is still missing.
    """
    problems = ProblemCollector()
    langs = tuple(dict.fromkeys(code.strip().lower() for code in languages if code.strip()))
    if not langs:
        problems.add("languages", "choose at least one document language", "ART28-2")
    if len(langs) > MAX_LANGUAGES:
        problems.add("languages", f"at most {MAX_LANGUAGES} languages")
    for code in langs:
        if not _LANGUAGE.match(code) or code not in known_languages:
            known = ", ".join(sorted(known_languages))
            problems.add("languages", f"{code!r} has no label file; available: {known}")
    values: dict[str, Value] = {}
    for name, value in raw.items():
        spec = FIELDS_BY_NAME.get(name)
        if spec is None:
            problems.add(name, "not a documentation field")
            continue
        cleaned = _clean_value(spec, value, langs, problems, procedures)
        if cleaned is not None:
            values[name] = cleaned
    problems.raise_if_any("the documentation fields are invalid")
    return DocumentationRecord(langs, values, public_page)


def _clean_value(
    spec: FieldSpec,
    value: object,
    languages: tuple[str, ...],
    problems: ProblemCollector,
    procedures: frozenset[str],
) -> Value:
    if spec.translatable:
        if isinstance(value, str):  # one text for the only language
            value = {languages[0]: value} if languages else {}
        if not isinstance(value, Mapping):
            problems.add(spec.name, "expected one text per language")
            return None
        texts = {}
        for code, text in value.items():
            where = f"{spec.name}.{code}"
            if code not in languages:
                problems.add(where, f"{code!r} is not one of the document languages")
            elif _text_ok(where, text, spec.max_length, problems) and str(text).strip():
                texts[code] = str(text).strip()
        return texts or None
    return _clean_plain(spec, value, problems, procedures)


def _clean_plain(
    spec: FieldSpec, value: object, problems: ProblemCollector, procedures: frozenset[str]
) -> Value:
    name = spec.name
    if value is None:
        return None
    if spec.kind is FieldKind.FLAG:
        if not isinstance(value, bool):
            problems.add(name, "expected true or false")
            return None
        return value
    if spec.kind is FieldKind.DATE:
        if value in (None, ""):
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            problems.add(name, "expected a date (YYYY-MM-DD)")
            return None
    if spec.kind is FieldKind.LIST:
        items = value.splitlines() if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
            problems.add(name, "expected a list of texts")
            return None
        entries = tuple(i.strip() for i in items if i.strip())
        if sum(len(i) for i in entries) > spec.max_length:
            problems.add(name, f"at most {spec.max_length} characters in all")
        return entries or None
    if not _text_ok(name, value, spec.max_length, problems):
        return None
    text = str(value).strip()
    if not text:
        return None
    if spec.kind is FieldKind.URL and not text.startswith("https://"):
        problems.add(name, "must be an https:// address")
    if spec.kind is FieldKind.CHOICE:
        allowed = spec.choices or tuple(sorted(procedures))
        if text not in allowed:
            problems.add(name, f"{text!r} is not one of {', '.join(allowed)}")
    if name == "notified_body_number" and not _NB_NUMBER.match(text):
        problems.add(name, "the four-digit number of the notified body (NANDO), e.g. 1234")
    return text


def _text_ok(where: str, value: object, limit: int, problems: ProblemCollector) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        problems.add(where, "expected a text")
        return False
    if len(value) > limit:
        problems.add(where, f"at most {limit} characters")
        return False
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value):
        problems.add(where, "control characters are not allowed")
        return False
    return True


def record_as_json(record: DocumentationRecord) -> dict[str, object]:
    """The record as JSON-ready values (dates as ISO 8601, lists as lists)."""
    out: dict[str, object] = {}
    for name, value in record.values.items():
        if isinstance(value, date):
            out[name] = value.isoformat()
        elif isinstance(value, tuple):
            out[name] = list(value)
        elif isinstance(value, Mapping):
            out[name] = dict(value)
        else:
            out[name] = value
    return out
