"""The analysis views' numbers, counted by SQLite with GROUP BY, never row by row in Python.

Each view is one query of ``(first_key, second_key, entry_id)`` rows, one row per thing
counted (a use of a code in a period, an entry of a kind in a week, a pair of codes in an
entry...). Its marks are that query grouped by the two keys; the entries behind a mark are
the same query narrowed to the mark's keys, so a mark and its entries always agree. Two views
count their marks by a faster route to the same numbers: codes over time per period and
code first, co-occurrence in the same entry on integer keys mapped back to ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    CTE,
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
    literal_column,
    null,
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
AnySelect = Select[*tuple[Any, ...]]  # a query of any columns


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


def kept(session: Session, flt: ChartFilter) -> list[ColumnElement[bool]]:
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


def counted_codes(
    session: Session, flt: ChartFilter, code_id: Any = CodeRow.id
) -> list[ColumnElement[bool]]:
    """Conditions on ``code_id`` for the codes a view counts: the filter's subtree, or all."""
    return [code_id.in_(code_subtree_ids(session, flt.codes))] if flt.codes else []


def series_of(session: Session, flt: ChartFilter) -> ColumnElement[Any]:
    """What a use of ``code`` counts as in codes over time: one code counts its own uses,
    and each of its children its whole subtree; a chosen set, each code its subtree, a use
    going to the most specific code of the set that holds it (the top-level codes, without
    one)."""
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


def period_of(period: Period) -> ColumnElement[Any]:
    """The month or quarter an entry happened in, on the researcher's clock."""
    return _period(_local_time(), period)


def _materialized(query: AnySelect | CompoundSelect[Any], name: str) -> CTE:
    """``query`` worked out once per statement (SQLite would otherwise inline it into each
    place it is used, and count a join's rows again for every row of the other side)."""
    return query.cte(name).prefix_with("MATERIALIZED")


def _periods(session: Session, flt: ChartFilter, options: ChartOptions) -> CTE:
    """``(entry_id, period)`` of each kept entry, worked out once per entry."""
    return _materialized(
        select(EntryRow.id.label("entry_id"), period_of(options.period).label("period")).where(
            *kept(session, flt)
        ),
        "periods",
    )


def _series_map(session: Session, flt: ChartFilter) -> CTE:
    """``(code_id, series)`` of each counted code, worked out once per code."""
    return _materialized(
        select(CodeRow.id.label("code_id"), series_of(session, flt).label("series")).where(
            *counted_codes(session, flt)
        ),
        "series",
    )


def over_time(session: Session, flt: ChartFilter, options: ChartOptions) -> Subquery:
    """``(period, series, entry_id, segment_id)``: each use of a counted code in a kept
    entry (on the whole entry, ``segment_id`` NULL, or on a segment), with the period and
    series it counts in."""
    periods, series = _periods(session, flt, options), _series_map(session, flt)
    branches = [
        select(
            periods.c.period,
            series.c.series,
            periods.c.entry_id,
            segment_id,
        )
        .select_from(periods)
        .join(source, source.entry_id == periods.c.entry_id)
        .join(series, series.c.code_id == source.code_id)
        for source, segment_id in (
            (EntryCodeRow, null().label("segment_id")),
            (SegmentRow, SegmentRow.id.label("segment_id")),
        )
    ]
    return union_all(*branches).subquery("over_time")


def _over_time_marks(session: Session, flt: ChartFilter, options: ChartOptions) -> AnySelect:
    """Codes over time's marks, counted per period and code first (the uses reached from
    each entry by the indexes alone), then summed into series: the period and the series
    are worked out once per entry and per code, not once per use."""
    periods, series = _periods(session, flt, options), _series_map(session, flt)
    used = union_all(
        *(
            select(periods.c.period, source.code_id.label("code_id"))
            .select_from(periods)
            .join(source, source.entry_id == periods.c.entry_id)
            .where(*counted_codes(session, flt, source.code_id))
            for source in (EntryCodeRow, SegmentRow)
        )
    ).subquery("used")
    per_code = (
        select(used.c.period, used.c.code_id, func.count().label("uses"))
        .group_by(used.c.period, used.c.code_id)
        .subquery("per_code")
    )
    return (
        select(per_code.c.period, series.c.series, func.sum(per_code.c.uses))
        .join(series, series.c.code_id == per_code.c.code_id)
        .group_by(per_code.c.period, series.c.series)
        .order_by(per_code.c.period, series.c.series)
    )


def coded(session: Session, flt: ChartFilter, only: list[str] | None = None) -> CTE:
    """``(entry_id, code_id)``: each counted code a kept entry uses, once (whole or in
    passages), worked out once for the statement; ``only``: of these codes alone."""
    branches = [
        select(source.entry_id.label("entry_id"), source.code_id.label("code_id"))
        .join(EntryRow, EntryRow.id == source.entry_id)
        .where(*kept(session, flt), *counted_codes(session, flt, source.code_id))
        .where(*([source.code_id.in_(only)] if only is not None else []))
        for source in (EntryCodeRow, SegmentRow)
    ]
    return _materialized(union(*branches), "coded")


