"""Coded segments: a code applied to a span of an entry's text (code points, end exclusive)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldjournal.domain.codepaths import is_within
from fieldjournal.domain.errors import InvalidInput, NotFound
from fieldjournal.domain.offsets import check_span, relocate_span
from fieldjournal.domain.records import ChangeSet, Outcome, Segment
from fieldjournal.domain.text import check_text
from fieldjournal.domain.timeutil import now
from fieldjournal.services.context import ServiceContext, bump_versions
from fieldjournal.storage.models import CodeRow, EntryRow, SegmentRow
from fieldjournal.storage.repositories import codes as code_repo
from fieldjournal.storage.repositories import entries as entry_repo
from fieldjournal.storage.repositories.ids import check_uuid, new_id, resolve


class CodingService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def apply(
        self,
        entry_id: str,
        path: str,
        start: int,
        end: int,
        *,
        memo: str = "",
        segment_id: str | None = None,
        words: str | None = None,
    ) -> Outcome[Segment]:
        """Code ``[start, end)`` of an entry's body; a missing code is created.

        With ``words`` (the text that was coded) the span is found again where those words
        are now, after edits moved them, and coding them a second time is refused (an undo
        and redo replay it as it was). ``created`` lists the codes it made.
        """
        with self.ctx.db.writing() as session:
            row = entry_repo.get_row(session, resolve(session, EntryRow.id, entry_id, "entry"))
            if words is not None:
                span = relocate_span(row.body, start, end, words)
                if span is None:
                    raise InvalidInput(f"the words {words!r} are no longer in this entry")
                start, end = span
            check_span(row.body, start, end)
            missing = code_repo.missing(session, path)
            code = code_repo.check_codable(code_repo.ensure(session, path))
            made = tuple(code_repo.get(session, p).id for p in missing)
            existing = session.scalar(
                select(SegmentRow).where(
                    (SegmentRow.entry_id == row.id)
                    & (SegmentRow.code_id == code.id)
                    & (SegmentRow.start == start)
                    & (SegmentRow.end == end)
                )
            )
            segment = existing or SegmentRow(
                id=check_uuid(segment_id, "segment") if segment_id else new_id(),
                entry_id=row.id,
                code_id=code.id,
                start=start,
                end=end,
                memo=check_text(memo, "segment memo"),
                created_at=now(),
            )
            if existing is not None and words is not None and segment_id is None:
                raise InvalidInput(f"these words are coded {code.path} already")
            if existing is None:
                session.add(segment)
            bump_versions(session, [row.id])
            session.flush()
            record = entry_repo.segment_record(segment, code.path, row.body)
        changes = ChangeSet(entries=frozenset({row.id}), segments=True, codes=True)
        return Outcome(record, self.ctx.committed(changes), created=made)

    def remove(self, segment_id: str) -> Outcome[Segment]:
        with self.ctx.db.writing() as session:
            segment = self._get(session, segment_id)
            entry = entry_repo.get_row(session, segment.entry_id)
            record = entry_repo.segment_record(segment, segment.code.path, entry.body)
            session.delete(segment)
            bump_versions(session, [entry.id])
        changes = ChangeSet(entries=frozenset({record.entry_id}), segments=True, codes=True)
        return Outcome(record, self.ctx.committed(changes))

    def _get(self, session: Session, segment_id: str) -> SegmentRow:
        full = resolve(session, SegmentRow.id, segment_id, "segment")
        segment = session.get(SegmentRow, full)
        if segment is None:
            raise NotFound(f"no coded segment {segment_id}")
        return segment

    def get(self, segment_id: str) -> Segment:
        with self.ctx.db.reading() as session:
            segment = self._get(session, segment_id)
            entry = entry_repo.get_row(session, segment.entry_id)
            return entry_repo.segment_record(segment, segment.code.path, entry.body)

    def segments(self, code: str | None = None, *, include_trashed: bool = False) -> list[Segment]:
        """Segments under ``code`` (and its descendants), oldest note first."""
        with self.ctx.db.reading() as session:
            query = (
                select(SegmentRow, CodeRow.path, EntryRow.body)
                .join(CodeRow, CodeRow.id == SegmentRow.code_id)
                .join(EntryRow, EntryRow.id == SegmentRow.entry_id)
                .order_by(EntryRow.occurred_at, SegmentRow.entry_id, SegmentRow.start)
            )
            if not include_trashed:
                query = query.where(EntryRow.deleted_at.is_(None))
            root = code_repo.get(session, code).path if code else None
            return [
                entry_repo.segment_record(seg, path, body)
                for seg, path, body in session.execute(query)
                if root is None or is_within(path, root)
            ]
