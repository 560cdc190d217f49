"""dpkg ordering: epochs, tildes, revisions, +dfsg and security suffixes."""

from __future__ import annotations

import pytest

from rempart.core.versions.debian import DPKG

from .vectors import check_table


def test_epochs_tildes_and_revisions() -> None:
    check_table(
        DPKG,
        """
        1:0.1 > 2.0
        2:1.0 > 1:9.9
        1.0~rc1 < 1.0
        1.0~~ < 1.0~
        1.0~ < 1.0
        1.0 < 1.0+b1
        1.0-1 < 1.0-2
        1.0-1 < 1.0-1+deb12u1
        3.0.11-1~deb12u2 < 3.0.11-1
        2.9.14+dfsg-1.3~deb12u1 < 2.9.14+dfsg-1.3
        6.9.11.60+dfsg-1.3 > 6.9.11.6+dfsg-1.3
        1.0a < 1.0+
        1.0 = 1.00
        1.0-0 = 1.0
        """,
    )


@pytest.mark.parametrize("invalid", ["", "abc", "1.0 beta", "a1.0", "1:"])
def test_invalid_debian_versions(invalid: str) -> None:
    assert DPKG.try_parse(invalid) is None
