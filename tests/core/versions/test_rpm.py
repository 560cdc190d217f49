"""rpmvercmp ordering: epochs, tilde pre-releases, caret post-releases."""

from __future__ import annotations

import pytest

from rempart.core.versions.rpm import RPM

from .vectors import check_table


def test_tilde_caret_and_epochs() -> None:
    check_table(
        RPM,
        """
        1.0~rc1 < 1.0
        1.0~rc1 < 1.0~rc2
        1.0^git1 > 1.0
        1.0^git1 < 1.0.1
        1.0^ > 1.0
        1.0~rc1^git1 < 1.0~rc1^git2
        1.0~rc1^git1 < 1.0
        1:1.0 > 2.0
        0:1.0 = 1.0
        1.0-1.el8 < 1.0-2.el8
        1.0-1.el8 < 1.0-1.el8_1
        2.4.6-45.el8 > 2.4.6-9.el8
        1.0a < 1.0b
        1.0 < 1.0a
        """,
    )


@pytest.mark.parametrize("invalid", ["", "1.0 2", "x:1.0", "-"])
def test_invalid_rpm_versions(invalid: str) -> None:
    assert RPM.try_parse(invalid) is None
