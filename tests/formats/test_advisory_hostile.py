"""Hostile advisory input (issue 17): YAML alias bombs, the text rules, located refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rempart.formats import errors
from rempart.formats.cve import cve_facts
from rempart.formats.osv import SkipReason, read_osv
from rempart.formats.safe_yaml import parse_yaml
from rempart.formats.text_rules import (
    MAX_NAME,
    InvalidText,
    check_document,
    clean_text,
    text_problem,
)

HOSTILE = Path(__file__).resolve().parents[1] / "assets" / "hostile" / "advisories"
BOMB = HOSTILE / "osv-alias-bomb.yaml"


def test_the_alias_bomb_is_small_and_refused_at_its_first_anchor() -> None:
    data = BOMB.read_bytes()
    assert len(data) < 600
    with pytest.raises(errors.UnsafeYaml) as refused:
        parse_yaml(data)
    assert refused.value.location == "line 5, column 5"  # x0: &a [...]
    assert "anchor or alias" in refused.value.message


def test_the_alias_bomb_in_an_osv_import_is_one_skipped_file_and_nothing_readable() -> None:
    imported = read_osv(BOMB.read_bytes(), name=BOMB.name, keep_documents=True)
    assert imported.vulnerabilities == ()
    assert imported.documents == {}
    assert [s.reason for s in imported.skipped] == [SkipReason.MALFORMED]
    with pytest.raises(errors.MalformedDocument) as refused:
        imported.require_readable(BOMB.name)
    assert "no readable OSV record" in refused.value.message


def test_the_alias_bomb_costs_no_memory() -> None:
    """Peak memory of a process reading the bomb, and serializing what it would store (the
    documents, as the workspace stores them), grows by far less than 100 MB."""
    probe = (
        "import json, resource, sys\n"
        "from rempart.formats.osv import read_osv\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "done = read_osv(open(sys.argv[1], 'rb').read(), name='b.yaml', keep_documents=True)\n"
        "json.dumps(done.documents)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(BOMB)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert int(done.stdout.strip()) < 100 * 1024  # KiB


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"a: &x 1\nb: 2\n", errors.UnsafeYaml),  # an anchor alone is refused too
        (b"a: [1, 2\n", errors.MalformedDocument),
        (b"a: 1\n---\nb: 2\n", errors.MalformedDocument),
        (b"[" * 5000, errors.MalformedDocument),  # libyaml caps nesting
        (b"\xff\xfe\x00", errors.MalformedDocument),
    ],
)
def test_yaml_failures_are_located_format_errors(
    data: bytes, kind: type[errors.LocatedFormatError]
) -> None:
    with pytest.raises(kind):
        parse_yaml(data)


def test_yaml_without_anchors_reads_strings() -> None:
    assert parse_yaml(b"a: '*.py & more'\nb: 1.10\n") == {"a": "*.py & more", "b": "1.10"}


# ------------------------------------------------------------------------------ text rules


@pytest.mark.parametrize(
    ("value", "limit", "words"),
    [
        ("lib\x00ssl", None, "NUL"),
        ("\ud800", None, "surrogate"),
        ("n" * (MAX_NAME + 1), MAX_NAME, "limit is 1,000"),
    ],
)
def test_clean_text_refuses_with_location(value: str, limit: int | None, words: str) -> None:
    assert text_problem(value, limit) is not None
    with pytest.raises(InvalidText) as refused:
        clean_text(value, "/components/3/name", max_length=limit)
    assert refused.value.location == "/components/3/name"
    assert words in refused.value.message


def test_clean_text_returns_good_text_unchanged() -> None:
    assert clean_text("naïve 🦀\tcontrol", "/x", max_length=20) == "naïve 🦀\tcontrol"


def test_check_document_names_the_pointer_of_keys_and_values() -> None:
    with pytest.raises(InvalidText) as refused:
        check_document({"a": [{"b/c": "x\x00"}]})
    assert refused.value.location == "/a/0/b~1c"
    with pytest.raises(InvalidText) as refused:
        check_document({"a": {"k\x00": 1}})
    assert refused.value.location == "/a/k\\u0000 (key)"


def test_every_osv_record_breaking_the_text_rules_is_skipped_and_located() -> None:
    imported = read_osv((HOSTILE / "osv-text-rules.json").read_bytes(), keep_documents=True)
    assert [v.id for v in imported.vulnerabilities] == ["GHSA-good-0000-0001"]
    reasons = [(s.reason, s.detail.split(":")[0]) for s in imported.skipped]
    assert reasons == [
        (SkipReason.BAD_TEXT, "/details"),
        (SkipReason.BAD_TEXT, "/database_specific/k\\u0000ey (key)"),
        (SkipReason.BAD_TEXT, "/id"),
        (SkipReason.BAD_TEXT, "/affected/0/package/name"),
        (SkipReason.BAD_TEXT, "/affected/0/package/purl"),
        (SkipReason.BAD_TEXT, "/affected/0/package/ecosystem"),
        (SkipReason.BAD_FIELD, "summary must be a string"),
        (SkipReason.BAD_TEXT, "/aliases/1"),
    ]
    assert imported.skipped[2].record_id is None  # a 305-character id is not kept either


def test_cve_record_breaking_the_text_rules_is_a_reason_not_a_record() -> None:
    record = {
        "dataType": "CVE_RECORD",
        "cveMetadata": {"cveId": "CVE-2024-1234", "state": "PUBLISHED"},
        "containers": {"cna": {"descriptions": [{"lang": "en", "value": "a\x00b"}]}},
    }
    assert "NUL" in str(cve_facts(record))
    record["cveMetadata"] = {"cveId": "CVE-2024-" + "9" * 40}
    assert "is not a CVE id" in str(cve_facts(record))
    assert json.dumps(record)  # the reason is a plain string, storable as a skip note


def test_a_skipped_record_with_a_lone_surrogate_is_logged_by_a_utf8_handler() -> None:
    """The warning about a refused record must not itself fail to be written."""
    import io
    import logging

    failures: list[BaseException | None] = []

    class Utf8Handler(logging.StreamHandler):  # type: ignore[type-arg]
        def handleError(self, _record: logging.LogRecord) -> None:
            import sys

            failures.append(sys.exc_info()[1])

    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    handler = Utf8Handler(stream)
    logger = logging.getLogger("rempart.formats")
    logger.addHandler(handler)
    try:
        # found by the fuzz test: the refusal's location quotes a key holding a lone surrogate
        record = b'[{"id": ["a", {"\\ud800": "x\\u0000"}]}]'
        read_osv([("r.json", record)], keep_documents=True)
        handler.flush()
    finally:
        logger.removeHandler(handler)
    assert failures == []
    assert "\\ud800" in stream.buffer.getvalue().decode()  # type: ignore[attr-defined]
