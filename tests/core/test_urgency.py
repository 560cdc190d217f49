"""How urgent a due time looks: red under 6 hours or overdue, amber under 24 hours."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rempart.core.urgency import Urgency, urgency


@pytest.mark.parametrize(
    ("remaining", "expected"),
    [
        (timedelta(minutes=-1), Urgency.OVERDUE),
        (timedelta(0), Urgency.RED),
        (timedelta(hours=5, minutes=59), Urgency.RED),
        (timedelta(hours=6), Urgency.AMBER),
        (timedelta(hours=23, minutes=59), Urgency.AMBER),
        (timedelta(hours=24), Urgency.CALM),
        (timedelta(days=30), Urgency.CALM),
    ],
)
def test_thresholds(remaining: timedelta, expected: Urgency) -> None:
    assert urgency(remaining) is expected
