"""PEP 440 ordering through ``packaging``: pre, post, dev, local, epoch, normalisation."""

from __future__ import annotations

import pytest

from rempart.core.versions.pep440 import PEP440, is_legacy
from rempart.core.versions.scheme import UnparsableVersion

from .vectors import check_table


def test_release_phases_order_dev_pre_final_post() -> None:
    check_table(
        PEP440,
        """
        1.0.dev0 < 1.0a1
        1.0a1 < 1.0a2
        1.0a2 < 1.0b1
        1.0b1 < 1.0rc1
        1.0rc1 < 1.0
        1.0 < 1.0.post1
        1.0.post1 < 1.0.1
        1.0a1.dev1 < 1.0a1
        1.0.post1.dev0 < 1.0.post1
        """,
    )


def test_normalisation_and_epochs() -> None:
    check_table(
        PEP440,
        """
        1.0 = 1.0.0
        1.0 = 1.0.0.0
        1.0RC1 = 1.0rc1
        1.0-alpha.1 = 1.0a1
        1.0c1 = 1.0rc1
        v1.0 = 1.0
        1!0.1 > 2.0
        1!1.0 < 2!0.1
        2013.10 < 2014.1
        """,
    )


def test_local_versions_sort_after_their_public_version() -> None:
    check_table(
        PEP440,
        """
        1.0 < 1.0+local
        1.0+abc < 1.0+abc.1
        1.0+1 > 1.0+abc
        1.0+local < 1.0.post1
        """,
    )


@pytest.mark.parametrize("legacy", ["0.7.10p1", "2.0.0-final-x", "2013-01-21T20:33:09+0100"])
def test_legacy_versions_are_ordered_before_every_pep440_version(legacy: str) -> None:
    assert is_legacy(legacy)
    assert PEP440.compare(legacy, "0.0.0.dev0") == -1


@pytest.mark.parametrize("bad", ["", "1.0 beta", " "])
def test_blank_and_spaced_versions_are_refused(bad: str) -> None:
    assert PEP440.try_parse(bad) is None
    with pytest.raises(UnparsableVersion):
        PEP440.parse(bad)


def test_parse_is_cached() -> None:
    PEP440.clear_cache()
    PEP440.parse("3.2.1")
    PEP440.parse("3.2.1")
    assert PEP440.cache_info().hits >= 1
