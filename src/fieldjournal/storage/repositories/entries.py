"""Entry rows: records with their links, filtered listings, revisions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from fieldjournal.domain.enums import EntryKind, LinkRole, MemoTarget, MemoType
from fieldjournal.domain.errors import InvalidInput, NotFound
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.records import (
    ActorRef,
    Entry,
    EntrySummary,
    MemoLink,
    Revision,
    Segment,
)
from fieldjournal.domain.text import entry_label, first_line
from fieldjournal.domain.timeutil import with_offset
from fieldjournal.storage.models import (
    ActorRow,
    CodeRow,
    EntryActorRow,
    EntryCodeRow,
    EntryRow,
    MemoLinkRow,
    RevisionRow,
    SegmentRow,
)
from fieldjournal.storage.repositories import actors as actor_repo
from fieldjournal.storage.repositories import codes as code_repo


def get_row(session: Session, entry_id: str) -> EntryRow:
    row = session.get(EntryRow, entry_id)
    if row is None:
        raise NotFound(f"no entry with id {entry_id}")
    return row


def versions(session: Session) -> dict[str, int]:
    """Every entry's version (trashed ones too), read from an index: what changed shows.

    Read through the driver: 10,000 pairs take about 15 ms this way and five times that
    as ORM rows, and a window reads them whenever another process wrote.
    """
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    rows = raw.execute(f"SELECT id, version FROM {EntryRow.__tablename__}").fetchall()
    return {str(i): int(v) for i, v in rows}


def live_rows(session: Session, ids: Sequence[str]) -> dict[str, EntryRow]:
    """The rows of those of ``ids`` that exist and are not in the trash."""
    query = select(EntryRow).where(EntryRow.id.in_(ids), EntryRow.deleted_at.is_(None))
    return {row.id: row for row in session.scalars(query)}


def occurred(row: EntryRow) -> datetime:
    return with_offset(row.occurred_at, row.occurred_offset)


def ended(row: EntryRow) -> datetime | None:
    if row.ended_at is None:
        return None
    return with_offset(row.ended_at, row.ended_offset or 0)


def segment_records(session: Session, entry_id: str, body: str) -> tuple[Segment, ...]:
    rows = session.execute(
        select(SegmentRow, CodeRow.path)
        .join(CodeRow, CodeRow.id == SegmentRow.code_id)
        .where(SegmentRow.entry_id == entry_id)
        .order_by(SegmentRow.start, SegmentRow.end, CodeRow.path)
    )
    return tuple(segment_record(row, path, body) for row, path in rows)


def segment_record(row: SegmentRow, path: str, body: str) -> Segment:
    return Segment(
        id=row.id,
        entry_id=row.entry_id,
        code_path=path,
        start=row.start,
        end=row.end,
        text=body[row.start : row.end],
        created_at=row.created_at,
        memo=row.memo,
    )


def memo_link_records(session: Session, memo_id: str) -> tuple[MemoLink, ...]:
    links = []
    for link in session.scalars(
        select(MemoLinkRow)
        .where(MemoLinkRow.memo_id == memo_id)
        .order_by(MemoLinkRow.target_type, MemoLinkRow.target_id)
    ):
        label = target_label(session, MemoTarget(link.target_type), link.target_id)
        if label is not None:
            links.append(
                MemoLink(link.memo_id, MemoTarget(link.target_type), link.target_id, label)
            )
    return tuple(links)


def target_label(session: Session, target: MemoTarget, target_id: str) -> str | None:
    if target is MemoTarget.ENTRY:
        entry = session.get(EntryRow, target_id)
        return None if entry is None else entry_label(entry.title, first_line(entry.body, 60))
    if target is MemoTarget.ACTOR:
        actor = session.get(ActorRow, target_id)
        return None if actor is None else actor.name
    code = session.get(CodeRow, target_id)
    return None if code is None else code.path


def record(session: Session, row: EntryRow) -> Entry:
    actor_rows = session.execute(
        select(EntryActorRow.actor_id, ActorRow.name, EntryActorRow.role)
        .join(ActorRow, ActorRow.id == EntryActorRow.actor_id)
        .where(EntryActorRow.entry_id == row.id)
        .order_by(EntryActorRow.position, ActorRow.name_key)
    )
    code_paths = session.scalars(
        select(CodeRow.path)
        .join(EntryCodeRow, EntryCodeRow.code_id == CodeRow.id)
        .where(EntryCodeRow.entry_id == row.id)
        .order_by(EntryCodeRow.position, CodeRow.path)
    )
    return Entry(
        id=row.id,
        kind=EntryKind(row.kind),
        title=row.title,
        body=row.body,
        occurred_at=occurred(row),
        ended_at=ended(row),
        site=row.site,
        memo_type=MemoType(row.memo_type) if row.memo_type else None,
        created_at=row.created_at,
        updated_at=row.updated_at,
        deleted_at=row.deleted_at,
        version=row.version,
        actors=tuple(ActorRef(a, n, LinkRole(r)) for a, n, r in actor_rows),
        codes=tuple(code_paths),
        segments=segment_records(session, row.id, row.body),
        memo_links=memo_link_records(session, row.id) if row.kind == EntryKind.MEMO else (),
    )


def filtered(session: Session, flt: EntryQuery) -> Select[Any]:
    """The entry rows ``flt`` asks for; its search words need the index, not the database."""
    if flt.text:
        raise InvalidInput("the database does not match search words; search the journal")
    query = select(EntryRow)
    query = query.where(
        EntryRow.deleted_at.is_not(None) if flt.trashed else EntryRow.deleted_at.is_(None)
    )
    if flt.ids is not None:
        query = query.where(EntryRow.id.in_(sorted(flt.ids)))
    if flt.kind is not None:
        query = query.where(EntryRow.kind == flt.kind.value)
    if flt.memo_type is not None:
        query = query.where(EntryRow.memo_type == flt.memo_type.value)
    if flt.site:
        query = query.where(func.lower(EntryRow.site) == flt.site.strip().lower())
    if flt.since is not None:
        query = query.where(EntryRow.occurred_at >= flt.since)
    if flt.until is not None:
        query = query.where(EntryRow.occurred_at <= flt.until)
    if flt.actor:
        actor = actor_repo.get(session, flt.actor)
        query = query.where(
            EntryRow.id.in_(
                select(EntryActorRow.entry_id).where(EntryActorRow.actor_id == actor.id)
            )
        )
    if flt.code:
        code = code_repo.get(session, flt.code)
        ids = [c.id for c in code_repo.subtree(session, code)]
        query = query.where(
            EntryRow.id.in_(select(EntryCodeRow.entry_id).where(EntryCodeRow.code_id.in_(ids)))
            | EntryRow.id.in_(select(SegmentRow.entry_id).where(SegmentRow.code_id.in_(ids)))
        )
    return query


def count(session: Session, flt: EntryQuery) -> int:
    sub = filtered(session, flt).with_only_columns(EntryRow.id).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def summaries(
    session: Session, flt: EntryQuery, *, limit: int | None = None, offset: int = 0
) -> list[EntrySummary]:
    """Newest first; the body is never loaded whole, only its opening."""
    query = (
        filtered(session, flt)
        .with_only_columns(
            EntryRow.id,
            EntryRow.kind,
            EntryRow.title,
            EntryRow.occurred_at,
            EntryRow.occurred_offset,
            EntryRow.site,
            EntryRow.memo_type,
            func.substr(EntryRow.body, 1, 400),
            EntryRow.updated_at,
            EntryRow.deleted_at,
        )
        .order_by(EntryRow.occurred_at.desc(), EntryRow.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    ids = [r[0] for r in rows]
    actors, codes = link_names(session, ids)
    return [
        EntrySummary(
            id=r[0],
            kind=EntryKind(r[1]),
            title=r[2],
            occurred_at=with_offset(r[3], r[4]),
            site=r[5],
            memo_type=MemoType(r[6]) if r[6] else None,
            first_line=first_line(r[7] or ""),
            updated_at=r[8],
            deleted_at=r[9],
            actors=tuple(actors.get(r[0], ())),
            codes=tuple(codes.get(r[0], ())),
        )
        for r in rows
    ]


def link_names(
    session: Session, ids: Sequence[str]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Actor names and code paths of many entries, in a few queries."""
    return actor_names(session, ids), code_paths(session, ids)


