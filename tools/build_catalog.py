"""Extract the CRA reference (shared/reference/cra.md) into Rempart's catalog data files.

The legal wording is copied mechanically, never retyped: every ``#### `ID` `` entry becomes a
provision (ref, summary, note, quoted text) and every table row keyed by an ID becomes a row of
its table. Machine rules that interpret those texts (deadlines in hours, routes, questions)
live in the hand-curated ``rules.toml`` and ``scope.toml``, which cite these IDs.

Usage: ``python tools/build_catalog.py [path/to/cra.md]``; writes
``src/rempart/core/cra/data/{provisions,categories,tables}.toml``. ``tests/core/cra`` checks the
committed files still match the reference.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference" / "cra.md"
DATA_DIR = REPO / "src" / "rempart" / "core" / "cra" / "data"

ENTRY = re.compile(r"^#{4,5} `(?P<id>[A-Za-z0-9.-]+)`(?: — (?P<title>.*))?$")
HEADING = re.compile(r"^(?P<level>#{1,5}) (?P<text>.*)$")
BULLET = re.compile(r"^- \*\*(?P<label>[^*]+?):\*\*\s*(?P<rest>.*)$")
TABLE_ROW = re.compile(r"^\|\s*`(?P<id>[A-Za-z0-9.-]+)`")
CATEGORY_CLASS = {
    "AIII-C1": "important-class-i",
    "AIII-C2": "important-class-ii",
    "AIV": "critical",
}


@dataclass
class Entry:
    id: str
    title: str | None
    section: str
    fields: dict[str, str] = field(default_factory=dict)
    quotes: dict[str, list[str]] = field(default_factory=dict)
    commentary: list[str] = field(default_factory=list)


def _section_key(text: str) -> str:
    match = re.match(r"(\d+(?:\.\d+)?)\.?\s", text)
    return match.group(1) if match else text


def parse_entries(lines: list[str]) -> list[Entry]:
    """Every ``#### `ID` `` block with its bullets, quotes and trailing commentary."""
    entries: list[Entry] = []
    section = ""
    current: Entry | None = None
    quote_label: str | None = None
    for raw in lines:
        line = raw.rstrip("\n")
        entry_match = ENTRY.match(line)
        heading = HEADING.match(line)
        if entry_match:
            current = Entry(entry_match["id"], entry_match["title"], section)
            entries.append(current)
            quote_label = None
            continue
        if heading:
            if len(heading["level"]) <= 3:
                section = _section_key(heading["text"])
            current = None
            quote_label = None
            continue
        if current is None:
            continue
        bullet = BULLET.match(line)
        if bullet:
            label, rest = bullet["label"].strip(), bullet["rest"].strip()
            if rest:
                current.fields[label] = rest
                quote_label = None
            else:
                quote_label = label
                current.quotes.setdefault(label, [])
        elif line.startswith(">"):
            current.quotes.setdefault(quote_label or "Text", []).append(line[1:].strip())
        elif line.strip() and not line.startswith("|"):
            current.commentary.append(line.strip())
    return entries


