"""The analysis views' numbers, counted by SQLite with GROUP BY, never row by row in Python.

Each view is one query of ``(first_key, second_key, entry_id)`` rows, one row per thing
counted (a use of a code in a period, an entry of a kind in a week, a pair of codes in an
entry...). Its marks are that query grouped by the two keys; the entries behind a mark are
the same query narrowed to the mark's keys, so a mark and its entries always agree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Subquery,
    cast,
    column,
    func,
    literal,
    select,
    union_all,
    values,
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


def code_subtree_ids(session: Session, path: str) -> list[str]:
    return [row.id for row in code_repo.subtree(session, code_repo.get(session, path))]


def _scoped(session: Session, flt: ChartFilter) -> Subquery:
    """The live entries the filter keeps, with when they happened on the researcher's clock."""
    query = select(
        EntryRow.id.label("entry_id"),
        EntryRow.kind.label("kind"),
        EntryRow.site.label("site"),
        _local_time().label("local"),
    ).where(EntryRow.deleted_at.is_(None))
    if flt.since is not None:
        query = query.where(EntryRow.occurred_at >= flt.since)
    if flt.until is not None:
        query = query.where(EntryRow.occurred_at <= flt.until)
    if flt.kinds:
        query = query.where(EntryRow.kind.in_(sorted(k.value for k in flt.kinds)))
    if flt.sites:
        query = query.where(func.lower(EntryRow.site).in_(sorted(flt.sites)))
    if flt.actors:
        ids = sorted({actor_repo.get(session, name).id for name in flt.actors})
        query = query.where(
            EntryRow.id.in_(select(EntryActorRow.entry_id).where(EntryActorRow.actor_id.in_(ids)))
        )
    if flt.code:
        ids = code_subtree_ids(session, flt.code)
        query = query.where(
            EntryRow.id.in_(select(EntryCodeRow.entry_id).where(EntryCodeRow.code_id.in_(ids)))
            | EntryRow.id.in_(select(SegmentRow.entry_id).where(SegmentRow.code_id.in_(ids)))
        )
    return query.subquery("scoped")


def series_of(session: Session, flt: ChartFilter, *, rolled_up: bool) -> list[tuple[str, str]]:
    """``(code id, counted as)`` for every code a view counts.

    Rolled up (codes over time): the filter's code counts its own uses, and each of its
    children counts its whole subtree (the top-level codes, without a code). Otherwise each
    code of the filter's subtree (or of the codebook) counts as itself.
    """
    rows = session.execute(select(CodeRow.id, CodeRow.path, CodeRow.parent_id)).all()
    if flt.code:
        root = code_repo.get(session, flt.code)
        root_id, prefix, depth = root.id, root.path + SEPARATOR, root.path.count(SEPARATOR) + 1
    else:
        root_id, prefix, depth = None, "", 0
    by_path = {path: code_id for code_id, path, _ in rows}
    mapping = []
    for code_id, path, _ in rows:
        if code_id == root_id:
            mapping.append((code_id, code_id))
        elif path.startswith(prefix):
            if not rolled_up:
                mapping.append((code_id, code_id))
                continue
            head = SEPARATOR.join(path.split(SEPARATOR)[: depth + 1])
            mapping.append((code_id, by_path[head]))
    return mapping


def _code_map(mapping: list[tuple[str, str]]) -> Any:
    return (
        values(column("code_id", String), column("series_id", String), name="code_map")
        .data(mapping or [("", "")])
        .cte("code_map")
    )


def _uses() -> Subquery:
    """Every use of a code: on a whole entry, or on a segment of it."""
    whole = select(EntryCodeRow.entry_id.label("entry_id"), EntryCodeRow.code_id.label("code_id"))
    parts = select(SegmentRow.entry_id.label("entry_id"), SegmentRow.code_id.label("code_id"))
    return union_all(whole, parts).subquery("uses")


