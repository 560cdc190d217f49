"""Maven ComparableVersion: qualifier order, aliases, the `release` alias univers misses."""

from __future__ import annotations

import pytest

from rempart.core.versions.maven import MAVEN

from .vectors import check_table


def test_qualifier_order() -> None:
    check_table(
        MAVEN,
        """
        1.0-alpha-1 < 1.0-beta-1
        1.0-beta-1 < 1.0-milestone-1
        1.0-milestone-1 < 1.0-rc-1
        1.0-rc-1 < 1.0-SNAPSHOT
        1.0-SNAPSHOT < 1.0
        1.0 < 1.0-sp-1
        1.0-sp-1 < 1.0-foo
        1.0-foo < 1.0.1
        1.0-rc1 = 1.0-cr1
        1.0a1 = 1.0-alpha-1
        1.0b2 = 1.0-beta-2
        1.0m3 = 1.0-milestone-3
        1-1 < 1.1
        """,
    )


def test_release_aliases() -> None:
    check_table(
        MAVEN,
        """
        1.0.RELEASE = 1.0
        1release = 1
        1-release = 1
        5.3.20.RELEASE < 5.3.21
        5.3.20.RELEASE > 5.3.20.RC1
        2.0.0.Final = 2.0.0
        1.0-ga = 1.0
        1.0.GA < 1.0.SP1
        """,
    )


def test_trailing_zeros_and_case() -> None:
    check_table(
        MAVEN,
        """
        2.0 = 2.0.0
        2.0 = 2.0.0.0
        1.0-ALPHA1 = 1.0-alpha1
        2.17.1 > 2.17.0
        2.17.1 < 2.17.10
        """,
    )


@pytest.mark.parametrize("invalid", ["", " ", "-1", "1 0", ".1"])
def test_invalid_maven_versions(invalid: str) -> None:
    assert MAVEN.try_parse(invalid) is None


def test_nested_lists_normalize_innermost_first() -> None:
    # Found by the total-order property: univers left 0-0-0 below 0.alpha though 0-0-0 = 0.0.
    check_table(
        MAVEN,
        """
        0-0-0 = 0.0
        0.alpha < 0-0-0
        1-0-0 = 1
        1-0-1 > 1
        1.0-alpha-0 = 1.0-alpha
        """,
    )
