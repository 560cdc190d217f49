"""RubyGems, NuGet and Packagist (Composer) orderings."""

from __future__ import annotations

import pytest

from rempart.core.versions.nuget import NUGET
from rempart.core.versions.packagist import PACKAGIST
from rempart.core.versions.rubygems import GEM

from .vectors import check_table


def test_rubygems_prereleases_and_padding() -> None:
    check_table(
        GEM,
        """
        1.0.0.pre < 1.0.0
        1.0.a < 1.0
        1.0.0.beta2 < 1.0.0.rc1
        1.0.0-1 < 1.0.0
        1.0 = 1.0.0
        5.2.4.3 > 5.2.4
        6.0.0.rc1 < 6.0.0
        """,
    )


def test_nuget_fourth_part_and_case_insensitive_labels() -> None:
    check_table(
        NUGET,
        """
        1.0 = 1.0.0
        1.0.0.0 = 1.0.0
        1.0.0.1 > 1.0.0
        1.0.0-beta < 1.0.0
        1.0.0-Beta = 1.0.0-beta
        1.0.0+abc = 1.0.0
        1.0.0-alpha.10 > 1.0.0-alpha.9
        4.3.0-preview1-24530-04 < 4.3.0
        """,
    )


def test_packagist_composer_normalisation_and_php_order() -> None:
    check_table(
        PACKAGIST,
        """
        v2.1 = 2.1.0.0
        1.0 = 1.0.0
        1.0rc1 < 1.0
        1.0.0-dev < 1.0.0-alpha1
        1.0.0-alpha1 < 1.0.0-beta1
        1.0.0-beta1 < 1.0.0-RC1
        1.0.0-RC1 = 1.0.0-rc1
        1.0.0-RC1 < 1.0.0
        1.0.0 < 1.0.0-patch1
        1.0.0-pl1 = 1.0.0-p1
        5.4.1 < 5.4.10
        1.0.0 < 1.0.0.1
        dev-master < 1.0
        """,
    )


@pytest.mark.parametrize(
    ("scheme", "invalid"),
    [
        (GEM, "1.0 beta"),
        (GEM, ""),
        (NUGET, "abc"),
        (NUGET, "1..2"),
        (PACKAGIST, "~1.0"),
        (PACKAGIST, ""),
    ],
)
def test_invalid_versions(scheme: object, invalid: str) -> None:
    assert scheme.try_parse(invalid) is None  # type: ignore[attr-defined]