# Table header (as printed in cra.md) -> (table name, field names in column order).
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ID|Field|Value|Source": ("identification", ("id", "field", "value", "source")),
    "ID|Date|What|Legal basis / source": ("dates", ("id", "date", "what", "legal_basis")),
    "ID|Def.|Text|Plain English": ("definitions", ("id", "term", "text", "plain")),
    "ID|Rule|Value|Ref": ("numeric_rules", ("id", "rule", "value", "ref")),
    "ID|Trigger event|Report|Deadline|Clock anchor|Ref": (
        "reporting_deadlines",
        ("id", "trigger", "report", "deadline", "anchor", "ref"),
    ),
    "ID|Report|Content item|Qualifier in text": (
        "reporting_contents",
        ("id", "report", "item", "qualifier"),
    ),
    "ID|Item|Content": ("implementing_regulation", ("id", "item", "content")),
    "ID|Product class|Module A (self-assessment)|Module B+C (notified body type examination)|"
    "Module H (notified body QMS)|EU cybersecurity certification (Art. 27(9))|Ref": (
        "conformity_matrix",
        ("id", "product_class", "module_a", "module_b_c", "module_h", "eu_certification", "ref"),
    ),
    "ID|Infringement|Maximum administrative fine|Ref": (
        "penalties",
        ("id", "infringement", "maximum_fine", "ref"),
    ),
    "ID|Item|Requirement (v2.0.0)|TR section": (
        "sbom_guidance",
        ("id", "item", "requirement", "tr_section"),
    ),
    "ID|Deliverable (Annex I of C(2025) 618)|CRA link|ESO adoption deadline": (
        "standards",
        ("id", "deliverable", "cra_link", "deadline"),
    ),
    "ID|Empowerment|Status in sources read": ("acts", ("id", "empowerment", "status")),
}


def _split_row(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split(" | ")]


def parse_tables(lines: list[str]) -> dict[str, list[dict[str, str]]]:
    """Rows keyed by a back-ticked ID, grouped into the named tables of ``TABLES``."""
    tables: dict[str, list[dict[str, str]]] = {}
    schema: tuple[str, tuple[str, ...]] | None = None
    previous = ""
    for raw in lines:
        line = raw.rstrip("\n")
        if re.match(r"^\|[-| :]+\|$", line):
            header = "|".join(cell.strip() for cell in previous.strip().strip("|").split("|"))
            schema = TABLES.get(header)
            if schema is None and previous.startswith("| ID"):
                raise SystemExit(f"unknown table header in reference: {header}")
        elif TABLE_ROW.match(line) and schema is not None:
            name, columns = schema
            cells = [_plain(cell) for cell in _split_row(line)]
            if len(cells) != len(columns):
                raise SystemExit(f"{name}: expected {len(columns)} cells in {line!r}")
            row = dict(zip(columns, cells, strict=True))
            # A few rows name two IDs ("`ACT-27-2` / `ACT-27-9`"): keep both.
            ids = re.findall(r"`([A-Za-z0-9.-]+)`", row["id"])
            row["id"] = ids[0]
            if len(ids) > 1:
                row["also"] = ", ".join(ids[1:])
            tables.setdefault(name, []).append(row)
        elif not line.startswith("|"):
            schema = None if line.strip() else schema
        previous = line
    return tables


NOTE_DEFINITION = re.compile(
    r"^(?:- )?`(?P<id>[A-Z][A-Za-z0-9.-]+)`(?: \([^)]*\))?(?::| —)\s|^[A-Z][a-z ]+\(`(?P<id2>[A-Z][A-Za-z0-9.-]+)`\):"
)


def parse_notes(lines: list[str]) -> list[dict[str, str]]:
    """Guidance and status paragraphs that define an ID inline (``- `SRP-LAW`: …``)."""
    notes: list[dict[str, str]] = []
    paragraph: list[str] = []
    section = ""
    for raw in [*lines, ""]:
        line = raw.rstrip("\n")
        heading = HEADING.match(line)
        if heading and len(heading["level"]) <= 3:
            section = _section_key(heading["text"])
        starts = NOTE_DEFINITION.match(line)
        if paragraph and (not line.strip() or starts or line.startswith(("#", "|", ">"))):
            first = NOTE_DEFINITION.match(paragraph[0])
            if first is None:
                raise SystemExit(f"note paragraph lost its ID: {paragraph[0]!r}")
            notes.append(
                {
                    "id": first["id"] or first["id2"],
                    "section": section,
                    "text": _plain("\n".join(paragraph)),
                }
            )
            paragraph = []
        if starts:
            paragraph = [line.removeprefix("- ")]
        elif paragraph and line.strip():
            paragraph.append(line)
    return notes


