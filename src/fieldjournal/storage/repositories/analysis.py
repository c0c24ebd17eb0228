"""The analysis views' numbers, counted by SQLite with GROUP BY, never row by row in Python.

Each view is one query of ``(first_key, second_key, entry_id)`` rows, one row per thing
counted (a use of a code in a period, an entry of a kind in a week, a pair of codes in an
entry...). Its marks are that query grouped by the two keys; the entries behind a mark are
the same query narrowed to the mark's keys, so a mark and its entries always agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    String,
    Subquery,
    case,
    cast,
    func,
    literal,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from fieldjournal.domain.analysis import (
    ActivityBy,
    ChartFilter,
    ChartOptions,
    ChartView,
    Cooccurrence,
    Period,
)
from fieldjournal.domain.codepaths import SEPARATOR
from fieldjournal.storage.models import (
    ActorRow,
    CodeRow,
    EntryActorRow,
    EntryCodeRow,
    EntryRow,
    SegmentRow,
)
from fieldjournal.storage.repositories import actors as actor_repo
from fieldjournal.storage.repositories import codes as code_repo

Marks = list[tuple[str, str, int]]


def _local_time() -> ColumnElement[Any]:
    """When the entry happened on the researcher's clock (the offset they typed it with)."""
    return func.datetime(EntryRow.occurred_at, func.printf("%+d minutes", EntryRow.occurred_offset))


def _period(local: ColumnElement[Any], period: Period) -> ColumnElement[Any]:
    if period is Period.MONTH:
        return func.substr(local, 1, 7)
    quarter = (cast(func.substr(local, 6, 2), Integer) + 2) // 3
    return func.substr(local, 1, 4).concat("-Q").concat(cast(quarter, String))


def _week(local: ColumnElement[Any]) -> ColumnElement[Any]:
    """The Monday that starts the entry's week (ISO weeks)."""
    return func.date(local, "weekday 0", "-6 days")


def code_subtree_ids(session: Session, paths: Iterable[str]) -> list[str]:
    """The ids of the codes at ``paths`` and of all their descendants (each once)."""
    ids: dict[str, None] = {}
    for path in paths:
        root = code_repo.get(session, path)
        ids.update((row.id, None) for row in code_repo.subtree(session, root))
    return list(ids)


def _kept(session: Session, flt: ChartFilter) -> list[ColumnElement[bool]]:
    """Conditions on ``entry`` for the live entries the filter keeps.

    Conditions on the table itself, not a subquery of it, so every view reaches an entry
    by its primary key from the rows it counts (segments, codings, links).
    """
    kept: list[ColumnElement[bool]] = [EntryRow.deleted_at.is_(None)]
    if flt.since is not None:
        kept.append(EntryRow.occurred_at >= flt.since)
    if flt.until is not None:
        kept.append(EntryRow.occurred_at <= flt.until)
    if flt.kinds:
        kept.append(EntryRow.kind.in_(sorted(k.value for k in flt.kinds)))
    if flt.sites:
        kept.append(func.lower(EntryRow.site).in_(sorted(flt.sites)))
    if flt.actors:
        ids = sorted({actor_repo.get(session, name).id for name in flt.actors})
        kept.append(
            EntryRow.id.in_(select(EntryActorRow.entry_id).where(EntryActorRow.actor_id.in_(ids)))
        )
    if flt.codes:
        ids = code_subtree_ids(session, flt.codes)
        kept.append(
            EntryRow.id.in_(select(EntryCodeRow.entry_id).where(EntryCodeRow.code_id.in_(ids)))
            | EntryRow.id.in_(select(SegmentRow.entry_id).where(SegmentRow.code_id.in_(ids)))
        )
    return kept


def _counted_codes(session: Session, flt: ChartFilter) -> list[ColumnElement[bool]]:
    """Conditions on ``code`` for the codes a view counts: the filter's subtree, or all."""
    return [CodeRow.id.in_(code_subtree_ids(session, flt.codes))] if flt.codes else []


