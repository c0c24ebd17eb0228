"""Chart layouts: every period on the axis, stacked series and matrices from the marks."""

from __future__ import annotations

from fieldjournal.domain.analysis import ChartData, ChartView, Mark
from fieldjournal.exchange.charts.layout import MOST_SERIES, OTHER, matrix, periods_between, stacked


def test_periods_between_fills_gaps_across_years() -> None:
    assert periods_between("2015-11", "2016-02") == ["2015-11", "2015-12", "2016-01", "2016-02"]
    assert periods_between("2015-Q4", "2016-Q2") == ["2015-Q4", "2016-Q1", "2016-Q2"]
    assert periods_between("2016-02-22", "2016-03-07") == ["2016-02-22", "2016-02-29", "2016-03-07"]


def test_stacked_keeps_seven_series_and_sums_the_rest_as_other() -> None:
    marks = tuple(Mark("2016-01", f"Code {i:02d}", 20 - i, "2016-01", str(i)) for i in range(10))
    marks += (Mark("2016-03", "Code 00", 5, "2016-03", "0"),)
    layout = stacked(ChartData(ChartView.CODES_OVER_TIME, marks))
    assert layout.periods == ("2016-01", "2016-02", "2016-03")
    assert [s.label for s in layout.series][:2] == ["Code 00", "Code 01"]
    assert len(layout.series) == MOST_SERIES + 1 and layout.series[-1].label == OTHER
    assert layout.series[0].counts == (20, 0, 5)
    assert layout.series[-1].counts == (13 + 12 + 11, 0, 0)
    assert layout.series[-1].marks == (None, None, None)
    assert layout.series[0].marks[2] == marks[-1]


def test_cooccurrence_matrix_is_symmetric_and_other_matrices_put_codes_down_the_side() -> None:
    pair = Mark("Care", "Trust", 3, "c", "t")
    cells = matrix(ChartData(ChartView.COOCCURRENCE, (pair,)))
    assert cells.rows == cells.columns == ("Care", "Trust")
    assert cells.counts == ((0, 3), (3, 0))
    by_actor = (Mark("Ann", "Trust", 2, "a", "t"), Mark("Bea", "Trust", 1, "b", "t"))
    cells = matrix(ChartData(ChartView.CODES_BY_ACTOR, by_actor))
    assert (cells.rows, cells.columns, cells.counts) == (("Trust",), ("Ann", "Bea"), ((2, 1),))
    assert cells.marks[0][1] == by_actor[1]


def test_many_periods_are_drawn_as_steps_whose_marks_are_found_by_position() -> None:
    from datetime import date, timedelta

    from fieldjournal.exchange.charts.figure import MOST_BARS, draw

    weeks = [(date(2016, 1, 4) + timedelta(weeks=i)).isoformat() for i in range(MOST_BARS + 20)]
    marks = tuple(Mark(week, "fieldnote", i + 1, week, "fieldnote") for i, week in enumerate(weeks))
    drawn = draw(ChartData(ChartView.ACTIVITY, marks))
    (steps,) = drawn.by_position
    assert drawn.mark_of(steps, 5) == marks[5]
    assert drawn.mark_of(steps, len(weeks)) is None
