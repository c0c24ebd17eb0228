"""Memos are entries of kind memo; these links say what each memo is about."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldjournal.domain.enums import EntryKind, MemoTarget, parse_enum
from fieldjournal.domain.errors import InvalidInput, NotFound
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.records import ChangeSet, EntrySummary, MemoLink, Outcome
from fieldjournal.services.context import ServiceContext
from fieldjournal.storage.models import EntryRow, MemoLinkRow
from fieldjournal.storage.repositories import actors as actor_repo
from fieldjournal.storage.repositories import codes as code_repo
from fieldjournal.storage.repositories import entries as entry_repo
from fieldjournal.storage.repositories.ids import resolve


class MemoService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _target_id(self, session: Session, target: MemoTarget, given: str) -> str:
        if target is MemoTarget.ENTRY:
            return resolve(session, EntryRow.id, given, "entry")
        if target is MemoTarget.ACTOR:
            return actor_repo.get(session, given).id
        return code_repo.get(session, given).id

    def _memo(self, session: Session, memo_id: str) -> EntryRow:
        row = entry_repo.get_row(session, resolve(session, EntryRow.id, memo_id, "memo"))
        if row.kind != EntryKind.MEMO.value:
            raise InvalidInput("only memos can be linked as being about something")
        return row

    def link(self, memo_id: str, target: MemoTarget | str, given: str) -> Outcome[MemoLink]:
        """Say a memo is about an entry (id), an actor (name) or a code (path, or their ids).

        A link that was there already comes back as ``before`` too (nothing to undo)."""
        kind = parse_enum(MemoTarget, target, "memo target")
        with self.ctx.db.writing() as session:
            memo = self._memo(session, memo_id)
            target_id = self._target_id(session, kind, given)
            if kind is MemoTarget.ENTRY and target_id == memo.id:
                raise InvalidInput("a memo cannot be about itself")
            existed = session.get(MemoLinkRow, (memo.id, kind.value, target_id)) is not None
            if not existed:
                session.add(
                    MemoLinkRow(memo_id=memo.id, target_type=kind.value, target_id=target_id)
                )
            label = entry_repo.target_label(session, kind, target_id) or ""
        link = MemoLink(memo.id, kind, target_id, label)
        changes = self.ctx.committed(ChangeSet(entries=frozenset({memo.id}), memos=True))
        return Outcome(link, changes, before=link if existed else None)

    def unlink(self, memo_id: str, target: MemoTarget | str, given: str) -> Outcome[MemoLink]:
        kind = parse_enum(MemoTarget, target, "memo target")
        with self.ctx.db.writing() as session:
            memo = self._memo(session, memo_id)
            target_id = self._target_id(session, kind, given)
            row = session.get(MemoLinkRow, (memo.id, kind.value, target_id))
            if row is None:
                raise NotFound("this memo is not linked to that")
            label = entry_repo.target_label(session, kind, target_id) or ""
            session.delete(row)
        link = MemoLink(memo.id, kind, target_id, label)
        return Outcome(
            link, self.ctx.committed(ChangeSet(entries=frozenset({memo.id}), memos=True))
        )

    def about(self, target: MemoTarget | str, given: str) -> list[EntrySummary]:
        """Every memo about an entry, an actor or a code, newest first."""
        kind = parse_enum(MemoTarget, target, "memo target")
        with self.ctx.db.reading() as session:
            target_id = self._target_id(session, kind, given)
            ids = set(
                session.scalars(
                    select(MemoLinkRow.memo_id).where(
                        (MemoLinkRow.target_type == kind.value)
                        & (MemoLinkRow.target_id == target_id)
                    )
                )
            )
            if not ids:
                return []
            flt = EntryQuery(kind=EntryKind.MEMO, ids=frozenset(ids))
            return entry_repo.summaries(session, flt)