def _cell_entries(
    session: Session, view: ChartView, flt: ChartFilter, first_key: str, second_key: str
) -> AnySelect:
    """The entries behind a cell of a matrix of codes, reached from its codes alone (not
    by counting the whole matrix and keeping one cell): the same entries, at once."""
    if view is ChartView.COOCCURRENCE:
        both = coded(session, flt, [first_key, second_key])
        return (
            select(both.c.entry_id)
            .group_by(both.c.entry_id)
            .having(func.count() == 2)  # each code once per entry: it uses both
        )
    used = coded(session, flt, [second_key])
    if view is ChartView.CODES_BY_ACTOR:
        return select(used.c.entry_id).join(
            EntryActorRow,
            (EntryActorRow.entry_id == used.c.entry_id) & (EntryActorRow.actor_id == first_key),
        )
    return (  # codes by sector
        select(used.c.entry_id)
        .join(EntryActorRow, EntryActorRow.entry_id == used.c.entry_id)
        .join(ActorRow, ActorRow.id == EntryActorRow.actor_id)
        .where(func.coalesce(ActorRow.sector, "") == first_key)
    )


def view_rows(
    session: Session, view: ChartView, flt: ChartFilter, options: ChartOptions
) -> Subquery:
    """One row ``(first_key, second_key, entry_id)`` per thing the view counts."""
    query: AnySelect | CompoundSelect[Any]
    if view is ChartView.ACTIVITY:
        split = EntryRow.kind if options.by is ActivityBy.KIND else EntryRow.site
        query = select(_week(_local_time()), split, EntryRow.id).where(*kept(session, flt))
    elif view is ChartView.NETWORK:
        one, other = aliased(EntryActorRow), aliased(EntryActorRow)
        query = (
            select(one.actor_id, other.actor_id, one.entry_id)
            .join(EntryRow, EntryRow.id == one.entry_id)
            .join(other, (other.entry_id == one.entry_id) & (one.actor_id < other.actor_id))
            .where(*kept(session, flt))
        )
    elif view is ChartView.CODES_OVER_TIME:
        timed = over_time(session, flt, options)
        query = select(timed.c.period, timed.c.series, timed.c.entry_id)
    elif view is ChartView.COOCCURRENCE and options.cooccurrence is Cooccurrence.SEGMENTS:
        query = _overlapping(session, flt, options.gap)
    else:
        used = coded(session, flt)
        if view is ChartView.COOCCURRENCE:
            pathed = _materialized(
                select(used.c.entry_id, used.c.code_id, CodeRow.path).join(
                    CodeRow, CodeRow.id == used.c.code_id
                ),
                "pathed",
            )
            paired = pathed.alias("paired")
            query = select(pathed.c.code_id, paired.c.code_id, pathed.c.entry_id).join(
                paired,
                (paired.c.entry_id == pathed.c.entry_id) & (pathed.c.path < paired.c.path),
            )
        elif view is ChartView.CODES_BY_ACTOR:
            query = select(EntryActorRow.actor_id, used.c.code_id, used.c.entry_id).join(
                EntryActorRow, EntryActorRow.entry_id == used.c.entry_id
            )
        else:  # codes by sector: an entry counts once per sector, however many actors
            sectors = _materialized(
                select(EntryActorRow.entry_id, func.coalesce(ActorRow.sector, "").label("sector"))
                .distinct()
                .join(ActorRow, ActorRow.id == EntryActorRow.actor_id),
                "sectors",
            )
            query = select(sectors.c.sector, used.c.code_id, used.c.entry_id).join(
                sectors, sectors.c.entry_id == used.c.entry_id
            )
    rows = query.subquery("counted")
    first, second, entry = rows.c
    return (
        select(first.label("first_key"), second.label("second_key"), entry.label("entry_id"))
        .select_from(rows)
        .subquery("marked")
    )


def _overlapping(session: Session, flt: ChartFilter, gap: int) -> AnySelect:
    """Pairs of segments of different codes that overlap, or lie within ``gap`` characters."""
    return overlapping_pairs(session, flt, gap, with_ids=False)


def overlapping_pairs(session: Session, flt: ChartFilter, gap: int, *, with_ids: bool) -> AnySelect:
    """``(code_a, code_b, entry_id)`` for each pair of segments of different codes that
    overlap or lie within ``gap`` characters (``code_a``'s path first); ``with_ids``: then
    the two segments' ids."""
    one, other = aliased(SegmentRow), aliased(SegmentRow)
    paths = _materialized(
        select(CodeRow.id, CodeRow.path).where(*counted_codes(session, flt)), "paths"
    )
    one_code, other_code = paths.alias("one_code"), paths.alias("other_code")
    ids = [one.id, other.id] if with_ids else []
    return (
        select(one.code_id, other.code_id, one.entry_id, *ids)
        .join(EntryRow, EntryRow.id == one.entry_id)
        .join(other, other.entry_id == one.entry_id)
        .join(one_code, one_code.c.id == one.code_id)
        .join(other_code, other_code.c.id == other.code_id)
        .where(*kept(session, flt))
        .where(one_code.c.path < other_code.c.path)
        .where(one.start < other.end + literal(gap))
        .where(other.start < one.end + literal(gap))
    )


