"""SemVer 2.0 precedence (semver.org section 11) for npm, crates.io and OSV SEMVER ranges."""

from __future__ import annotations

import pytest

from rempart.core.versions.semver import NPM, SEMVER, SEMVER_LENIENT

from .vectors import check_table


def test_semver_org_precedence_chain() -> None:
    # the example chain of semver.org 11.4
    check_table(
        SEMVER,
        """
        1.0.0-alpha < 1.0.0-alpha.1
        1.0.0-alpha.1 < 1.0.0-alpha.beta
        1.0.0-alpha.beta < 1.0.0-beta
        1.0.0-beta < 1.0.0-beta.2
        1.0.0-beta.2 < 1.0.0-beta.11
        1.0.0-beta.11 < 1.0.0-rc.1
        1.0.0-rc.1 < 1.0.0
        1.0.0 < 2.0.0
        2.0.0 < 2.1.0
        2.1.0 < 2.1.1
        """,
    )


def test_npm_prerelease_rules() -> None:
    check_table(
        NPM,
        """
        1.2.3-0 < 1.2.3
        1.2.3-alpha.9 < 1.2.3-alpha.10
        1.2.3-alpha.10 < 1.2.3-alpha.a
        1.2.3-Alpha < 1.2.3-alpha
        1.2.3-rc.1 < 1.2.4-0
        0.0.0-0 < 0.0.0
        v1.2.3 = 1.2.3
        =1.2.3 = 1.2.3
        1.2.3+build.1 = 1.2.3+build.2
        1.2.3+build = 1.2.3
        10.0.0 > 9.99.99
        """,
    )


@pytest.mark.parametrize(
    "invalid", ["1.2", "1", "01.2.3", "1.02.3", "1.2.3-01", "1.2.3-", "1.2.3+", "a.b.c", "1.2.3.4"]
)
def test_strict_semver_refuses_invalid(invalid: str) -> None:
    assert SEMVER.try_parse(invalid) is None


def test_crates_have_no_v_prefix_but_osv_semver_ranges_tolerate_one() -> None:
    assert SEMVER.try_parse("v1.0.0") is None
    assert SEMVER_LENIENT.compare("v1.0.0", "1.0.0") == 0
    assert NPM.try_parse("1.2") is None  # npm refuses partial versions too