def _series(session: Session, flt: ChartFilter) -> ColumnElement[Any]:
    """What a use counts as in codes over time: one code counts its own uses, and each of
    its children its whole subtree; a chosen set, each code its subtree, a use going to
    the most specific code of the set that holds it (the top-level codes, without one)."""
    series = aliased(CodeRow)
    head: ColumnElement[Any]
    if len(flt.codes) > 1:
        chosen = sorted((code_repo.get(session, p).path for p in flt.codes), key=len, reverse=True)
        head = case(
            *(
                (
                    (CodeRow.path == path)
                    | (func.substr(CodeRow.path, 1, len(path) + 1) == path + SEPARATOR),
                    literal(path),
                )
                for path in chosen
            )
        )
    elif flt.codes:
        root = code_repo.get(session, flt.codes[0])
        prefix = root.path + SEPARATOR
        rest = func.substr(CodeRow.path, len(prefix) + 1)
        head = case(
            (CodeRow.id == root.id, CodeRow.path),
            else_=literal(prefix).concat(
                func.substr(rest, 1, func.instr(rest.concat(SEPARATOR), SEPARATOR) - 1)
            ),
        )
    else:
        head = func.substr(
            CodeRow.path, 1, func.instr(CodeRow.path.concat(SEPARATOR), SEPARATOR) - 1
        )
    return select(series.id).where(series.path == head).scalar_subquery()


def _uses(
    session: Session, flt: ChartFilter, columns: Callable[[Any], list[Any]], *, distinct: bool
) -> CompoundSelect[Any]:
    """``columns(source)`` for every use of a counted code in a kept entry: on a whole
    entry (``entry_code``) and on a segment; with ``distinct``, each row once."""
    branches = [
        select(*columns(source))
        .select_from(source)
        .join(EntryRow, EntryRow.id == source.entry_id)
        .join(CodeRow, CodeRow.id == source.code_id)
        .where(*_kept(session, flt), *_counted_codes(session, flt))
        for source in (EntryCodeRow, SegmentRow)
    ]
    return union(*branches) if distinct else union_all(*branches)


def view_rows(
    session: Session, view: ChartView, flt: ChartFilter, options: ChartOptions
) -> Subquery:
    """One row ``(first_key, second_key, entry_id)`` per thing the view counts."""
    query: Select[Any, Any, Any] | CompoundSelect[Any]
    if view is ChartView.ACTIVITY:
        split = EntryRow.kind if options.by is ActivityBy.KIND else EntryRow.site
        query = select(_week(_local_time()), split, EntryRow.id).where(*_kept(session, flt))
    elif view is ChartView.NETWORK:
        one, other = aliased(EntryActorRow), aliased(EntryActorRow)
        query = (
            select(one.actor_id, other.actor_id, one.entry_id)
            .join(EntryRow, EntryRow.id == one.entry_id)
            .join(other, (other.entry_id == one.entry_id) & (one.actor_id < other.actor_id))
            .where(*_kept(session, flt))
        )
    elif view is ChartView.CODES_OVER_TIME:
        series = _series(session, flt)
        period = _period(_local_time(), options.period)
        query = _uses(
            session, flt, lambda source: [period, series, source.entry_id], distinct=False
        )
    elif view is ChartView.COOCCURRENCE and options.cooccurrence is Cooccurrence.SEGMENTS:
        query = _overlapping(session, flt, options.gap)
    else:
        coded = _uses(
            session,
            flt,
            lambda source: [
                source.entry_id.label("entry_id"),
                source.code_id.label("code_id"),
                CodeRow.path.label("path"),
            ],
            distinct=True,
        ).subquery("coded")
        if view is ChartView.COOCCURRENCE:
            paired = coded.alias("paired")
            query = select(coded.c.code_id, paired.c.code_id, coded.c.entry_id).join(
                paired, (paired.c.entry_id == coded.c.entry_id) & (coded.c.path < paired.c.path)
            )
        elif view is ChartView.CODES_BY_ACTOR:
            query = select(EntryActorRow.actor_id, coded.c.code_id, coded.c.entry_id).join(
                EntryActorRow, EntryActorRow.entry_id == coded.c.entry_id
            )
        else:  # codes by sector: an entry counts once per sector, however many actors
            query = (
                select(func.coalesce(ActorRow.sector, ""), coded.c.code_id, coded.c.entry_id)
                .distinct()
                .join(EntryActorRow, EntryActorRow.entry_id == coded.c.entry_id)
                .join(ActorRow, ActorRow.id == EntryActorRow.actor_id)
            )
    rows = query.subquery("counted")
    first, second, entry = rows.c
    return (
        select(first.label("first_key"), second.label("second_key"), entry.label("entry_id"))
        .select_from(rows)
        .subquery("marked")
    )