def _code_ranks(session: Session, flt: ChartFilter) -> CTE:
    """``(code_id, rank)`` of each counted code, the ranks (integers) in path order."""
    rank = func.row_number().over(order_by=CodeRow.path)
    return _materialized(
        select(CodeRow.id.label("code_id"), rank.label("rank")).where(*counted_codes(session, flt)),
        "ranks",
    )


def _same_entry_marks(session: Session, flt: ChartFilter) -> AnySelect:
    """Co-occurrence in the same entry, counted on integers: each entry's distinct codes
    as ``(entry rowid, code rank)``, paired within the entry and grouped by the two ranks,
    then mapped back to code ids. The same counts as pairing and grouping the text ids
    (the ranks follow the paths, as the pairs' order does), sorted far faster."""
    ranks = _code_ranks(session, flt)
    entry_key = literal_column("entry.rowid", Integer).label("entry_key")
    ranked = _materialized(
        union(
            *(
                select(entry_key, ranks.c.rank)
                .select_from(EntryRow)
                .join(source, source.entry_id == EntryRow.id)
                .join(ranks, ranks.c.code_id == source.code_id)
                .where(*kept(session, flt))
                for source in (EntryCodeRow, SegmentRow)
            )
        ),
        "ranked",
    )
    one, other = ranked.alias("one"), ranked.alias("other")
    pairs = _materialized(
        select(one.c.rank.label("first"), other.c.rank.label("second"), func.count().label("n"))
        .join(other, (other.c.entry_key == one.c.entry_key) & (one.c.rank < other.c.rank))
        .group_by(one.c.rank, other.c.rank),
        "pairs",
    )
    first, second = ranks.alias("first_code"), ranks.alias("second_code")
    return (
        select(first.c.code_id, second.c.code_id, pairs.c.n)
        .join(first, first.c.rank == pairs.c.first)
        .join(second, second.c.rank == pairs.c.second)
        .order_by(first.c.code_id, second.c.code_id)
    )


def marks(session: Session, view: ChartView, flt: ChartFilter, options: ChartOptions) -> Marks:
    """``(first_key, second_key, count)`` for every mark, in key order."""
    query: AnySelect
    if view is ChartView.CODES_OVER_TIME:
        query = _over_time_marks(session, flt, options)
    elif view is ChartView.COOCCURRENCE and options.cooccurrence is Cooccurrence.ENTRY:
        query = _same_entry_marks(session, flt)
    else:
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
    query = (
        select(EntryRow.id)
        .where(EntryRow.id.in_(behind_query(session, view, flt, options, first_key, second_key)))
        .order_by(EntryRow.occurred_at, EntryRow.id)
    )
    return list(session.scalars(query))


def behind_query(
    session: Session,
    view: ChartView,
    flt: ChartFilter,
    options: ChartOptions,
    first_key: str,
    second_key: str | None,
) -> AnySelect:
    """The ids of the entries a mark counts, as a query (each may come more than once)."""
    matrix = (ChartView.COOCCURRENCE, ChartView.CODES_BY_ACTOR, ChartView.CODES_BY_SECTOR)
    segments = view is ChartView.COOCCURRENCE and options.cooccurrence is Cooccurrence.SEGMENTS
    if view in matrix and not segments and second_key is not None:
        return _cell_entries(session, view, flt, first_key, second_key)
    rows = view_rows(session, view, flt, options)
    narrowed = select(rows.c.entry_id).where(rows.c.first_key == first_key)
    if second_key is not None:
        narrowed = narrowed.where(rows.c.second_key == second_key)
    return narrowed


def _actor_entries(session: Session, flt: ChartFilter, actor_id: str) -> list[str]:
    query = (
        select(EntryRow.id)
        .join(EntryActorRow, EntryActorRow.entry_id == EntryRow.id)
        .where(EntryActorRow.actor_id == actor_id, *kept(session, flt))
        .order_by(EntryRow.occurred_at, EntryRow.id)
    )
    return list(session.scalars(query))


def actor_sizes(session: Session, flt: ChartFilter) -> list[tuple[str, int]]:
    """Every actor of the filtered entries with how many of them it took part in."""
    query = (
        select(EntryActorRow.actor_id, func.count())
        .join(EntryRow, EntryRow.id == EntryActorRow.entry_id)
        .where(*kept(session, flt))
        .group_by(EntryActorRow.actor_id)
        .order_by(EntryActorRow.actor_id)
    )
    return [(str(a), int(n)) for a, n in session.execute(query)]
