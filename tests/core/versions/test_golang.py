"""Go module versions: v prefix, +incompatible, pseudo-versions, toolchain tags."""

from __future__ import annotations

import pytest

from rempart.core.versions.golang import GO

from .vectors import check_table


def test_v_prefix_optional_and_incompatible_ignored() -> None:
    check_table(
        GO,
        """
        v1.2.3 = 1.2.3
        v2.0.0+incompatible = v2.0.0
        v2.0.0+incompatible > v1.9.9
        v1 = v1.0.0
        v1.2 = v1.2.0
        """,
    )


def test_pseudo_versions_sort_like_the_go_command() -> None:
    check_table(
        GO,
        """
        v0.0.0-20191109021931-daa7c04131f5 < v0.0.0-20200101000000-000000000000
        v0.0.0-20191109021931-daa7c04131f5 < v0.0.1
        v1.2.3 < v1.2.4-0.20191109021931-daa7c04131f5
        v1.2.4-0.20191109021931-daa7c04131f5 < v1.2.4
        v1.2.4-pre < v1.2.4-pre.0.20191109021931-daa7c04131f5
        v1.2.4-pre.0.20191109021931-daa7c04131f5 < v1.2.4
        v0.17.0 > v0.0.0-20231010000000-aaaaaaaaaaaa
        """,
    )


def test_toolchain_tags_match_the_go_database_spelling() -> None:
    check_table(
        GO,
        """
        go1.21 = 1.21.0
        go1.21.3 = 1.21.3
        go1.21rc2 = 1.21.0-rc.2
        go1.21rc2 < go1.21
        go1.9beta1 < go1.9
        go1.20.10 > 1.20.9
        """,
    )


@pytest.mark.parametrize("invalid", ["1.2", "latest", "v1.2.3.4", "go", "master", "v01.2.3"])
def test_invalid_go_versions(invalid: str) -> None:
    assert GO.try_parse(invalid) is None