def _provision(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.id, "section": entry.section}
    if entry.title:
        item["title"] = entry.title
    for label, key in (("Ref", "ref"), ("Summary", "summary"), ("Note", "note")):
        if label in entry.fields:
            item[key] = _plain(entry.fields[label])
    if "Text" in entry.quotes:
        item["text"] = "\n".join(entry.quotes["Text"])
    extra = {
        k: "\n".join(v) for k, v in entry.quotes.items() if k != "Text" and "Technical" not in k
    }
    if extra:
        item["quotes"] = [{"label": k, "text": v} for k, v in extra.items()]
    if entry.commentary:
        item["commentary"] = _plain("\n".join(entry.commentary))
    return item


def _plain(text: str) -> str:
    """Drop Markdown emphasis from the reference's own prose (never from quoted law)."""
    return text.replace("**", "")


def _examples(description: str) -> list[str]:
    """The 'This category includes but is not limited to …' sentences of IR 2025/2392, verbatim."""
    return [
        match.group(1).rstrip(".")
        for match in re.finditer(r"includes but is not limited to (.+?)(?:\.\s|\.$|$)", description)
    ]


# Known corruptions of the reference's text conversion, corrected here so users never see them.
# Each one is recorded in the entry's ``errata`` field. Verify against the OJ print.
ERRATA = {
    "insourcesting": "incorporating",
    "insourceste": "incorporate",
}


def _apply_errata(text: str) -> tuple[str, list[str]]:
    applied = []
    for wrong, right in ERRATA.items():
        if re.search(rf"\b{wrong}\b", text):
            text = re.sub(rf"\b{wrong}\b", right, text)
            applied.append(
                f"reference text conversion read '{wrong}'; corrected to '{right}' (OJ wording)"
            )
    return text, applied


def _category(entry: Entry) -> dict[str, Any]:
    prefix = entry.id.rsplit("-", 1)[0]
    description = "\n".join(
        next((v for k, v in entry.quotes.items() if k.startswith("Technical")), [])
    )
    ref = entry.fields.get("Ref", "")
    ir_id = re.search(r"\(`(IR2392-[A-Z0-9-]+)`\)", ref)
    description, errata = _apply_errata(description)
    category: dict[str, Any] = {
        "id": entry.id,
        "class": CATEGORY_CLASS[prefix],
        "point": int(entry.id.rsplit("-", 1)[1]),
        "title": entry.title or "",
        "ref": _plain(ref),
        "summary": _plain(entry.fields.get("Summary", "")),
        "technical_description": description,
        "technical_description_id": ir_id.group(1) if ir_id else "",
        "examples": _examples(description),
    }
    if errata:
        category["errata"] = errata
    return category


def build(reference: Path) -> dict[str, dict[str, Any]]:
    raw = reference.read_bytes()
    lines = raw.decode("utf-8").splitlines()
    source = {
        "file": "shared/reference/cra.md",
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    entries = parse_entries(lines)
    categories = [_category(e) for e in entries if e.id.startswith(("AIII-", "AIV-"))]
    provisions = [_provision(e) for e in entries if not e.id.startswith(("AIII-", "AIV-"))]
    tables = parse_tables(lines)
    tables["notes"] = parse_notes(lines)
    return {
        "provisions.toml": {"source": source, "provision": provisions},
        "categories.toml": {"source": source, "category": categories},
        "tables.toml": {"source": source, **dict(sorted(tables.items()))},
    }


def main(argv: list[str]) -> int:
    reference = Path(argv[1]) if len(argv) > 1 else DEFAULT_REFERENCE
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    header = (
        "# Generated by tools/build_catalog.py from shared/reference/cra.md — do not edit by hand.\n"
        "# Legal wording is quoted from Regulation (EU) 2024/2847 (consolidated text) and IR (EU) 2025/2392.\n"
    )
    for name, content in build(reference).items():
        (DATA_DIR / name).write_text(header + tomli_w.dumps(content, multiline_strings=True))
        print(f"wrote {DATA_DIR / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
