"""Snapshots of a code's subtree and codings, so deleting or merging codes can be undone.

A snapshot is taken just before the delete or merge; restoring it brings back the codes
with their ids, colours and descriptions, the whole-entry links, the coded segments (same
ids, on the same words even if the text was edited since) and the memo links. Restoring
after a merge also takes back from the target what the merge gave it.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from fieldjournal.domain.errors import Conflict
from fieldjournal.domain.offsets import relocate_span
from fieldjournal.domain.records import ChangeSet, Code, CodeSnapshot, Outcome, Segment
from fieldjournal.domain.timeutil import now
from fieldjournal.services.context import ServiceContext, bump_versions
from fieldjournal.storage.models import CodeRow, EntryCodeRow, EntryRow, MemoLinkRow, SegmentRow
from fieldjournal.storage.repositories import codes as code_repo
from fieldjournal.storage.repositories import entries as entry_repo


def snapshot_of(session: Session, root: CodeRow) -> CodeSnapshot:
    """The snapshot of ``root`` inside the caller's transaction (a delete or merge takes it
    just before it acts)."""
    members = sorted(code_repo.subtree(session, root), key=lambda r: r.path)
    ids = [m.id for m in members]
    entries, segments = code_repo.counts(session)
    codes = tuple(
        code_repo.to_record(m, entries.get(m.id, 0), segments.get(m.id, 0)) for m in members
    )
    links = session.execute(
        select(EntryCodeRow.entry_id, EntryCodeRow.code_id)
        .where(EntryCodeRow.code_id.in_(ids))
        .order_by(EntryCodeRow.entry_id, EntryCodeRow.position)
    ).all()
    rows = session.execute(
        select(SegmentRow, CodeRow.path, EntryRow.body)
        .join(CodeRow, CodeRow.id == SegmentRow.code_id)
        .join(EntryRow, EntryRow.id == SegmentRow.entry_id)
        .where(SegmentRow.code_id.in_(ids))
        .order_by(SegmentRow.entry_id, SegmentRow.start)
    ).all()
    segs = tuple(
        (entry_repo.segment_record(seg, path, body), seg.code_id) for seg, path, body in rows
    )
    memos = session.execute(
        select(MemoLinkRow.memo_id, MemoLinkRow.target_id).where(
            (MemoLinkRow.target_type == "code") & MemoLinkRow.target_id.in_(ids)
        )
    ).all()
    return CodeSnapshot(
        codes, tuple((e, c) for e, c in links), segs, tuple((m, c) for m, c in memos)
    )


class CodeRestoreService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def snapshot(self, path_or_id: str) -> CodeSnapshot:
        """A code, its subtree and every coding of them (taken before a delete or merge)."""
        with self.ctx.db.reading() as session:
            return snapshot_of(session, code_repo.get(session, path_or_id))

    def restore(
        self, snapshot: CodeSnapshot, *, unmerge_from: CodeSnapshot | None = None
    ) -> Outcome[Code]:
        """Bring back what ``snapshot`` holds; with ``unmerge_from`` (the merge target's
        snapshot from before the merge) also remove what the merge added to the target.

        Segments whose words are gone from their entry are not restored and are listed in
        ``dropped_segments``.
        """
        with self.ctx.db.writing() as session:
            for code in snapshot.codes:
                self._restore_code(session, code)
            affected: set[str] = set()
            if unmerge_from is not None:
                affected |= self._unmerge(session, snapshot, unmerge_from)
            affected |= self._restore_links(session, snapshot)
            restored, dropped = self._restore_segments(session, snapshot)
            affected |= restored
            self._restore_memo_links(session, snapshot)
            session.flush()
            bump_versions(session, affected)
            entries, segments = code_repo.counts(session)
            root = code_repo.get(session, snapshot.root.id)
            record = code_repo.to_record(root, entries.get(root.id, 0), segments.get(root.id, 0))
        changes = ChangeSet(
            entries=frozenset(affected),
            codes=True,
            segments=True,
            memos=bool(snapshot.memo_links),
            dropped_segments=tuple(dropped),
        )
        return Outcome(record, self.ctx.committed(changes))

    @staticmethod
    def _restore_code(session: Session, code: Code) -> None:
        parent_path = code.parent_path
        parent = code_repo.ensure(session, parent_path) if parent_path else None
        row = session.get(CodeRow, code.id)
        clash = code_repo.find(session, code.path)
        if clash is not None and (row is None or clash.id != row.id):
            raise Conflict(f"the codebook has {code.path!r} again; rename that code before undoing")
        if row is None:
            row = CodeRow(
                id=code.id,
                parent_id=parent.id if parent else None,
                name=code.name,
                path=code.path,
                description=code.description,
                colour=code.colour,
                created_at=now(),
                codable=code.codable,
            )
            session.add(row)
        elif row.path != code.path:
            row.parent_id = parent.id if parent else None
            row.name = code.name
            code_repo.repath(session, row, code.path)
        row.description, row.colour = code.description, code.colour
        session.flush()

    @staticmethod
    def _unmerge(session: Session, source: CodeSnapshot, target: CodeSnapshot) -> set[str]:
        """Take back the entry and memo links a merge gave the target."""
        target_id = target.root.id
        had = {entry for entry, code in target.entry_links if code == target_id}
        given = {entry for entry, code in source.entry_links if code == source.root.id} - had
        for entry_id in given:
            link = session.get(EntryCodeRow, (entry_id, target_id))
            if link is not None:
                session.delete(link)
        had_memos = {memo for memo, code in target.memo_links if code == target_id}
        for memo_id, code_id in source.memo_links:
            if code_id == source.root.id and memo_id not in had_memos:
                session.execute(
                    delete(MemoLinkRow).where(
                        (MemoLinkRow.memo_id == memo_id)
                        & (MemoLinkRow.target_type == "code")
                        & (MemoLinkRow.target_id == target_id)
                    )
                )
        session.flush()
        return given

    @staticmethod
    def _restore_links(session: Session, snapshot: CodeSnapshot) -> set[str]:
        affected: set[str] = set()
        for entry_id, code_id in snapshot.entry_links:
            if session.get(EntryRow, entry_id) is None:
                continue  # purged from the trash since
            if session.get(EntryCodeRow, (entry_id, code_id)) is None:
                position = session.scalar(
                    select(func.count()).where(EntryCodeRow.entry_id == entry_id)
                )
                session.add(
                    EntryCodeRow(entry_id=entry_id, code_id=code_id, position=position or 0)
                )
                affected.add(entry_id)
        session.flush()
        return affected

    @staticmethod
    def _restore_segments(
        session: Session, snapshot: CodeSnapshot
    ) -> tuple[set[str], list[Segment]]:
        affected: set[str] = set()
        dropped: list[Segment] = []
        for segment, code_id in snapshot.segments:
            existing = session.get(SegmentRow, segment.id)
            if existing is not None:  # moved to the merge target: give it back
                existing.code_id = code_id
                affected.add(segment.entry_id)
                continue
            entry = session.get(EntryRow, segment.entry_id)
            span = (
                relocate_span(entry.body, segment.start, segment.end, segment.text)
                if entry is not None
                else None
            )
            if span is None:
                dropped.append(segment)
                continue
            session.add(
                SegmentRow(
                    id=segment.id,
                    entry_id=segment.entry_id,
                    code_id=code_id,
                    start=span[0],
                    end=span[1],
                    memo=segment.memo,
                    created_at=segment.created_at,
                )
            )
            affected.add(segment.entry_id)
        session.flush()
        return affected, dropped

    @staticmethod
    def _restore_memo_links(session: Session, snapshot: CodeSnapshot) -> None:
        for memo_id, code_id in snapshot.memo_links:
            if session.get(EntryRow, memo_id) is None:
                continue
            if session.get(MemoLinkRow, (memo_id, "code", code_id)) is None:
                session.add(MemoLinkRow(memo_id=memo_id, target_type="code", target_id=code_id))
        session.flush()
