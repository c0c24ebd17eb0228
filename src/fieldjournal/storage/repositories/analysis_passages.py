"""The coded passages behind a mark: the segments a view counted for it.

Codes over time counts each segment of a kept entry once, under its period and series;
co-occurrence of passages counts pairs of segments; the matrices of codes (with each
other, by actor, by sector) count entries that use a code, so the passages behind a cell
are that code's segments in the cell's entries. Each query is the view's own counting
narrowed to the mark, so what is listed is what was counted. Activity and the network
count entries and actors, not passages: nothing is listed for them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from fieldjournal.domain.analysis import ChartFilter, ChartOptions, ChartView, Cooccurrence
from fieldjournal.domain.records import Segment
from fieldjournal.storage.models import CodeRow, EntryRow, SegmentRow
from fieldjournal.storage.repositories import analysis as analysis_repo
from fieldjournal.storage.repositories.analysis import AnySelect


def passages(
    session: Session,
    view: ChartView,
    flt: ChartFilter,
    options: ChartOptions,
    first_key: str,
    second_key: str | None,
) -> tuple[Segment, ...]:
    """The segments behind a mark, in the order they were written in the fieldwork (by
    entry, then place in it); none for a view that counts no passages."""
    ids: Any
    if second_key is None or view in (ChartView.ACTIVITY, ChartView.NETWORK):
        return ()
    if view is ChartView.CODES_OVER_TIME:
        ids = _over_time(session, flt, options, first_key, second_key)
    elif view is ChartView.COOCCURRENCE and options.cooccurrence is Cooccurrence.SEGMENTS:
        ids = _overlapping(session, flt, options.gap, first_key, second_key)
    else:
        entries = analysis_repo.behind_query(session, view, flt, options, first_key, second_key)
        codes = [first_key, second_key] if view is ChartView.COOCCURRENCE else [second_key]
        ids = select(SegmentRow.id).where(
            SegmentRow.entry_id.in_(entries), SegmentRow.code_id.in_(codes)
        )
    query = (
        select(
            SegmentRow,
            CodeRow.path,
            func.substr(EntryRow.body, SegmentRow.start + 1, SegmentRow.end - SegmentRow.start),
        )
        .join(CodeRow, CodeRow.id == SegmentRow.code_id)
        .join(EntryRow, EntryRow.id == SegmentRow.entry_id)
        .where(SegmentRow.id.in_(ids))
        .order_by(EntryRow.occurred_at, EntryRow.id, SegmentRow.start, SegmentRow.end, CodeRow.path)
    )
    return tuple(
        Segment(
            id=row.id,
            entry_id=row.entry_id,
            code_path=path,
            start=row.start,
            end=row.end,
            text=text or "",
            created_at=row.created_at,
            memo=row.memo,
        )
        for row, path, text in session.execute(query)
    )


def _over_time(
    session: Session, flt: ChartFilter, options: ChartOptions, period: str, series: str
) -> AnySelect:
    """The segments among codes over time's uses, narrowed to one period and series."""
    uses = analysis_repo.over_time(session, flt, options)
    return select(uses.c.segment_id).where(
        uses.c.period == period, uses.c.series == series, uses.c.segment_id.is_not(None)
    )


def _overlapping(session: Session, flt: ChartFilter, gap: int, code_a: str, code_b: str) -> Any:
    """Both segments of every pair of ``code_a`` and ``code_b`` that co-occurred."""
    pairs = analysis_repo.overlapping_pairs(session, flt, gap, with_ids=True).subquery("pairs")
    a, b, _entry, one_id, other_id = pairs.c
    mark = (a == code_a) & (b == code_b)
    return union(select(one_id).where(mark), select(other_id).where(mark))