def _coded(scoped: Subquery, code_map: Any) -> Subquery:
    """Each (entry, counted code) once, with the code's path (to order pairs by)."""
    uses = _uses()
    return (
        select(uses.c.entry_id, code_map.c.series_id.label("code_id"), CodeRow.path)
        .distinct()
        .join(scoped, scoped.c.entry_id == uses.c.entry_id)
        .join(code_map, code_map.c.code_id == uses.c.code_id)
        .join(CodeRow, CodeRow.id == code_map.c.series_id)
        .subquery("coded")
    )


def view_rows(
    session: Session, view: ChartView, flt: ChartFilter, options: ChartOptions
) -> Subquery:
    """One row ``(first_key, second_key, entry_id)`` per thing the view counts."""
    scoped = _scoped(session, flt)
    query: Select[Any, Any, Any]
    if view is ChartView.ACTIVITY:
        split = scoped.c.kind if options.by is ActivityBy.KIND else scoped.c.site
        query = select(_week(scoped.c.local), split, scoped.c.entry_id)
    elif view is ChartView.NETWORK:
        one, other = aliased(EntryActorRow), aliased(EntryActorRow)
        query = (
            select(one.actor_id, other.actor_id, one.entry_id)
            .join(scoped, scoped.c.entry_id == one.entry_id)
            .join(other, (other.entry_id == one.entry_id) & (one.actor_id < other.actor_id))
        )
    elif view is ChartView.CODES_OVER_TIME:
        uses = _uses()
        code_map = _code_map(series_of(session, flt, rolled_up=True))
        query = (
            select(_period(scoped.c.local, options.period), code_map.c.series_id, uses.c.entry_id)
            .join(scoped, scoped.c.entry_id == uses.c.entry_id)
            .join(code_map, code_map.c.code_id == uses.c.code_id)
        )
    elif view is ChartView.COOCCURRENCE and options.cooccurrence is Cooccurrence.SEGMENTS:
        query = _overlapping(session, flt, scoped, options.gap)
    else:
        coded = _coded(scoped, _code_map(series_of(session, flt, rolled_up=False)))
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
    first, second, entry = query.selected_columns
    return query.with_only_columns(
        first.label("first_key"), second.label("second_key"), entry.label("entry_id")
    ).subquery("counted")


def _overlapping(
    session: Session, flt: ChartFilter, scoped: Subquery, gap: int
) -> Select[Any, Any, Any]:
    """Pairs of segments of different codes that overlap, or lie within ``gap`` characters."""
    code_map = _code_map(series_of(session, flt, rolled_up=False))
    one, other = aliased(SegmentRow), aliased(SegmentRow)
    one_code, other_code = aliased(CodeRow), aliased(CodeRow)
    other_map = code_map.alias("other_map")
    return (
        select(one.code_id, other.code_id, one.entry_id)
        .join(scoped, scoped.c.entry_id == one.entry_id)
        .join(code_map, code_map.c.code_id == one.code_id)
        .join(other, other.entry_id == one.entry_id)
        .join(other_map, other_map.c.code_id == other.code_id)
        .join(one_code, one_code.id == one.code_id)
        .join(other_code, other_code.id == other.code_id)
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
    scoped = _scoped(session, flt)
    query = (
        select(EntryRow.id)
        .join(scoped, scoped.c.entry_id == EntryRow.id)
        .join(EntryActorRow, EntryActorRow.entry_id == EntryRow.id)
        .where(EntryActorRow.actor_id == actor_id)
        .order_by(EntryRow.occurred_at, EntryRow.id)
    )
    return list(session.scalars(query))


def actor_sizes(session: Session, flt: ChartFilter) -> list[tuple[str, int]]:
    """Every actor of the filtered entries with how many of them it took part in."""
    scoped = _scoped(session, flt)
    query = (
        select(EntryActorRow.actor_id, func.count())
        .join(scoped, scoped.c.entry_id == EntryActorRow.entry_id)
        .group_by(EntryActorRow.actor_id)
        .order_by(EntryActorRow.actor_id)
    )
    return [(str(a), int(n)) for a, n in session.execute(query)]