def actor_names(session: Session, ids: Sequence[str]) -> defaultdict[str, list[str]]:
    """Each entry's linked actors' names, in link order."""
    names: defaultdict[str, list[str]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        for entry_id, name in session.execute(
            select(EntryActorRow.entry_id, ActorRow.name)
            .join(ActorRow, ActorRow.id == EntryActorRow.actor_id)
            .where(EntryActorRow.entry_id.in_(ids[start : start + 500]))
            .order_by(EntryActorRow.entry_id, EntryActorRow.position, ActorRow.name_key)
        ):
            names[entry_id].append(name)
    return names


def code_paths(session: Session, ids: Sequence[str]) -> defaultdict[str, list[str]]:
    """Each entry's whole-entry code paths, in link order."""
    paths: defaultdict[str, list[str]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        for entry_id, path in session.execute(
            select(EntryCodeRow.entry_id, CodeRow.path)
            .join(CodeRow, CodeRow.id == EntryCodeRow.code_id)
            .where(EntryCodeRow.entry_id.in_(ids[start : start + 500]))
            .order_by(EntryCodeRow.entry_id, EntryCodeRow.position, CodeRow.path)
        ):
            paths[entry_id].append(path)
    return paths


def revisions(session: Session, entry_id: str) -> list[Revision]:
    rows = session.scalars(
        select(RevisionRow)
        .where(RevisionRow.entry_id == entry_id)
        .order_by(RevisionRow.saved_at, RevisionRow.id)
    )
    return [Revision(r.id, r.entry_id, r.title, r.body, r.saved_at) for r in rows]


def sites(session: Session) -> list[str]:
    rows = session.scalars(
        select(EntryRow.site)
        .where(EntryRow.site != "")
        .group_by(EntryRow.site)
        .order_by(func.max(EntryRow.occurred_at).desc())
    )
    return list(rows)
