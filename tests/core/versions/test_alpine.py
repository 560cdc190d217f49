"""apk ordering (Alpine, Wolfi): suffixes, letters, revisions, leading zeros."""

from __future__ import annotations

import pytest

from rempart.core.versions.alpine import APK

from .vectors import check_table


def test_suffixes_and_revisions() -> None:
    check_table(
        APK,
        """
        1.2_alpha1 < 1.2_beta1
        1.2_beta1 < 1.2_pre1
        1.2_pre1 < 1.2_rc1
        1.2_rc1 < 1.2
        1.2 < 1.2_cvs1
        1.2_cvs1 < 1.2_svn1
        1.2_svn1 < 1.2_git20230101
        1.2_git20230101 < 1.2_hg1
        1.2_hg1 < 1.2_p1
        1.2_p1 < 1.2.1
        1.2_rc < 1.2_rc1
        1.2-r0 > 1.2
        1.2-r1 < 1.2-r10
        1.2.1-r0 > 1.2-r9
        1.2a > 1.2
        1.2a < 1.2.1
        1.2a-r1 > 1.2-r9
        0.1.0_alpha_pre2 < 0.1.0_alpha
        3.0.20060720 < 20060720
        """,
    )


def test_leading_zero_components_compare_as_fractions() -> None:
    check_table(
        APK,
        """
        1.02 < 1.1
        1.02 < 1.03-r1
        1.2.07.8 < 1.2.12.04
        1.06-r6 < 006
        1.0 < 1.05
        """,
    )


@pytest.mark.parametrize("invalid", ["", "abc", "1.2_foo", "1.2-r", "1.2ab", "1..2"])
def test_invalid_apk_versions(invalid: str) -> None:
    assert APK.try_parse(invalid) is None
