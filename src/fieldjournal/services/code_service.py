"""The codebook: a hierarchy of codes whose renames and moves keep every link."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from fieldjournal.domain.codepaths import SEPARATOR, check_colour, check_name, is_within
from fieldjournal.domain.errors import Conflict
from fieldjournal.domain.records import ChangeSet, Code, Outcome
from fieldjournal.domain.text import check_text
from fieldjournal.domain.wording import counted
from fieldjournal.services.code_restore import snapshot_of
from fieldjournal.services.context import ServiceContext, bump_versions
from fieldjournal.storage.models import CodeRow, EntryCodeRow, MemoLinkRow, SegmentRow
from fieldjournal.storage.repositories import codes as code_repo
from fieldjournal.storage.repositories.ids import check_uuid


def _coded_entries(session: Session, code_ids: list[str]) -> set[str]:
    whole = session.scalars(select(EntryCodeRow.entry_id).where(EntryCodeRow.code_id.in_(code_ids)))
    parts = session.scalars(select(SegmentRow.entry_id).where(SegmentRow.code_id.in_(code_ids)))
    return set(whole) | set(parts)


def _refuse_category_with_codings(session: Session, row: CodeRow) -> None:
    """A category is never applied: a code still applied cannot become one (its codings
    would be refused by every peer that reads the category, and dropped on the way back)."""
    used = _coded_entries(session, [row.id])
    if used:
        raise Conflict(
            f"{row.path} is applied in {counted(len(used), 'entry')}: a category is not "
            "applied, so move its codings to another code (merge it) or remove them first"
        )


class CodeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def all(self) -> list[Code]:
        with self.ctx.db.reading() as session:
            return code_repo.all_records(session)

    def get(self, path_or_id: str) -> Code:
        with self.ctx.db.reading() as session:
            row = code_repo.get(session, path_or_id)
            entries, segments = code_repo.counts(session)
            return code_repo.to_record(row, entries.get(row.id, 0), segments.get(row.id, 0))

    def add(
        self,
        path: str,
        *,
        description: str = "",
        colour: str | None = None,
        code_id: str | None = None,
    ) -> Outcome[Code]:
        """Add a code (and missing ancestors); ``code_id`` lets a redo keep its identity."""
        with self.ctx.db.writing() as session:
            if code_repo.find(session, path) is not None:
                raise Conflict(f"the codebook has {path!r} already")
            leaf_id = check_uuid(code_id, "code") if code_id else None
            if leaf_id and session.get(CodeRow, leaf_id) is not None:
                raise Conflict(f"a code with id {leaf_id} exists already")
            row = code_repo.ensure(
                session, path, colour=check_colour(colour) if colour else None, leaf_id=leaf_id
            )
            row.description = check_text(description, "description")
            record = code_repo.to_record(row)
        return Outcome(record, self.ctx.committed(ChangeSet(codes=True)))

    def update(
        self,
        path: str,
        *,
        description: str | None = None,
        colour: str | None = None,
        codable: bool | None = None,
    ) -> Outcome[Code]:
        with self.ctx.db.writing() as session:
            row = code_repo.get(session, path)
            before = code_repo.to_record(row)
            if description is not None:
                row.description = check_text(description, "description")
            if colour is not None:
                row.colour = check_colour(colour)
            if codable is False and row.codable:
                _refuse_category_with_codings(session, row)
            if codable is not None:
                row.codable = codable
            record = code_repo.to_record(row)
        return Outcome(record, self.ctx.committed(ChangeSet(codes=True)), before=before)

    def rename(self, path: str, new_name: str) -> Outcome[Code]:
        with self.ctx.db.writing() as session:
            row = code_repo.get(session, path)
            name = check_name(new_name)
            parent = row.path.rsplit(SEPARATOR, 1)[0] + SEPARATOR if SEPARATOR in row.path else ""
            outcome = self._repath(session, row, parent + name, name=name)
        return self._announce(outcome)

    def move(self, path: str, new_parent: str | None) -> Outcome[Code]:
        """Move a code (with its children) under ``new_parent``, or to the top level."""
        with self.ctx.db.writing() as session:
            row = code_repo.get(session, path)
            parent = code_repo.get(session, new_parent) if new_parent else None
            if parent is not None and is_within(parent.path, row.path):
                raise Conflict(f"cannot move {row.path} inside itself")
            row.parent_id = parent.id if parent else None
            new_path = (parent.path + SEPARATOR if parent else "") + row.name
            outcome = self._repath(session, row, new_path, name=row.name)
        return self._announce(outcome)

    def _repath(self, session: Session, row: CodeRow, new_path: str, *, name: str) -> Outcome[Code]:
        before = code_repo.to_record(row)
        if new_path != row.path:
            clash = code_repo.find(session, new_path)
            if clash is not None:
                raise Conflict(f"the codebook has {new_path!r} already; merge instead")
            members = [m.id for m in code_repo.subtree(session, row)]
            row.name = name
            code_repo.repath(session, row, new_path)
            affected = _coded_entries(session, members)
            bump_versions(session, affected)
        else:
            affected = set()
        record = code_repo.to_record(row)
        changes = ChangeSet(entries=frozenset(affected), codes=True, segments=True)
        return Outcome(record, changes, before=before)

    def _announce(self, outcome: Outcome[Code]) -> Outcome[Code]:
        return replace(outcome, changes=self.ctx.committed(outcome.changes))

    def merge(self, source: str, target: str) -> Outcome[Code]:
        """Recode everything coded ``source`` as ``target`` and remove ``source``.

        Children of ``source`` move under ``target``.
        """
        with self.ctx.db.writing() as session:
            src = code_repo.get(session, source)
            dst = code_repo.get(session, target)
            if src.id == dst.id or is_within(dst.path, src.path):
                raise Conflict(f"cannot merge {src.path} into {dst.path}")
            taken = (snapshot_of(session, src), snapshot_of(session, dst))
            affected = _coded_entries(session, [src.id])
            for link in list(
                session.scalars(select(EntryCodeRow).where(EntryCodeRow.code_id == src.id))
            ):
                if session.get(EntryCodeRow, (link.entry_id, dst.id)) is None:
                    session.add(
                        EntryCodeRow(entry_id=link.entry_id, code_id=dst.id, position=link.position)
                    )
                session.delete(link)
            session.execute(
                update(SegmentRow).where(SegmentRow.code_id == src.id).values(code_id=dst.id)
            )
            session.execute(
                update(MemoLinkRow)
                .where((MemoLinkRow.target_type == "code") & (MemoLinkRow.target_id == src.id))
                .values(target_id=dst.id)
                .execution_options(synchronize_session=False)
            )
            for child in list(session.scalars(select(CodeRow).where(CodeRow.parent_id == src.id))):
                child.parent_id = dst.id
                new_path = dst.path + SEPARATOR + child.name
                if code_repo.find(session, new_path) is not None:
                    raise Conflict(
                        f"both codes have a child called {child.name!r}; merge those first"
                    )
                affected |= _coded_entries(
                    session, [m.id for m in code_repo.subtree(session, child)]
                )
                code_repo.repath(session, child, new_path)
            session.flush()
            session.delete(src)
            session.flush()
            bump_versions(session, affected)
            entries, segments = code_repo.counts(session)
            record = code_repo.to_record(dst, entries.get(dst.id, 0), segments.get(dst.id, 0))
        changes = ChangeSet(entries=frozenset(affected), codes=True, segments=True, memos=True)
        return Outcome(record, self.ctx.committed(changes), taken=taken)

    def delete(self, path: str) -> Outcome[str]:
        """Remove a code, its children, and every coding with them (entries stay)."""
        with self.ctx.db.writing() as session:
            row = code_repo.get(session, path)
            taken = (snapshot_of(session, row),)
            members = [m.id for m in code_repo.subtree(session, row)]
            affected = _coded_entries(session, members)
            session.execute(
                delete(MemoLinkRow).where(
                    (MemoLinkRow.target_type == "code") & (MemoLinkRow.target_id.in_(members))
                )
            )
            removed = row.path
            session.delete(row)
            session.flush()
            bump_versions(session, affected)
        changes = ChangeSet(entries=frozenset(affected), codes=True, segments=True, memos=True)
        return Outcome(removed, self.ctx.committed(changes), taken=taken)
