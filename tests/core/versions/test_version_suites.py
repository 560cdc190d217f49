"""Each ecosystem's ordering checked against cases from the tool that defines it.

The cases live in ``suites/*.txt`` (sources, commits and licences in ``suites/README.md``):
apk-tools, dpkg, rpm, Maven ComparableVersion, Composer, node-semver, Gem::Version, NuGet,
Cargo's semver crate and OSV-Scanner's PyPI fixtures (PEP 440 and pip's legacy rules). A
case holds when our scheme orders the pair as the tool does, in both directions.

Some cases name versions our schemes refuse on purpose; each is listed in ``REFUSED`` with
the reason, and a case may only fail that way: nothing else is skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rempart.core.versions.alpine import APK
from rempart.core.versions.debian import DPKG
from rempart.core.versions.maven import MAVEN
from rempart.core.versions.nuget import NUGET
from rempart.core.versions.packagist import PACKAGIST
from rempart.core.versions.pep440 import PEP440
from rempart.core.versions.rpm import RPM
from rempart.core.versions.rubygems import GEM
from rempart.core.versions.scheme import VersionScheme
from rempart.core.versions.semver import NPM, SEMVER

SUITES = Path(__file__).parent / "suites"
SCHEMES: dict[str, VersionScheme] = {
    "apk": APK,
    "dpkg": DPKG,
    "rpm": RPM,
    "maven": MAVEN,
    "composer": PACKAGIST,
    "npm": NPM,
    "gem": GEM,
    "nuget": NUGET,
    "cargo": SEMVER,
    "pypi": PEP440,
}
_SIGN = {"<": -1, "=": 0, ">": 1}

# Versions the tool itself calls invalid or merely tolerates, which our schemes refuse, so a
# component at such a version is reported "not assessed: unparsable version".
REFUSED: dict[str, dict[str, str]] = {
    "apk": {
        "1.0bc": "two letters: apk_version_validate() says invalid ('# invalid' in the file)",
        "23_foo": "unknown suffix _foo: apk_version_validate() says invalid",
    },
    "dpkg": dict.fromkeys(
        "1:foo foo 0:foo foo- foo-0 fo foo+ foo~1 foo~foo+Bar foo~foo+bar foo~~ foo~ "
        "foo-01 foo.bar foobar foo1bar foo0bar foo-1 foo2.0 foo2 foo2.0.0 foo2.10.0 "
        "foo2.10 foo2.1 a-0 b-0".split(),
        "does not start with a digit: dpkg warns, Debian policy forbids it",
    ),
    "rpm": dict.fromkeys(
        "a a+ a_ +a _a +_ _+ + _".split(),
        "no digit at all, or starting with a separator: not a package version",
    ),
}


def _cases(name: str) -> tuple[list[tuple[str, int, str, bool]], list[str]]:
    """(left, expected sign, right, build-metadata row) pairs and the 'refused' lines."""
    cases: list[tuple[str, int, str, bool]] = []
    refused: list[str] = []
    for raw in (SUITES / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("-") else raw.strip()
        if not line:
            continue
        words = line.split()
        if words[0] == "order":
            versions = words[1:]
            cases.extend(
                (low, -1, high, False)
                for i, low in enumerate(versions)
                for high in versions[i + 1 :]
            )
        elif words[0] == "refused":
            refused.append(words[1])
        elif words[0] == "build":
            cases.append((words[1], _SIGN[words[2]], words[3], True))
        else:
            cases.append((words[0], _SIGN[words[1]], words[2], False))
    return cases, refused


def _run(name: str) -> tuple[int, list[str], list[str]]:
    """(cases that hold, failures, refused versions) of one suite."""
    scheme, allowed = SCHEMES[name], REFUSED.get(name, {})
    cases, refused = _cases(name)
    held, failures, skipped = 0, [], []
    for left, sign, right, build in cases:
        bad = [v for v in (left, right) if not scheme.is_valid(v)]
        if bad:
            unexpected = [v for v in bad if v not in allowed]
            if unexpected:
                failures.append(f"{left} vs {right}: refused {unexpected}")
            skipped.extend(bad)
            continue
        expected = 0 if build else sign  # precedence ignores build metadata (SemVer §11)
        got, mirrored = scheme.compare(left, right), scheme.compare(right, left)
        if got == expected and mirrored == -expected:
            held += 1
        else:
            failures.append(f"{left} {'<=>'[sign + 1]} {right}: got {got}, mirrored {mirrored}")
    failures.extend(f"{v} should be refused" for v in refused if scheme.is_valid(v))
    return held, failures, skipped + refused


#: cases that hold per ecosystem (reported in docs/version-correctness.md)
EXPECTED_COUNTS = {
    "apk": 704,
    "dpkg": 32,
    "rpm": 64,
    "maven": 611,
    "composer": 11,
    "npm": 21,
    "gem": 24,
    "nuget": 13,
    "cargo": 44,
    "pypi": 37,
}


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_suite_holds(name: str) -> None:
    held, failures, _refused = _run(name)
    assert failures == []
    assert held == EXPECTED_COUNTS[name]
