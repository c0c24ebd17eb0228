"""Entries read from the database as search index documents (for the indexer).

``JournalDocuments`` is the journal's ``search.source.DocumentSource``: the indexer in
``search/`` reads the journal only through it.

Only what the index needs, in a few queries per 500 entries: text, the names, aliases and
pseudonyms of linked actors, codes of the entry and of its segments, and coded text.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldjournal.services.context import ServiceContext
from fieldjournal.storage.models import (
    ActorAliasRow,
    ActorRow,
    CodeRow,
    EntryActorRow,
    EntryRow,
    SegmentRow,
)
from fieldjournal.storage.repositories import entries as entry_repo
from fieldjournal.storage.repositories.entries import occurred

if TYPE_CHECKING:
    from fieldjournal.search.schema import IndexDocument

# Answered from ix_entry_live_versions alone (see migration 0003).
LIVE_VERSIONS = "SELECT id, version FROM entry WHERE deleted_at IS NULL"
LIVE_COUNT = "SELECT count(*) FROM entry WHERE deleted_at IS NULL"


class JournalDocuments:
    """Reads entries from the database as index documents."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.db = ctx.db

    def live_versions(self) -> dict[str, int]:
        """Every live entry's (id, version), read from a covering index (no row bodies)."""
        with self.db.reading() as session:
            rows = session.connection().exec_driver_sql(LIVE_VERSIONS).fetchall()
            return dict(rows)

    def live_count(self) -> int:
        with self.db.reading() as session:
            count = session.connection().exec_driver_sql(LIVE_COUNT).scalar()
            return int(count or 0)

    def sample_texts(self, size: int | None = None) -> list[str]:
        """Up to ``size`` (default: as many as the index learns from) live entries' text."""
        from fieldjournal.search.analysis import LEARN_SAMPLE  # whoosh: off the start-up path

        with self.db.reading() as session:
            return list(
                session.scalars(
                    select(EntryRow.body)
                    .where(EntryRow.deleted_at.is_(None))
                    .order_by(EntryRow.id)
                    .limit(LEARN_SAMPLE if size is None else size)
                )
            )

    def load(self, ids: list[str]) -> tuple[list[IndexDocument], list[str]]:
        """Documents for the live entries among ``ids``; the rest are gone."""
        from fieldjournal.search.schema import IndexDocument

        docs: list[IndexDocument] = []
        found: set[str] = set()
        with self.db.reading() as session:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = list(
                    session.scalars(
                        select(EntryRow).where(
                            EntryRow.id.in_(chunk), EntryRow.deleted_at.is_(None)
                        )
                    )
                )
                live = [row.id for row in rows]
                actors = self._actors(session, live)
                codes, segments = self._codes(session, {row.id: row.body for row in rows})
                for row in rows:
                    found.add(row.id)
                    names, terms = actors.get(row.id, ([], []))
                    docs.append(
                        IndexDocument(
                            id=row.id,
                            version=row.version,
                            kind=row.kind,
                            memo_type=row.memo_type or "",
                            title=row.title,
                            body=row.body,
                            site=row.site,
                            occurred_at=occurred(row),
                            actor_names=tuple(names),
                            actor_terms=tuple(terms),
                            codes=tuple(codes.get(row.id, ())),
                            segments=tuple(segments.get(row.id, ())),
                        )
                    )
        return docs, [i for i in ids if i not in found]

    @staticmethod
    def _actors(session: Session, ids: list[str]) -> dict[str, tuple[list[str], list[str]]]:
        out: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
        rows = session.execute(
            select(EntryActorRow.entry_id, ActorRow.id, ActorRow.name, ActorRow.pseudonym)
            .join(ActorRow, ActorRow.id == EntryActorRow.actor_id)
            .where(EntryActorRow.entry_id.in_(ids))
            .order_by(EntryActorRow.entry_id, EntryActorRow.position, ActorRow.name_key)
        ).all()
        actor_ids = {r[1] for r in rows}
        aliases: dict[str, list[str]] = defaultdict(list)
        for actor_id, alias in session.execute(
            select(ActorAliasRow.actor_id, ActorAliasRow.alias)
            .where(ActorAliasRow.actor_id.in_(actor_ids))
            .order_by(ActorAliasRow.actor_id, ActorAliasRow.position)
        ):
            aliases[actor_id].append(alias)
        for entry_id, actor_id, name, pseudonym in rows:
            names, terms = out[entry_id]
            names.append(name)
            terms.extend([name, *aliases[actor_id], *([pseudonym] if pseudonym else [])])
        return out

    @staticmethod
    def _codes(
        session: Session, bodies: dict[str, str]
    ) -> tuple[dict[str, list[str]], dict[str, list[tuple[str, str]]]]:
        ids = list(bodies)
        codes = entry_repo.code_paths(session, ids)
        segments: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for entry_id, path, start, end in session.execute(
            select(SegmentRow.entry_id, CodeRow.path, SegmentRow.start, SegmentRow.end)
            .join(CodeRow, CodeRow.id == SegmentRow.code_id)
            .where(SegmentRow.entry_id.in_(ids))
            .order_by(SegmentRow.entry_id, SegmentRow.start, SegmentRow.end)
        ):
            segments[entry_id].append((path, bodies[entry_id][start:end]))
            if path not in codes[entry_id]:
                codes[entry_id].append(path)
        return codes, segments
