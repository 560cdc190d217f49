"""Chart builders: coordinates, scales, clamping, and refusals (no Django, no browser)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from rempart.core.charts.bars import bars, nice_ceiling, stacked_bars, trend
from rempart.core.charts.heatmap import heat_map
from rempart.core.charts.timeline import LaneIn, MarkIn, SpanIn, moment, timeline

SEVERITIES = [("critical", "Critical"), ("high", "High"), ("low", "Low")]


def test_stacked_segments_follow_the_key_order_and_share_one_scale() -> None:
    chart = stacked_bars(
        "Findings",
        "by severity",
        [("1.0", {"critical": 2, "high": 2}), ("2.0", {"low": 1})],
        SEVERITIES,
    )
    first, second = chart.rows
    assert chart.maximum == 4
    assert [s.key for s in first.segments] == ["critical", "high"]
    # the longest row fills the bar area; segments are contiguous
    assert first.segments[0].x == chart.label_width
    assert first.segments[1].x == pytest.approx(first.segments[0].x + first.segments[0].width)
    assert sum(s.width for s in first.segments) == pytest.approx(chart.bar_width)
    assert second.segments[0].width == pytest.approx(chart.bar_width / 4)
    assert second.y > first.y
    assert [item.key for item in chart.legend] == ["critical", "high", "low"]
    assert chart.height > second.y


def test_zero_values_draw_no_segment_and_an_all_zero_chart_keeps_a_scale() -> None:
    chart = stacked_bars("t", "d", [("1.0", {"critical": 0})], SEVERITIES)
    assert chart.rows[0].segments == ()
    assert chart.rows[0].total_text == "0"
    assert chart.maximum == 1


def test_negative_values_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        stacked_bars("t", "d", [("x", {"high": -1})], SEVERITIES)


def test_a_fixed_maximum_caps_the_bar_and_keeps_the_unit() -> None:
    chart = bars("Score", "d", [("NTIA", 50), ("BSI", 120)], maximum=100, unit="%")
    ntia, bsi = chart.rows
    assert ntia.segments[0].width == pytest.approx(chart.bar_width / 2)
    assert bsi.segments[0].width == pytest.approx(chart.bar_width)
    assert ntia.total_text == "50%"
    assert chart.legend == ()  # one key: the title says it


def test_bars_beyond_the_limit_are_summed_as_other() -> None:
    chart = bars("Licences", "d", [("MIT", 5), ("BSD", 3), ("GPL", 2), ("ISC", 1)], limit=3)
    assert [(r.label, r.total) for r in chart.rows] == [("MIT", 5), ("BSD", 3), ("other", 3)]


def test_trend_places_points_in_time_order_on_one_scale() -> None:
    t1, t2, t3 = (datetime(2026, 1, d, tzinfo=UTC) for d in (1, 2, 11))
    chart = trend("Trend", "d", [("open", "Open", [(t3, 4), (t1, 0), (t2, 2)])])
    points = chart.series[0].points
    assert [p.when for p in points] == [t1, t2, t3]
    assert points[0].x == chart.plot_left
    assert points[-1].x == chart.plot_right
    assert points[1].x == pytest.approx(chart.plot_left + (chart.plot_right - chart.plot_left) / 10)
    assert points[0].y == chart.plot_bottom
    assert chart.maximum == 5  # 4 rounded up to a number people read
    top = chart.plot_bottom - (chart.plot_bottom - chart.plot_top) * 4 / 5
    assert points[-1].y == pytest.approx(top)
    assert chart.series[0].polyline.count(",") == 3
    assert [(t.label, t.anchor) for t in chart.x_ticks] == [
        ("2026-01-01", "start"),
        ("2026-01-11", "end"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (1, 1), (3, 5), (34, 50), (104, 200), (2400, 2500), (10, 10)]
)
def test_axis_maxima_are_round_numbers(value: float, expected: float) -> None:
    assert nice_ceiling(value) == expected


def test_a_trend_within_one_day_labels_its_ends_with_the_time() -> None:
    t1 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    t2 = datetime(2026, 1, 1, 17, 30, tzinfo=UTC)
    chart = trend("T", "d", [("a", "A", [(t1, 1), (t2, 2)])])
    assert [t.label for t in chart.x_ticks] == ["2026-01-01 09:00", "2026-01-01 17:30"]


def test_an_empty_trend_says_so() -> None:
    assert trend("Trend", "d", [("open", "Open", [])]).empty


def test_heat_map_cells_marks_and_arrows() -> None:
    chart = heat_map(
        "Risks",
        "d",
        ["high", "low"],
        ["minor", "major"],
        {("high", "major"): ("red", "High"), ("low", "minor"): ("green", "Low")},
        keys=[("red", "High"), ("green", "Low")],
        marks={("high", "major"): ["R1"], ("low", "minor"): ["R1→"]},
        moves=[
            ("R1", ("high", "major"), ("low", "minor")),
            ("R2", ("low", "minor"), ("low", "minor")),
        ],
    )
    assert len(chart.cells) == 4
    assert chart.cell("high", "minor").key == "none"
    top_right = chart.cell("high", "major")
    assert top_right.marks == ("R1",)
    assert top_right.x > chart.cell("high", "minor").x
    assert chart.cell("low", "minor").y > top_right.y
    (arrow,) = chart.arrows  # a risk that does not move draws no arrow
    bottom_left = chart.cell("low", "minor")
    # from the inherent cell towards the residual one, both ends pulled in off the labels
    assert top_right.x < arrow.x1 < top_right.centre_x
    assert top_right.centre_y < arrow.y1 < top_right.y + top_right.height
    assert bottom_left.centre_x < arrow.x2 < bottom_left.x + bottom_left.width
    assert bottom_left.y < arrow.y2 < bottom_left.centre_y


def test_heat_map_refuses_unknown_keys_and_duplicate_labels() -> None:
    with pytest.raises(ValueError, match="unknown key"):
        heat_map("t", "d", ["a"], ["b"], {("a", "b"): ("blue", "?")}, keys=[("red", "Red")])
    with pytest.raises(ValueError, match="unique"):
        heat_map("t", "d", ["a", "a"], ["b"], {}, keys=[])


def test_timeline_places_references_spans_and_clamps_to_the_axis() -> None:
    chart = timeline(
        "Support",
        "d",
        [
            LaneIn("A", spans=[SpanIn("A support", date(2025, 1, 1), date(2040, 1, 1), "support")]),
            LaneIn("B", spans=[SpanIn("B support", date(2026, 1, 1), None, "support")]),
        ],
        references=[
            MarkIn("today", date(2026, 12, 5), "today"),
            MarkIn("CRA", date(2027, 12, 11), "legal"),
        ],
        start=date(2024, 12, 1),
        end=date(2028, 12, 31),
    )
    a, b = chart.lanes
    assert a.spans[0].x + a.spans[0].width == pytest.approx(640 - 16)  # clamped to the end
    assert b.spans[0].end is None
    assert b.spans[0].x > a.spans[0].x
    today, cra = chart.references
    assert today.label == "today"
    assert today.x < cra.x
    assert b.y > a.y


def test_timeline_bounds_default_to_the_moments_named_with_a_margin() -> None:
    detected = datetime(2026, 10, 1, 8, tzinfo=UTC)
    chart = timeline(
        "Case",
        "d",
        [
            LaneIn(
                "stages",
                marks=[
                    MarkIn("detected", detected, "done"),
                    MarkIn("24 h", datetime(2026, 10, 2, 8, tzinfo=UTC), "due"),
                ],
            )
        ],
    )
    first, second = chart.lanes[0].marks
    assert chart.start < detected < chart.end
    assert 150 < first.x < second.x < 640 - 16


def test_timeline_refuses_naive_times_and_nothing_to_place() -> None:
    with pytest.raises(ValueError, match="naive"):
        moment(datetime(2026, 1, 1))  # noqa: DTZ001 (the refusal under test)
    with pytest.raises(ValueError, match="at least one"):
        timeline("t", "d", [])


def test_mark_captions_alternate_above_and_below_and_face_the_middle() -> None:
    day = datetime(2026, 10, 1, tzinfo=UTC)
    chart = timeline(
        "Case",
        "d",
        [
            LaneIn(
                "events",
                marks=[
                    MarkIn("aware", day.replace(hour=9), "event", "aware"),
                    MarkIn("detected", day.replace(hour=8), "event", "detected"),
                    MarkIn("due", day.replace(day=4), "due", "due"),
                ],
            )
        ],
    )
    detected, aware, due = chart.lanes[0].marks  # in time order
    assert [m.caption for m in (detected, aware, due)] == ["detected", "aware", "due"]
    assert detected.caption_y < detected.y < aware.caption_y  # above, then below
    assert detected.caption_anchor == "start"
    assert detected.caption_x > detected.x
    assert due.caption_anchor == "end"  # near the right edge: written leftwards
    assert due.caption_x < due.x


def test_reference_labels_on_one_row_never_overlap() -> None:
    """The CRA's dates and today sit close together on a support timeline to the 2030s."""
    from rempart.core.charts.timeline import half_width

    references = [
        MarkIn("notified bodies 2026-06-11", date(2026, 6, 11), "legal"),
        MarkIn("Art. 14 reporting 2026-09-11", date(2026, 9, 11), "legal"),
        MarkIn("today 2026-12-05", date(2026, 12, 5), "today"),
        MarkIn("CRA applies 2027-12-11", date(2027, 12, 11), "legal"),
    ]
    chart = timeline(
        "Support periods",
        "d",
        [LaneIn("Router", spans=[SpanIn("r", date(2025, 1, 1), date(2036, 4, 1), "support")])],
        references=references,
        start=date(2025, 1, 1),
        end=date(2037, 1, 1),
    )
    refs = list(chart.references)
    assert len({r.label_y for r in refs}) > 1
    for i, a in enumerate(refs):
        for b in refs[i + 1 :]:
            if a.label_y == b.label_y:
                assert abs(a.x - b.x) >= half_width(a.label) + half_width(b.label)
