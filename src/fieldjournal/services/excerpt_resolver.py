"""Turn a chapter's excerpt tokens into the notes and words they quote, as they are now."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldjournal.domain.chapters import ExcerptKind, ExcerptRef, find_quote
from fieldjournal.domain.enums import Consent, EntryKind
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.chapter_blocks import Excerpt, Note, ResolvedExcerpts
from fieldjournal.storage.models import (
    ActorRow,
    CodeRow,
    EntryActorRow,
    EntryCodeRow,
    EntryRow,
    SegmentRow,
)
from fieldjournal.storage.repositories import codes as code_repo
from fieldjournal.storage.repositories import entries as entry_repo
from fieldjournal.storage.repositories.ids import resolve

WITHHOLDING = (Consent.NO_QUOTES.value, Consent.WITHDRAWN.value)


class ExcerptResolver:
    """Resolves within one read transaction; notes are built once per entry."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._notes: dict[str, Note] = {}

    def resolve_all(self, refs: Iterable[ExcerptRef]) -> ResolvedExcerpts:
        resolved: ResolvedExcerpts = {}
        for ref in refs:
            if ref not in resolved:
                resolved[ref] = self.resolve(ref)
        return resolved

    def resolve(self, ref: ExcerptRef) -> tuple[Excerpt, ...]:
        if ref.kind is ExcerptKind.CODE:
            return self._code(ref.target)
        if ref.kind is ExcerptKind.SEGMENT:
            segment = self._segment_row(ref.target)
            row = self._entry_row(segment.entry_id, ref)
            text = row.body[segment.start : segment.end]
            return (Excerpt(self.note(row), text, segment.code.path),)
        row = self._entry_row(resolve(self.session, EntryRow.id, ref.target, "entry"), ref)
        if ref.kind is ExcerptKind.ENTRY:
            return (Excerpt(self.note(row), row.body),)
        span = find_quote(row.body, ref.words)
        if span is None:
            raise InvalidInput(
                f"the words {ref.words!r} are not in entry {row.title or '(untitled)'!r} "
                f"({row.id[:8]}); quote them exactly as the note has them"
            )
        return (Excerpt(self.note(row), row.body[span[0] : span[1]]),)

    def _segment_row(self, given: str) -> SegmentRow:
        segment = self.session.get(
            SegmentRow, resolve(self.session, SegmentRow.id, given, "segment")
        )
        assert segment is not None
        return segment

    def _entry_row(self, entry_id: str, ref: ExcerptRef) -> EntryRow:
        row = entry_repo.get_row(self.session, entry_id)
        if row.deleted_at is not None:
            raise InvalidInput(
                f"{ref.token} quotes {row.title or '(untitled)'!r}, which is in the trash; "
                "restore it or remove the excerpt"
            )
        return row

    def note(self, row: EntryRow) -> Note:
        if row.id not in self._notes:
            withheld = self.session.scalars(
                select(ActorRow.name)
                .join(EntryActorRow, EntryActorRow.actor_id == ActorRow.id)
                .where((EntryActorRow.entry_id == row.id) & ActorRow.consent.in_(WITHHOLDING))
                .order_by(ActorRow.name_key)
            ).all()
            self._notes[row.id] = Note(
                id=row.id,
                kind=EntryKind(row.kind),
                title=row.title,
                occurred_at=entry_repo.occurred(row),
                site=row.site,
                withheld_by=tuple(withheld),
            )
        return self._notes[row.id]

    def code_excerpts(self, code_ids: list[str]) -> tuple[Excerpt, ...]:
        """Segments coded with any of ``code_ids`` and entries coded whole, oldest first."""
        live = EntryRow.deleted_at.is_(None)
        segments = self.session.execute(
            select(SegmentRow, EntryRow, CodeRow.path)
            .join(EntryRow, EntryRow.id == SegmentRow.entry_id)
            .join(CodeRow, CodeRow.id == SegmentRow.code_id)
            .where(SegmentRow.code_id.in_(code_ids) & live)
        )
        entries = self.session.execute(
            select(EntryRow, CodeRow.path)
            .join(EntryCodeRow, EntryCodeRow.entry_id == EntryRow.id)
            .join(CodeRow, CodeRow.id == EntryCodeRow.code_id)
            .where(EntryCodeRow.code_id.in_(code_ids) & live)
        )
        found: dict[tuple[str, int, int], tuple[EntryRow, Excerpt]] = {}
        for segment, row, path in segments:
            key = (row.id, segment.start, segment.end)
            text = row.body[segment.start : segment.end]
            found.setdefault(key, (row, Excerpt(self.note(row), text, path)))
        for row, path in entries:
            found.setdefault((row.id, 0, -1), (row, Excerpt(self.note(row), row.body, path)))
        ordered = sorted(found.items(), key=lambda item: (item[1][0].occurred_at, *item[0]))
        return tuple(excerpt for _, (_, excerpt) in ordered)

    def _code(self, path: str) -> tuple[Excerpt, ...]:
        root = code_repo.get(self.session, path)
        return self.code_excerpts([c.id for c in code_repo.subtree(self.session, root)])