def _overlapping(session: Session, flt: ChartFilter, gap: int) -> Select[Any, Any, Any]:
    """Pairs of segments of different codes that overlap, or lie within ``gap`` characters."""
    one, other = aliased(SegmentRow), aliased(SegmentRow)
    one_code, other_code = aliased(CodeRow), aliased(CodeRow)
    counted: list[ColumnElement[bool]] = []
    if flt.codes:
        ids = code_subtree_ids(session, flt.codes)
        counted = [one.code_id.in_(ids), other.code_id.in_(ids)]
    return (
        select(one.code_id, other.code_id, one.entry_id)
        .join(EntryRow, EntryRow.id == one.entry_id)
        .join(other, other.entry_id == one.entry_id)
        .join(one_code, one_code.id == one.code_id)
        .join(other_code, other_code.id == other.code_id)
        .where(*_kept(session, flt), *counted)
        .where(one_code.path < other_code.path)
        .where(one.start < other.end + literal(gap))
        .where(other.start < one.end + literal(gap))
    )


def marks(session: Session, view: ChartView, flt: ChartFilter, options: ChartOptions) -> Marks:
    """``(first_key, second_key, count)`` for every mark, in key order."""
    rows = view_rows(session, view, flt, options)
    query = (
        select(rows.c.first_key, rows.c.second_key, func.count())
        .group_by(rows.c.first_key, rows.c.second_key)
        .order_by(rows.c.first_key, rows.c.second_key)
    )
    return [(str(a), str(b), int(n)) for a, b, n in session.execute(query)]


def behind(
    session: Session,
    view: ChartView,
    flt: ChartFilter,
    options: ChartOptions,
    first_key: str,
    second_key: str | None,
) -> list[str]:
    """The ids of the entries behind a mark (``second_key`` None: any), oldest first."""
    if view is ChartView.NETWORK and second_key is None:  # a node: entries it takes part in
        return _actor_entries(session, flt, first_key)
    if view is ChartView.NETWORK and second_key is not None and second_key < first_key:
        first_key, second_key = second_key, first_key  # edges are counted with ids in order
    rows = view_rows(session, view, flt, options)
    narrowed = select(rows.c.entry_id).where(rows.c.first_key == first_key)
    if second_key is not None:
        narrowed = narrowed.where(rows.c.second_key == second_key)
    query = (
        select(EntryRow.id)
        .where(EntryRow.id.in_(narrowed))
        .order_by(EntryRow.occurred_at, EntryRow.id)
    )
    return list(session.scalars(query))


def _actor_entries(session: Session, flt: ChartFilter, actor_id: str) -> list[str]:
    query = (
        select(EntryRow.id)
        .join(EntryActorRow, EntryActorRow.entry_id == EntryRow.id)
        .where(EntryActorRow.actor_id == actor_id, *_kept(session, flt))
        .order_by(EntryRow.occurred_at, EntryRow.id)
    )
    return list(session.scalars(query))


def actor_sizes(session: Session, flt: ChartFilter) -> list[tuple[str, int]]:
    """Every actor of the filtered entries with how many of them it took part in."""
    query = (
        select(EntryActorRow.actor_id, func.count())
        .join(EntryRow, EntryRow.id == EntryActorRow.entry_id)
        .where(*_kept(session, flt))
        .group_by(EntryActorRow.actor_id)
        .order_by(EntryActorRow.actor_id)
    )
    return [(str(a), int(n)) for a, n in session.execute(query)]
