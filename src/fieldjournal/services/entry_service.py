"""Entries: capture, edit (with revisions and segments that follow their words), trash."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fieldjournal.domain.enums import EntryKind, LinkRole, MemoTarget, MemoType, parse_enum
from fieldjournal.domain.errors import EditConflict, InvalidInput, NotFound
from fieldjournal.domain.offsets import rebase_spans
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.records import (
    ChangeSet,
    Entry,
    EntrySummary,
    Outcome,
    Revision,
    Segment,
)
from fieldjournal.domain.text import check_text, single_line
from fieldjournal.domain.timeutil import local_offset_minutes, now, parse_datetime, to_utc
from fieldjournal.services.context import ServiceContext
from fieldjournal.storage.models import (
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
from fieldjournal.storage.repositories import entries as entry_repo
from fieldjournal.storage.repositories.ids import check_uuid, new_id, resolve

EDITABLE = frozenset({"title", "body", "kind", "occurred_at", "ended_at", "site", "memo_type"})
# Autosaves within this window of the last revision share it: the text from before the
# burst of typing is kept, not every two-second state of it.
AUTOSAVE_REVISION_WINDOW = timedelta(minutes=10)

ActorSpec = str | tuple[str, LinkRole | str]


def _kind_and_memo_type(
    kind: EntryKind | str, memo_type: MemoType | str | None
) -> tuple[EntryKind, MemoType | None]:
    entry_kind = parse_enum(EntryKind, kind, "entry kind")
    if entry_kind is not EntryKind.MEMO:
        if memo_type:
            raise InvalidInput("only memos have a memo type")
        return entry_kind, None
    return entry_kind, parse_enum(MemoType, memo_type or MemoType.ANALYTIC, "memo type")


def _set_time(row: EntryRow, field: str, value: datetime | str | None) -> None:
    if field == "occurred_at":
        moment = parse_datetime(value if value is not None else now(), "occurred_at")
        row.occurred_at = to_utc(moment)
        row.occurred_offset = local_offset_minutes(moment)
        return
    if value is None or value == "":
        row.ended_at = None
        row.ended_offset = None
        return
    moment = parse_datetime(value, "ended_at")
    row.ended_at = to_utc(moment)
    row.ended_offset = local_offset_minutes(moment)


def _stored_fields(row: EntryRow) -> dict[str, Any]:
    return {
        "title": row.title,
        "body": row.body,
        "site": row.site,
        "kind": row.kind,
        "memo_type": row.memo_type,
        "occurred_at": entry_repo.occurred(row),
        "ended_at": entry_repo.ended(row),
    }


def _base_fields(base: Entry) -> dict[str, Any]:
    return {
        "title": base.title,
        "body": base.body,
        "site": base.site,
        "kind": base.kind.value,
        "memo_type": base.memo_type.value if base.memo_type else None,
        "occurred_at": base.occurred_at,
        "ended_at": base.ended_at,
    }


def _check_base(row: EntryRow, base: Entry, fields: Iterable[str]) -> None:
    """Refuse an edit made on ``base`` when a field it changes was changed since."""
    stored, based = _stored_fields(row), _base_fields(base)
    moved = tuple(f for f in sorted(set(fields)) if stored[f] != based[f])
    if moved:
        named = ", ".join("time" if f.endswith("_at") else f.replace("_", " ") for f in moved)
        raise EditConflict(
            f"this entry was changed elsewhere since it was opened (its {named}); "
            "nothing was saved",
            moved,
        )


def _check_place(place: Segment, entry_id: str, body: str) -> None:
    """A segment placed by the caller must lie on its own words in this entry's body."""
    if place.entry_id != entry_id:
        raise InvalidInput(f"segment {place.id} belongs to another entry")
    if not (0 <= place.start < place.end <= len(body)) or (
        body[place.start : place.end] != place.text
    ):
        raise InvalidInput(
            f"segment {place.id} was to cover {place.text!r} at {place.start}–{place.end}, "
            "and those are not its words there"
        )


