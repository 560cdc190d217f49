"""``rempart advisories import``: feeds are all-or-nothing and guarded (issue 17).

The acceptance test of the issue: after the real KEV catalog (1,404 entries), every malformed
variant exits 2 and leaves the 1,404 entries; the same for a truncated OSV file under an
existing source name and for an EPSS file whose rows are all invalid. Run on SQLite and on
PostgreSQL (marker ``database``).
"""

from __future__ import annotations

import gzip
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rempart.cli import run

KEV = "advisories/kev/known_exploited_vulnerabilities.json"
GO = "advisories/osv/golang-vulndb-osv-2020-2025.tar.gz"
HOSTILE = Path(__file__).resolve().parents[1] / "assets" / "hostile" / "advisories"
EPSS = b"""#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z
cve,epss,percentile
CVE-2021-44228,0.94358,0.99957
CVE-2023-4863,0.93,0.99
CVE-2020-28493,0.00195,0.41563
"""

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, str]:
    from rempart.store.models import AdvisorySource, KevEntry

    source = AdvisorySource.objects.filter(name="kev").first()
    return (
        KevEntry.objects.count(),
        AdvisorySource.objects.count(),
        source.version if source else "",
    )


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = run(["advisories", *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _mutate(change: Callable[[dict[str, Any]], None]) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        document = json.loads(data)
        change(document)
        return json.dumps(document).encode()

    return apply


def _each(field: str, value: Callable[[int], object]) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        for number, entry in enumerate(document["vulnerabilities"]):
            entry[field] = value(number)

    return change


def _one(field: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document["vulnerabilities"][700][field] = value

    return change


def _keep_first(document: dict[str, Any]) -> None:
    document["vulnerabilities"] = document["vulnerabilities"][:1]
    document["count"] = 1


def _empty_list(document: dict[str, Any]) -> None:
    document["vulnerabilities"] = []
    document["count"] = 0


VARIANTS: dict[str, Callable[[bytes], bytes]] = {
    "bad CVE ids": _mutate(_each("cveID", lambda n: f"CVE-2024-{n}")),
    "bogus dates": _mutate(_each("dateAdded", lambda n: f"2025-13-{n % 28 + 1:02d}")),
    "dates as numbers": _mutate(_each("dateAdded", lambda n: 20250101 + n)),
    "wrong types": _mutate(_each("vendorProject", lambda n: {"name": n})),
    "null CVE ids": _mutate(_each("cveID", lambda _n: None)),
    "one bad entry of 1,404": _mutate(_one("dueDate", "next week")),
    "a NUL in one product": _mutate(_one("product", "Win\u0000dows")),
    "count does not match": _mutate(lambda d: d.update(count=1500)),
    "empty list": _mutate(_empty_list),
    "one entry left": _mutate(_keep_first),
    "not a catalog": _mutate(lambda d: d.update(vulnerabilities={"a": 1})),
    "truncated": lambda data: data[: len(data) // 2],
    "empty file": lambda _data: b"",
    "whitespace": lambda _data: b"  \n\n",
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_malformed_kev_catalogs_exit_2_and_keep_the_1404_entries(
    organization, shared_data: Path, tmp_path: Path, capsys, variant: str
) -> None:
    catalog = shared_data / KEV
    assert _cli(capsys, "import", str(catalog), "--no-rescan")[0] == 0
    before = _counts()
    assert before[0] == 1404
    damaged = tmp_path / "known_exploited_vulnerabilities.json"
    damaged.write_bytes(VARIANTS[variant](catalog.read_bytes()))
    code, out = _cli(capsys, "import", str(damaged), "--no-rescan")
    assert code == 2, out
    assert _counts() == before  # still 1,404 entries, the same catalog version


def test_located_problems_name_each_bad_entry(
    organization, shared_data: Path, tmp_path: Path, capsys
) -> None:
    damaged = tmp_path / "kev.json"
    damaged.write_bytes(VARIANTS["one bad entry of 1,404"]((shared_data / KEV).read_bytes()))
    code, out = _cli(capsys, "import", str(damaged))
    assert code == 2
    assert "/vulnerabilities/700/dueDate" in out
    assert _counts()[0] == 0  # refused before anything was stored: no source either
    code, out = _cli(capsys, "import", str(HOSTILE / "kev-bad-entries.json"))
    assert code == 2
    for where in ("/vulnerabilities/1/cveID", "/vulnerabilities/2/dateAdded", "/3/vendorProject"):
        assert where in out
    assert _counts()[:2] == (0, 0)


def test_allow_shrink_accepts_an_intended_small_catalog(
    organization, shared_data: Path, tmp_path: Path, capsys
) -> None:
    catalog = shared_data / KEV
    assert _cli(capsys, "import", str(catalog), "--no-rescan")[0] == 0
    small = tmp_path / "kev.json"
    small.write_bytes(VARIANTS["one entry left"](catalog.read_bytes()))
    code, out = _cli(capsys, "import", str(small), "--no-rescan")
    assert code == 2
    assert "--allow-shrink" in out
    assert "1,403 of the 1,404" in " ".join(out.split())
    assert _cli(capsys, "import", str(small), "--no-rescan", "--allow-shrink")[0] == 0
    assert _counts()[0] == 1


def _go_records(shared_data: Path, count: int) -> list[dict[str, Any]]:
    records = []
    with tarfile.open(shared_data / GO) as archive:
        for member in archive:
            if member.isfile() and member.name.endswith(".json"):
                handle = archive.extractfile(member)
                assert handle is not None
                document = json.loads(handle.read())
                if isinstance(document, dict) and "id" in document:
                    records.append(document)
            if len(records) == count:
                return records
    raise AssertionError("not enough Go records")


def _osv_count(name: str) -> int:
    from rempart.store.models import Advisory

    return Advisory.objects.filter(source__name=name).count()


def test_truncated_osv_file_keeps_the_source_records(
    organization, shared_data: Path, tmp_path: Path, capsys
) -> None:
    records = _go_records(shared_data, 202)
    source = tmp_path / "go-sample.json"
    source.write_text(json.dumps(records))
    assert _cli(capsys, "import", str(source), "--name", "osv:go", "--no-rescan")[0] == 0
    assert _osv_count("osv:go") == 202
    source.write_bytes(source.read_bytes()[:50_000])  # truncated mid-record
    code, out = _cli(capsys, "import", str(source), "--name", "osv:go", "--no-rescan")
    assert code == 2
    assert "no readable OSV record" in out
    assert _osv_count("osv:go") == 202
    # a readable update that drops more than half of the records is refused too
    source.write_text(json.dumps(records[:100]))
    code, out = _cli(capsys, "import", str(source), "--name", "osv:go", "--no-rescan")
    assert (code, _osv_count("osv:go")) == (2, 202)
    assert "102 of the 202" in " ".join(out.split())
    argv = ("import", str(source), "--name", "osv:go", "--no-rescan", "--allow-shrink")
    assert _cli(capsys, *argv)[0] == 0
    assert _osv_count("osv:go") == 100


def test_alias_bomb_import_is_refused_and_registers_nothing(organization, capsys) -> None:
    from rempart.store.models import AdvisorySource

    code, out = _cli(capsys, "import", str(HOSTILE / "osv-alias-bomb.yaml"))
    assert code == 2
    assert "anchor or alias" in out
    assert not AdvisorySource.objects.exists()


@pytest.mark.parametrize("name", ["empty.json", "empty.csv", "blank.yaml"])
def test_empty_files_are_not_registered_as_sources(
    organization, tmp_path: Path, capsys, name: str
) -> None:
    from rempart.store.models import AdvisorySource

    empty = tmp_path / name
    empty.write_bytes(b"" if name.startswith("empty") else b"\n \n")
    code, out = _cli(capsys, "import", str(empty))
    assert code == 2
    assert "empty" in out
    assert not AdvisorySource.objects.exists()


def _epss_scores() -> dict[str, float]:
    from rempart.store.models import EpssScore

    return dict(EpssScore.objects.values_list("cve_id", "score"))


@pytest.mark.parametrize(
    "damaged",
    [
        (HOSTILE / "epss-all-invalid.csv").read_bytes(),
        EPSS + b"CVE-2024-12345,0.5\n",  # one short row
        EPSS + b'CVE-2024-12345,"' + b"9" * (129 * 1024) + b'",0.5\n',  # _csv.Error
        gzip.compress(EPSS.split(b"\n", 2)[0] + b"\ncve,epss,percentile\n"),  # header only
        EPSS[:20],
    ],
    ids=["all rows invalid", "one short row", "field over 128 KiB", "no rows", "truncated"],
)
def test_damaged_epss_files_keep_the_scores(
    organization, tmp_path: Path, capsys, damaged: bytes
) -> None:
    good = tmp_path / "epss_scores-2025-08-25.csv"
    good.write_bytes(EPSS)
    assert _cli(capsys, "import", str(good))[0] == 0
    scores = _epss_scores()
    assert len(scores) == 3
    bad = tmp_path / ("epss_scores-2025-08-26.csv" + (".gz" if damaged[:2] == b"\x1f\x8b" else ""))
    bad.write_bytes(damaged)
    code, out = _cli(capsys, "import", str(bad))
    assert code == 2, out
    assert _epss_scores() == scores


def test_scan_against_the_alias_bomb_exits_2(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    sbom = Path(__file__).resolve().parents[2] / "src/rempart/demo_data/sboms"
    gateway = sbom / "gridlink-gateway-firmware-3.0.0.cdx.json"
    capsys.readouterr()
    code = run(["scan", str(gateway), "--advisories", str(HOSTILE / "osv-alias-bomb.yaml")])
    captured = capsys.readouterr()
    assert code == 2
    assert "anchor or alias" in captured.out + captured.err


def test_skipped_osv_records_are_shown_with_their_location(organization, capsys) -> None:
    code, out = _cli(capsys, "import", str(HOSTILE / "osv-text-rules.json"), "--no-rescan")
    assert code == 0  # one bad record never aborts the import
    assert "(GHSA-bad0-0000-0001): bad_text: /details" in " ".join(out.split())
    argv = ["advisories", "import", str(HOSTILE / "osv-text-rules.json"), "--format", "json"]
    assert run(argv) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert (result["records"], len(result["skipped_records"])) == (1, 8)


def test_a_refusal_quoting_a_lone_surrogate_is_printed_not_a_crash(
    organization, capsys, tmp_path: Path
) -> None:
    """Found by fuzzing: the skipped record's location quotes a key no terminal can write."""
    path = tmp_path / "surrogate.json"
    good = {
        "id": "OK-1",
        "modified": "2025-01-01T00:00:00Z",
        "affected": [{"package": {"ecosystem": "PyPI", "name": "jinja2"}, "versions": ["2.0"]}],
    }
    path.write_bytes(b'[{"id": ["a", {"\\ud800": "x"}]}, ' + json.dumps(good).encode() + b"]")
    code, out = _cli(capsys, "import", str(path), "--no-rescan")
    assert code == 0
    assert "/id/1/\\ud800 (key)" in " ".join(out.split())
    assert run(["advisories", "import", str(path), "--no-rescan", "--format", "json"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert any("\\ud800" in line for line in result["skipped_records"])
