"""The shrink rule of feed snapshots (issue 17): empty or more-than-half removals refused."""

from __future__ import annotations

import pytest

from rempart.core.error_kinds import rule_for
from rempart.core.snapshots import SnapshotShrinks, check_snapshot, shrink_reason


@pytest.mark.parametrize(
    ("before", "after", "removed", "refused"),
    [
        (0, 0, 0, True),  # a first import of nothing registers nothing
        (1404, 0, 1404, True),
        (1404, 1, 1403, True),
        (1404, 702, 702, False),  # exactly half removed: allowed
        (1404, 701, 703, True),
        (1404, 1404, 1404, True),  # same size, but every id replaced
        (1373, 1404, 0, False),  # the real catalog update
        (0, 5, 0, False),
        (202, 150, 52, False),
    ],
)
def test_shrink_reason(before: int, after: int, removed: int, refused: bool) -> None:
    assert (shrink_reason(before, after, removed) is not None) is refused


def test_refusal_names_the_source_the_reason_and_the_way_out() -> None:
    with pytest.raises(SnapshotShrinks) as refused:
        check_snapshot("kev", 1404, 1, 1403)
    error = refused.value
    assert "'kev'" in error.message
    assert "1,403 of the 1,404" in error.message
    assert "--allow-shrink" in error.message
    assert error.problems[0].field == "kev"
    assert (rule_for(error).exit_code, rule_for(error).http_status) == (2, 422)


def test_allow_shrink_lets_it_through() -> None:
    check_snapshot("kev", 1404, 0, 1404, allow_shrink=True)
