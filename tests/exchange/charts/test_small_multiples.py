"""Small multiples: one chart per series on shared scales, page-sized, every bar clickable."""

from __future__ import annotations

from dataclasses import replace

import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb, to_rgba_array

from fieldjournal.domain.analysis import Arrangement, ChartData, ChartOptions, ChartView, Mark
from fieldjournal.exchange.charts.figure import (
    HEIGHT,
    MOST_HEIGHT,
    MOST_PANELS,
    OTHER_COLOUR,
    WIDTH,
    Drawn,
    draw,
    multiples,
    page_size,
)
from fieldjournal.exchange.charts.layout import OTHER

MULTIPLES = ChartOptions(arrangement=Arrangement.MULTIPLES)


def uses(codes: int) -> ChartData:
    """``codes`` codes over three months, code i used i + 1 times in January."""
    marks = tuple(
        Mark(month, f"Code {i:02d}", (i + 1) * (2 if month == "2016-01" else 1), month, str(i))
        for i in range(codes)
        for month in ("2016-01", "2016-03")
    )
    return ChartData(ChartView.CODES_OVER_TIME, marks, options=MULTIPLES)


def shown(data: ChartData) -> list[Axes]:
    return [axes for axes in draw(data).figure.axes if axes.axison]


@pytest.fixture(scope="module")
def five() -> tuple[ChartData, Drawn]:
    """Five codes drawn once (a grid of subplots is the slow part) for the tests that look."""
    data = uses(5)
    return data, draw(data)


def test_each_series_gets_its_own_chart_on_the_same_scales(five: tuple[ChartData, Drawn]) -> None:
    data, drawn = five
    panels = [axes for axes in drawn.figure.axes if axes.axison]
    assert [axes.get_title(loc="left") for axes in panels] == [
        f"Code {i:02d}" for i in range(4, -1, -1)
    ]
    assert len(drawn.figure.axes) == 6  # three columns, two rows: the last one is blank
    assert {axes.get_ylim() for axes in panels} == {panels[0].get_ylim()}
    assert panels[0].get_ylim()[1] >= 10  # the largest count fits on every chart
    marked = {mark for marks in drawn.marks.values() for mark in marks if mark}
    assert marked == set(data.marks)  # every bar leads to its mark
    (bars,) = panels[0].collections  # one artist for a series' bars
    heights = [round(bar.get_extents().height) for bar in bars.get_paths()]
    assert heights == [10, 0, 5]  # February is there, empty


def test_the_lowest_chart_of_each_column_names_the_periods(five: tuple[ChartData, Drawn]) -> None:
    panels = [axes for axes in five[1].figure.axes if axes.axison]
    labelled = [i for i, axes in enumerate(panels) if axes.xaxis.get_tick_params()["labelbottom"]]
    assert labelled == [2, 3, 4]  # the first row's third chart has none below it


def test_past_eleven_series_the_rest_is_one_grey_other() -> None:
    panels = shown(uses(MOST_PANELS + 3))
    assert len(panels) == MOST_PANELS
    assert panels[-1].get_title(loc="left") == OTHER
    colours = to_rgba_array(panels[-1].collections[0].get_facecolor())
    assert tuple(colours[0][:3]) == to_rgb(OTHER_COLOUR)


def test_the_page_grows_with_the_rows_up_to_the_text_block() -> None:
    assert page_size(uses(2)) == (WIDTH, HEIGHT)
    assert page_size(uses(9))[1] > HEIGHT  # three rows of three
    assert page_size(uses(40))[1] <= MOST_HEIGHT
    assert page_size(replace(uses(9), options=ChartOptions())) == (WIDTH, HEIGHT)


def test_only_charts_over_time_with_marks_are_drawn_as_multiples() -> None:
    assert multiples(uses(2))
    assert not multiples(uses(0))
    assert not multiples(replace(uses(2), view=ChartView.CODES_BY_SECTOR))
    assert len(shown(uses(0))) == 0  # nothing counted: the message, no empty grid
