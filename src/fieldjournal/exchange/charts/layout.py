"""How a view's marks are laid out before drawing: every period on the axis, matrices.

Pure Python (no matplotlib), so the shapes can be tested and the table view can use them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from fieldjournal.domain.analysis import ChartData, ChartView, Mark

MOST_SERIES = 7  # and "Other": eight colours of the colour-blind-safe palette
MOST_ROWS = 30
OTHER = "Other"


def _month_index(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def periods_between(first: str, last: str) -> list[str]:
    """Every period from ``first`` to ``last``: months (2016-03), quarters (2016-Q1) or
    weeks (by their Monday, 2016-03-07), so an empty one shows as a gap."""
    if "-Q" in first:
        start = int(first[:4]) * 4 + int(first[-1]) - 1
        end = int(last[:4]) * 4 + int(last[-1]) - 1
        return [f"{i // 4:04d}-Q{i % 4 + 1}" for i in range(start, end + 1)]
    if len(first) == 7:
        return [
            f"{i // 12:04d}-{i % 12 + 1:02d}"
            for i in range(_month_index(first), _month_index(last) + 1)
        ]
    day, stop, weeks = date.fromisoformat(first), date.fromisoformat(last), []
    while day <= stop:
        weeks.append(day.isoformat())
        day += timedelta(days=7)
    return weeks


@dataclass(frozen=True, slots=True)
class Series:
    """One colour of a stacked bar chart: its count per period, and the mark of each bar."""

    label: str
    counts: tuple[int, ...]
    marks: tuple[Mark | None, ...]


@dataclass(frozen=True, slots=True)
class Stacked:
    periods: tuple[str, ...]
    series: tuple[Series, ...]


def stacked(data: ChartData, most: int = MOST_SERIES) -> Stacked:
    """Periods along the axis, the largest series first; past ``most``, the rest is "Other"."""
    if not data.marks:
        return Stacked((), ())
    ordered = sorted({m.first for m in data.marks})
    periods = periods_between(ordered[0], ordered[-1])
    totals = Counter[str]()
    for mark in data.marks:
        totals[mark.second] += mark.count
    names = sorted(totals, key=lambda name: (-totals[name], name.casefold()))
    shown = names if len(names) <= most + 1 else names[:most]
    at = {period: i for i, period in enumerate(periods)}
    series = []
    for name in shown:
        counts = [0] * len(periods)
        marks: list[Mark | None] = [None] * len(periods)
        for mark in data.marks:
            if mark.second == name:
                counts[at[mark.first]], marks[at[mark.first]] = mark.count, mark
        series.append(Series(name, tuple(counts), tuple(marks)))
    rest = [m for m in data.marks if m.second not in set(shown)]
    if rest:
        counts = [0] * len(periods)
        for mark in rest:
            counts[at[mark.first]] += mark.count
        series.append(Series(OTHER, tuple(counts), (None,) * len(periods)))
    return Stacked(tuple(periods), tuple(series))


@dataclass(frozen=True, slots=True)
class Matrix:
    """Rows × columns of counts (the largest first), with the mark of each cell."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    marks: tuple[tuple[Mark | None, ...], ...]
    dropped: int = 0  # rows and columns left out (the table shows them all)


def matrix(data: ChartData) -> Matrix:
    """Codes down the side, actors, sectors or codes across; co-occurrence is symmetric."""
    cells: dict[tuple[str, str], Mark] = {}
    for mark in data.marks:
        if data.view is ChartView.COOCCURRENCE:
            cells[(mark.first, mark.second)] = mark
            cells[(mark.second, mark.first)] = mark
        else:  # the code is the second column: it goes down the side
            cells[(mark.second, mark.first)] = mark
    row_totals, column_totals = Counter[str](), Counter[str]()
    for (row, column), mark in cells.items():
        row_totals[row] += mark.count
        column_totals[column] += mark.count

    def largest(totals: Counter[str]) -> list[str]:
        return sorted(totals, key=lambda name: (-totals[name], name.casefold()))[:MOST_ROWS]

    rows, columns = largest(row_totals), largest(column_totals)
    if data.view is ChartView.COOCCURRENCE:
        columns = rows
    dropped = len(row_totals) - len(rows) + len(column_totals) - len(columns)
    marks = tuple(tuple(cells.get((row, column)) for column in columns) for row in rows)
    counts = tuple(tuple(m.count if m else 0 for m in line) for line in marks)
    return Matrix(tuple(rows), tuple(columns), counts, marks, max(dropped, 0))