def _check_times(row: EntryRow) -> None:
    if row.ended_at is not None and row.ended_at < row.occurred_at:
        raise InvalidInput("the end time is before the start time")


class EntryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        # Entries whose last text change in this session was an autosave. Only a burst
        # of autosaves shares a revision: text saved on purpose is always kept.
        self._autosaved: set[str] = set()

    # --- reading -----------------------------------------------------------------
    def resolve(self, given: str, session: Session) -> str:
        return resolve(session, EntryRow.id, given, "entry")

    def get(self, entry_id: str) -> Entry:
        with self.ctx.db.reading() as session:
            row = entry_repo.get_row(session, self.resolve(entry_id, session))
            return entry_repo.record(session, row)

    def get_many(self, entry_ids: Sequence[str]) -> list[Entry]:
        with self.ctx.db.reading() as session:
            rows = [session.get(EntryRow, i) for i in entry_ids]
            return [entry_repo.record(session, r) for r in rows if r is not None]

    def summaries(self, flt: EntryQuery, limit: int | None, offset: int) -> list[EntrySummary]:
        with self.ctx.db.reading() as session:
            return entry_repo.summaries(session, flt, limit=limit, offset=offset)

    def count(self, flt: EntryQuery) -> int:
        with self.ctx.db.reading() as session:
            return entry_repo.count(session, flt)

    def revisions(self, entry_id: str) -> list[Revision]:
        """Earlier texts of an entry, oldest first."""
        with self.ctx.db.reading() as session:
            return entry_repo.revisions(session, self.resolve(entry_id, session))

    def sites(self) -> list[str]:
        """Sites used so far, most recent first (for completion)."""
        with self.ctx.db.reading() as session:
            return entry_repo.sites(session)

    # --- capture -----------------------------------------------------------------
    def add(
        self,
        *,
        kind: EntryKind | str = EntryKind.FIELDNOTE,
        title: str = "",
        body: str = "",
        occurred_at: datetime | str | None = None,
        ended_at: datetime | str | None = None,
        site: str = "",
        memo_type: MemoType | str | None = None,
        actors: Iterable[ActorSpec] = (),
        codes: Iterable[str] = (),
        entry_id: str | None = None,
        about_entry: str | None = None,
    ) -> Outcome[Entry]:
        """Capture an entry; ``about_entry`` links a new memo to that entry, in the same
        transaction (the window's "new memo" about the open entry)."""
        entry_kind, memo = _kind_and_memo_type(kind, memo_type)
        if about_entry and entry_kind is not EntryKind.MEMO:
            raise InvalidInput("only a memo can be about an entry")
        moment = now()
        row = EntryRow(
            id=check_uuid(entry_id, "entry") if entry_id else new_id(),
            kind=entry_kind.value,
            memo_type=memo.value if memo else None,
            title=single_line(title, "title"),
            body=check_text(body, "body"),
            site=single_line(site, "site"),
            created_at=moment,
            updated_at=moment,
            version=1,
        )
        _set_time(row, "occurred_at", occurred_at)
        _set_time(row, "ended_at", ended_at)
        _check_times(row)
        with self.ctx.db.writing() as session:
            if entry_id and session.get(EntryRow, row.id) is not None:
                raise InvalidInput(f"an entry with id {row.id} exists already")
            session.add(row)
            session.flush()
            self._link_actors(session, row.id, actors)
            self._link_codes(session, row.id, codes)
            if about_entry:
                target = self.resolve(about_entry, session)
                session.add(
                    MemoLinkRow(
                        memo_id=row.id, target_type=MemoTarget.ENTRY.value, target_id=target
                    )
                )
                session.flush()
            record = entry_repo.record(session, row)
        changes = ChangeSet(
            entries=frozenset({row.id}), actors=bool(record.actors), memos=bool(about_entry)
        )
        return Outcome(record, self.ctx.committed(changes | ChangeSet(codes=bool(record.codes))))

    def _link_actors(self, session: Session, entry_id: str, actors: Iterable[ActorSpec]) -> None:
        position = len(
            list(session.scalars(select(EntryActorRow).where(EntryActorRow.entry_id == entry_id)))
        )
        for spec in actors:
            name, role = (spec, LinkRole.PRESENT) if isinstance(spec, str) else spec
            actor = actor_repo.ensure(session, single_line(name, "actor name"))
            link = session.get(EntryActorRow, (entry_id, actor.id))
            link_role = parse_enum(LinkRole, role, "link role")
            if link is None:
                session.add(
                    EntryActorRow(
                        entry_id=entry_id,
                        actor_id=actor.id,
                        role=link_role.value,
                        position=position,
                    )
                )
                position += 1
            else:
                link.role = link_role.value
        session.flush()

    def _link_codes(self, session: Session, entry_id: str, paths: Iterable[str]) -> None:
        position = len(
            list(session.scalars(select(EntryCodeRow).where(EntryCodeRow.entry_id == entry_id)))
        )
        for path in paths:
            code = code_repo.check_codable(code_repo.ensure(session, path))
            if session.get(EntryCodeRow, (entry_id, code.id)) is None:
                session.add(EntryCodeRow(entry_id=entry_id, code_id=code.id, position=position))
                position += 1
        session.flush()

    # --- editing -----------------------------------------------------------------
    def update(
        self,
        /,
        entry_id: str,
        *,
        autosave: bool = False,
        expected_version: int | None = None,
        base: Entry | None = None,
        placed: Mapping[str, Segment | None] | None = None,
        **changes: Any,
    ) -> Outcome[Entry]:
        """Change fields of an entry; text changes keep the previous text as a revision.

        Coded segments follow their words; those whose words are all gone are removed
        and returned in ``changes.dropped_segments``. ``placed`` says exactly where some
        segments are in the new body, by id, when the caller knows better than a
        comparison of the two texts can (the editor's undo and redo of a typing step):
        each is put on its span, re-created as it was (id, code, memo, date) if an edit
        had removed it, and None removes it. A span whose words are not the segment's
        ``text`` is refused, so a segment never lands on other words.

        Optimistic checks, for an edit that took a while (an editor, a script):
        ``expected_version`` refuses the change (``EditConflict``) if the entry changed
        at all since that version; ``base``, the entry as the edit began, refuses it only
        if one of the fields it changes was changed since (a link added elsewhere does
        not stand in the way of typing).
        """
        unknown = set(changes) - EDITABLE
        if unknown:
            raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} of an entry")
        with self.ctx.db.writing() as session:
            row = entry_repo.get_row(session, self.resolve(entry_id, session))
            if expected_version is not None and row.version != expected_version:
                raise EditConflict(
                    "this entry was changed elsewhere since it was opened; reload it first"
                )
            if base is not None:
                _check_base(row, base, changes)
            old_title, old_body = row.title, row.body
            if "kind" in changes or "memo_type" in changes:
                kind, memo = _kind_and_memo_type(
                    changes.get("kind", row.kind),
                    changes.get("memo_type", row.memo_type if "kind" not in changes else None),
                )
                if kind is not EntryKind.MEMO and self._has_memo_links(session, row.id):
                    raise InvalidInput(
                        "this memo is linked to what it is about; unlink those before "
                        "making it another kind of entry"
                    )
                row.kind, row.memo_type = kind.value, memo.value if memo else None
            if "title" in changes:
                row.title = single_line(changes["title"], "title")
            if "site" in changes:
                row.site = single_line(changes["site"], "site")
            if "occurred_at" in changes:
                _set_time(row, "occurred_at", changes["occurred_at"])
            if "ended_at" in changes:
                _set_time(row, "ended_at", changes["ended_at"])
            _check_times(row)
            dropped: tuple[Segment, ...] = ()
            new_body = check_text(changes["body"], "body") if "body" in changes else old_body
            if new_body != old_body or placed:
                dropped = self._rebase_segments(session, row, old_body, new_body, placed or {})
                row.body = new_body
            text_changed = row.title != old_title or row.body != old_body
            if text_changed:
                self._keep_revision(session, row, old_title, old_body, autosave)
            if session.is_modified(row) or text_changed:
                row.updated_at = now()
                row.version += 1
            record = entry_repo.record(session, row)
        if text_changed:
            (self._autosaved.add if autosave else self._autosaved.discard)(row.id)
        changes_set = ChangeSet(
            entries=frozenset({row.id}),
            segments=bool(dropped or placed),
            dropped_segments=dropped,
        )
        return Outcome(record, self.ctx.committed(changes_set))

    @staticmethod
    def _has_memo_links(session: Session, memo_id: str) -> bool:
        found = session.scalar(
            select(MemoLinkRow.memo_id).where(MemoLinkRow.memo_id == memo_id).limit(1)
        )
        return found is not None

    def _keep_revision(
        self, session: Session, row: EntryRow, title: str, body: str, autosave: bool
    ) -> None:
        if autosave and row.id in self._autosaved:
            last = session.scalar(
                select(RevisionRow.saved_at)
                .where(RevisionRow.entry_id == row.id)
                .order_by(RevisionRow.saved_at.desc())
                .limit(1)
            )
            if last is not None and now() - last < AUTOSAVE_REVISION_WINDOW:
                return
        session.add(RevisionRow(entry_id=row.id, title=title, body=body, saved_at=now()))

    def _rebase_segments(
        self,
        session: Session,
        row: EntryRow,
        old: str,
        new: str,
        placed: Mapping[str, Segment | None],
    ) -> tuple[Segment, ...]:
        rows = list(
            session.execute(
                select(SegmentRow, CodeRow.path)
                .join(CodeRow, CodeRow.id == SegmentRow.code_id)
                .where(SegmentRow.entry_id == row.id)
            )
        )
        rebased = [(s, path) for s, path in rows if s.id not in placed]
        spans = rebase_spans(old, new, [(s.start, s.end) for s, _ in rebased])
        existing = {segment.id: (segment, path) for segment, path in rows}
        dropped = []
        for (segment, path), span in zip(rebased, spans, strict=True):
            if span is None:
                dropped.append(entry_repo.segment_record(segment, path, old))
                session.delete(segment)
            else:
                segment.start, segment.end = span
        for segment_id, place in placed.items():
            found, path = existing.get(segment_id, (None, ""))
            if place is None:
                if found is not None:
                    dropped.append(entry_repo.segment_record(found, path, old))
                    session.delete(found)
                continue
            _check_place(place, row.id, new)
            if found is None:
                code = code_repo.get(session, place.code_path)
                found = SegmentRow(
                    id=check_uuid(place.id, "segment"),
                    entry_id=row.id,
                    code_id=code.id,
                    memo=check_text(place.memo, "segment memo"),
                    created_at=place.created_at,
                )
                session.add(found)
            found.start, found.end = place.start, place.end
        return tuple(dropped)

    def restore_revision(self, entry_id: str, revision_id: int) -> Outcome[Entry]:
        """Bring back an earlier text; the current text becomes a revision in turn.

        ``before`` is the entry as it was, codings included, so an undo can put back the
        text it replaced with every coding where it was.
        """
        with self.ctx.db.reading() as session:
            full = self.resolve(entry_id, session)
            revision = session.get(RevisionRow, revision_id)
            if revision is None or revision.entry_id != full:
                raise NotFound(f"entry {entry_id} has no revision {revision_id}")
            title, body = revision.title, revision.body
            before = entry_repo.record(session, entry_repo.get_row(session, full))
        return replace(self.update(full, title=title, body=body), before=before)

    # --- links -------------------------------------------------------------------
    def link_actor(
        self, entry_id: str, name: str, role: LinkRole | str = LinkRole.PRESENT
    ) -> Outcome[Entry]:
        """Link an actor (created if the name is new) or change its role on this entry."""
        with self.ctx.db.writing() as session:
            full = self.resolve(entry_id, session)
            before = entry_repo.record(session, entry_repo.get_row(session, full))
            known = actor_repo.find(session, single_line(name, "actor name"))
            self._link_actors(session, full, [(name, role)])
            made = () if known is not None else (actor_repo.get(session, name).id,)
            outcome = self._relinked(session, full, actors=True)
        return self._announce(replace(outcome, created=made, before=before))

    def unlink_actor(self, entry_id: str, name: str) -> Outcome[Entry]:
        with self.ctx.db.writing() as session:
            full = self.resolve(entry_id, session)
            actor = actor_repo.get(session, name)
            link = session.get(EntryActorRow, (full, actor.id))
            if link is None:
                raise NotFound(f"{actor.name} is not linked to this entry")
            before = entry_repo.record(session, entry_repo.get_row(session, full))
            session.delete(link)
            outcome = self._relinked(session, full, actors=True)
        return self._announce(replace(outcome, before=before))

    def add_code(self, entry_id: str, path: str) -> Outcome[Entry]:
        """Code the whole entry; a new code (and missing parents) is created."""
        with self.ctx.db.writing() as session:
            full = self.resolve(entry_id, session)
            missing = code_repo.missing(session, path)
            self._link_codes(session, full, [path])
            made = tuple(code_repo.get(session, p).id for p in missing)
            outcome = self._relinked(session, full, codes=True)
        return self._announce(replace(outcome, created=made))

    def remove_code(self, entry_id: str, path: str) -> Outcome[Entry]:
        with self.ctx.db.writing() as session:
            full = self.resolve(entry_id, session)
            code = code_repo.get(session, path)
            link = session.get(EntryCodeRow, (full, code.id))
            if link is None:
                raise NotFound(f"this entry is not coded {code.path}")
            session.delete(link)
            outcome = self._relinked(session, full, codes=True)
        return self._announce(outcome)

    def _relinked(
        self, session: Session, entry_id: str, *, actors: bool = False, codes: bool = False
    ) -> Outcome[Entry]:
        session.flush()
        row = entry_repo.get_row(session, entry_id)
        row.version += 1
        session.flush()
        record = entry_repo.record(session, row)
        changes = ChangeSet(entries=frozenset({entry_id}), actors=actors, codes=codes)
        return Outcome(record, changes)

    def _announce(self, outcome: Outcome[Entry]) -> Outcome[Entry]:
        """Run the index hook and listeners once the caller's transaction committed."""
        return replace(outcome, changes=self.ctx.committed(outcome.changes))

    # --- trash -------------------------------------------------------------------
    def delete(self, entry_id: str) -> Outcome[Entry]:
        """Move to the trash: nothing is lost, and restore brings it back whole."""
        with self.ctx.db.writing() as session:
            row = entry_repo.get_row(session, self.resolve(entry_id, session))
            if row.deleted_at is None:
                row.deleted_at = now()
                row.version += 1
            record = entry_repo.record(session, row)
        return Outcome(record, self.ctx.committed(ChangeSet(entries=frozenset({row.id}))))

    def restore(self, entry_id: str) -> Outcome[Entry]:
        """Bring an entry back from the trash."""
        with self.ctx.db.writing() as session:
            row = entry_repo.get_row(session, self.resolve(entry_id, session))
            if row.deleted_at is None:
                raise InvalidInput("this entry is not in the trash")
            row.deleted_at = None
            row.version += 1
            record = entry_repo.record(session, row)
        return Outcome(record, self.ctx.committed(ChangeSet(entries=frozenset({row.id}))))

    def purge(self, entry_id: str) -> Outcome[str]:
        """Delete for good an entry that is already in the trash."""
        with self.ctx.db.writing() as session:
            row = entry_repo.get_row(session, self.resolve(entry_id, session))
            if row.deleted_at is None:
                raise InvalidInput("only entries in the trash can be deleted for good")
            full = row.id
            session.execute(
                delete(MemoLinkRow).where(
                    (MemoLinkRow.target_type == "entry") & (MemoLinkRow.target_id == full)
                )
            )
            session.delete(row)
        changes = ChangeSet(
            entries=frozenset({full}), removed_entries=frozenset({full}), memos=True
        )
        return Outcome(full, self.ctx.committed(changes))
