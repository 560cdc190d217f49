"""Fuzzing the advisory readers (issue 17): arbitrary input gives data or a FormatError.

Bounded and derandomized (the same examples on every run). Every reader is called through
its public function; anything but the project's typed errors is a failure. What a reader
accepts must follow the text rules, so the store never sees a NUL or an over-long id.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rempart.core.errors import FormatError
from rempart.formats.cve import read_cve_records
from rempart.formats.epss import read_epss
from rempart.formats.kev import read_kev
from rempart.formats.osv import read_osv
from rempart.formats.safe_yaml import parse_yaml
from rempart.formats.text_rules import MAX_ID, check_document

FUZZ = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# text with the characters that broke storage: NUL, lone surrogates, long runs
hostile_text = st.one_of(
    st.text(max_size=20),
    st.lists(st.sampled_from(["\x00", "\ud800", "a", "-", "1", "CVE-"]), max_size=8).map("".join),
    st.sampled_from(["CVE-2021-44228", "2021-12-10", "2021-02-30", "PyPI", "x" * 1001, ""]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    hostile_text,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)
    ),
    max_leaves=20,
)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


KEV_FIELDS = ("cveID", "dateAdded", "dueDate", "vendorProject", "product", "cwes", "notes")
kev_entries = st.one_of(
    json_values, st.dictionaries(st.sampled_from(KEV_FIELDS), json_values, max_size=7)
)


@FUZZ
@given(st.lists(kev_entries, max_size=5), json_values)
def test_kev_reader_answers_data_or_a_format_error(entries: list[Any], version: Any) -> None:
    data = _dumps({"catalogVersion": version, "vulnerabilities": entries})
    try:
        catalog = read_kev(data).catalog
    except FormatError:
        return
    for entry in catalog.entries.values():
        check_document([entry.cve_id, entry.vendor, entry.product, entry.name, catalog.version])


OSV_FIELDS = ("id", "modified", "aliases", "summary", "affected", "severity", "references")
osv_records = st.one_of(
    json_values, st.dictionaries(st.sampled_from(OSV_FIELDS), json_values, max_size=7)
)


@FUZZ
@given(st.lists(osv_records, max_size=4))
def test_osv_reader_never_raises_and_keeps_only_storable_records(records: list[Any]) -> None:
    imported = read_osv(_dumps(records), keep_documents=True)
    for record in imported.vulnerabilities:
        assert len(record.id) <= MAX_ID
        check_document(imported.documents[record.id])


@FUZZ
@given(st.binary(max_size=200))
def test_osv_reader_on_arbitrary_bytes(data: bytes) -> None:
    for name in ("r.json", "r.yaml"):
        try:
            read_osv([(name, data)], keep_documents=True)  # a bad record file is skipped
        except FormatError:
            assert data[:2] in (b"PK", b"\x1f\x8b")  # a damaged archive stops the import


@FUZZ
@given(st.lists(st.lists(hostile_text, max_size=4), max_size=6), st.booleans())
def test_epss_reader_answers_data_or_a_format_error(rows: list[list[str]], header: bool) -> None:
    lines = (["cve,epss,percentile"] if header else []) + [",".join(row) for row in rows]
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        table = read_epss(data)
    except FormatError:
        return
    for score in table.table.scores.values():
        assert 0.0 <= score.score <= 1.0
        check_document([score.cve_id, table.table.model_version])


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"\n #,?\x00")), max_size=80))
def test_yaml_loader_answers_data_or_a_format_error(text: str) -> None:
    try:
        parse_yaml(text.encode())
    except FormatError:
        pass


@FUZZ
@given(json_values)
def test_cve_reader_answers_data_or_a_format_error(value: Any) -> None:
    document = {"dataType": "CVE_RECORD", "cveMetadata": value, "containers": value}
    try:
        imported = read_cve_records(_dumps([value, document]))
    except FormatError:
        return
    for facts in imported.records:
        check_document([facts.cve_id, facts.title, facts.description, facts.state])
