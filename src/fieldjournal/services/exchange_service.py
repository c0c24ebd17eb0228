"""Export a whole journal to JSON Lines, and import such a file all-or-nothing.

Import runs in one transaction: every line is parsed and checked, references are
resolved (actors and codes an entry names are created), and any problem rolls the whole
file back with the line number that caused it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from fieldjournal.domain.codepaths import ancestors
from fieldjournal.domain.enums import Consent
from fieldjournal.domain.errors import FieldjournalError, ImportFailed
from fieldjournal.domain.records import ChangeSet
from fieldjournal.domain.timeutil import local_offset_minutes, now, to_utc, with_offset
from fieldjournal.exchange import jsonl
from fieldjournal.exchange.jsonl import (
    ActorRecord,
    CodeRecord,
    EntryRecord,
    MemoLinkRecord,
    ReferenceRecord,
    RevisionRecord,
    SegmentRecord,
)
from fieldjournal.services.context import ServiceContext
from fieldjournal.storage.models import (
    ActorRow,
    CodeRow,
    EntryActorRow,
    EntryCodeRow,
    EntryRow,
    MemoLinkRow,
    ReferenceRow,
    RevisionRow,
    SegmentRow,
)
from fieldjournal.storage.repositories import actors as actor_repo
from fieldjournal.storage.repositories import codes as code_repo
from fieldjournal.storage.repositories import references as reference_repo
from fieldjournal.storage.repositories.ids import check_uuid, new_id


@dataclass(frozen=True, slots=True)
class ImportReport:
    actors: int
    codes: int
    entries: int
    segments: int
    memo_links: int
    revisions: int
    references: int = 0


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


class ExchangeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- export ------------------------------------------------------------------
    def export_records(self) -> Iterator[dict[str, Any]]:
        """Every record of the journal in a stable order (trash included)."""
        with self.ctx.db.reading() as session:
            actors = list(session.scalars(select(ActorRow).order_by(ActorRow.name_key)))
            names = {a.id: a.name for a in actors}
            for a in actors:
                yield {
                    "type": "actor",
                    "id": a.id,
                    "name": a.name,
                    "kind": a.kind,
                    "sector": a.sector,
                    "role": a.role,
                    "affiliation": names.get(a.affiliation_id) if a.affiliation_id else None,
                    "pseudonym": a.pseudonym,
                    "aliases": [x.alias for x in a.aliases],
                    "consent": a.consent,
                    "notes": a.notes,
                    "common_word": a.common_word,
                }
            codes = list(session.scalars(select(CodeRow).order_by(CodeRow.path)))
            paths = {c.id: c.path for c in codes}
            for c in codes:
                yield {
                    "type": "code",
                    "id": c.id,
                    "path": c.path,
                    "description": c.description,
                    "colour": c.colour,
                    **({} if c.codable else {"codable": False}),
                }
            actor_links: dict[str, list[Any]] = {}
            for link in session.scalars(
                select(EntryActorRow).order_by(EntryActorRow.entry_id, EntryActorRow.position)
            ):
                name = names[link.actor_id]
                item: Any = name if link.role == "present" else {"name": name, "role": link.role}
                actor_links.setdefault(link.entry_id, []).append(item)
            code_links: dict[str, list[str]] = {}
            for clink in session.scalars(
                select(EntryCodeRow).order_by(EntryCodeRow.entry_id, EntryCodeRow.position)
            ):
                code_links.setdefault(clink.entry_id, []).append(paths[clink.code_id])
            entries = list(
                session.scalars(select(EntryRow).order_by(EntryRow.occurred_at, EntryRow.id))
            )
            for e in entries:
                ended = with_offset(e.ended_at, e.ended_offset or 0) if e.ended_at else None
                yield {
                    "type": "entry",
                    "id": e.id,
                    "kind": e.kind,
                    "memo_type": e.memo_type,
                    "title": e.title,
                    "body": e.body,
                    "occurred_at": with_offset(e.occurred_at, e.occurred_offset).isoformat(),
                    "ended_at": _iso(ended),
                    "site": e.site,
                    "actors": actor_links.get(e.id, []),
                    "codes": code_links.get(e.id, []),
                    "created_at": _iso(e.created_at),
                    "updated_at": _iso(e.updated_at),
                    "deleted_at": _iso(e.deleted_at),
                }
            for s in session.scalars(
                select(SegmentRow)
                .join(EntryRow, EntryRow.id == SegmentRow.entry_id)
                .order_by(
                    EntryRow.occurred_at, SegmentRow.entry_id, SegmentRow.start, SegmentRow.id
                )
            ):
                yield {
                    "type": "segment",
                    "id": s.id,
                    "entry": s.entry_id,
                    "code": paths[s.code_id],
                    "start": s.start,
                    "end": s.end,
                    "memo": s.memo,
                    "created_at": _iso(s.created_at),
                }
            for m in session.scalars(
                select(MemoLinkRow).order_by(
                    MemoLinkRow.memo_id, MemoLinkRow.target_type, MemoLinkRow.target_id
                )
            ):
                target = (
                    names.get(m.target_id)
                    if m.target_type == "actor"
                    else paths.get(m.target_id)
                    if m.target_type == "code"
                    else m.target_id
                )
                if target is not None:
                    yield {
                        "type": "memo_link",
                        "memo": m.memo_id,
                        "target_type": m.target_type,
                        "target": target,
                    }
            for r in session.scalars(
                select(RevisionRow).order_by(
                    RevisionRow.entry_id, RevisionRow.saved_at, RevisionRow.id
                )
            ):
                yield {
                    "type": "revision",
                    "entry": r.entry_id,
                    "title": r.title,
                    "body": r.body,
                    "saved_at": _iso(r.saved_at),
                }
            for ref in session.scalars(select(ReferenceRow).order_by(ReferenceRow.citekey)):
                yield {"type": "reference", "citekey": ref.citekey, "csl": json.loads(ref.csl)}

    def export_lines(self) -> Iterator[str]:
        """The journal as JSON Lines (no trailing newlines)."""
        for record in self.export_records():
            yield jsonl.dump(record)

    # --- import ------------------------------------------------------------------
    def import_lines(self, lines: Iterable[str], *, replace_actors: bool = False) -> ImportReport:
        """Import JSON Lines all-or-nothing; ``ImportFailed`` names the bad line.

        An actor record for an actor the journal has merges into it (fields it omits are
        kept) and may not weaken protection; ``replace_actors`` replaces such actors."""
        records = list(jsonl.parse_lines(lines))
        with self.ctx.db.writing() as session:
            report, entry_ids = _Importer(session, replace_actors).run(records)
        changes = ChangeSet(
            entries=frozenset(entry_ids),
            actors=report.actors > 0 or report.entries > 0,
            codes=True,
            segments=report.segments > 0,
            memos=report.memo_links > 0,
            references=report.references > 0,
        )
        self.ctx.committed(changes)
        return report


class _Importer:
    """Applies parsed records inside one transaction; raises ImportFailed on any problem."""

    def __init__(self, session: Session, replace_actors: bool = False) -> None:
        self.session = session
        self.replace_actors = replace_actors
        self.actor_lines: dict[str, int] = {}  # actor id -> the line of its record
        self.created: set[str] = set()  # actors this import made
        self.actors: dict[str, ActorRow] = {}
        self.codes: dict[str, CodeRow] = {}
        self.bodies: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        # Rows gathered and inserted in bulk once their kind of record is done; the
        # lines they came from, to name the line when an id turns out to be taken.
        self.entry_lines: dict[str, int] = {}
        self.segment_lines: dict[str, int] = {}
        self._entry_rows: list[dict[str, Any]] = []
        self._actor_links: list[dict[str, Any]] = []
        self._code_links: list[dict[str, Any]] = []
        self._segment_rows: list[dict[str, Any]] = []
        self.references: dict[str, dict[str, Any]] = {}  # citekey -> CSL-JSON (last one wins)

    def run(self, records: list[jsonl.Record]) -> tuple[ImportReport, set[str]]:
        counts = dict.fromkeys(
            ("actor", "code", "entry", "segment", "memo", "revision", "reference"), 0
        )
        entry_ids: set[str] = set()
        pending_affiliations: list[tuple[ActorRecord, ActorRow]] = []
        order = (
            ActorRecord,
            CodeRecord,
            EntryRecord,
            SegmentRecord,
            MemoLinkRecord,
            RevisionRecord,
            ReferenceRecord,
        )
        for record_type in order:
            for record in (r for r in records if isinstance(r, record_type)):
                try:
                    if isinstance(record, ActorRecord):
                        pending_affiliations.append((record, self.actor(record)))
                        counts["actor"] += 1
                    elif isinstance(record, CodeRecord):
                        self.code(record)
                        counts["code"] += 1
                    elif isinstance(record, EntryRecord):
                        entry_ids.add(self.entry(record))
                        counts["entry"] += 1
                    elif isinstance(record, SegmentRecord):
                        entry_ids.add(self.segment(record))
                        counts["segment"] += 1
                    elif isinstance(record, MemoLinkRecord):
                        self.memo_link(record)
                        counts["memo"] += 1
                    elif isinstance(record, RevisionRecord):
                        self.revision(record)
                        counts["revision"] += 1
                    else:
                        self.references[record.citekey] = record.csl
                        counts["reference"] += 1
                except ImportFailed:
                    raise
                except FieldjournalError as error:
                    raise ImportFailed(record.line, str(error)) from None
            if record_type is ActorRecord:
                affiliated = [
                    (row, self.organisation(actor_record, row))
                    for actor_record, row in pending_affiliations
                    if actor_record.affiliation
                ]
                # Organisations an affiliation made are inserted before any actor refers
                # to them: a flush writes updates of known rows before inserts of new ones.
                self.session.flush()
                for row, org in affiliated:
                    row.affiliation_id = org.id
                self.refuse_pseudonym_conflicts()
            if record_type is EntryRecord:
                self.flush_entries()
            if record_type is SegmentRecord:
                self.refuse_taken(SegmentRow, self.segment_lines, "a segment")
                self.insert(SegmentRow, self._segment_rows)
        self.session.flush()
        report = ImportReport(
            counts["actor"],
            counts["code"],
            counts["entry"],
            counts["segment"],
            counts["memo"],
            counts["revision"],
            counts["reference"],
        )
        if self.references:
            reference_repo.upsert(self.session, self.references, "", now())
        return report, entry_ids

    # actors
    def find_actor(self, name: str) -> ActorRow | None:
        key = actor_repo.name_key(name)
        if key in self.actors:
            return self.actors[key]
        if key in self.aliases:
            return self.actors[self.aliases[key]]
        row = actor_repo.find(self.session, name)
        if row is not None:
            self.actors[key] = row
        return row

    def new_actor(
        self, name: str, *, kind: str = "person", actor_id: str | None = None
    ) -> ActorRow:
        moment = now()
        row = ActorRow(
            id=check_uuid(actor_id, "actor") if actor_id else new_id(),
            name=name,
            name_key=actor_repo.name_key(name),
            kind=kind,
            sector=None,
            role="",
            pseudonym="",
            consent="unknown",
            notes="",
            common_word=False,
            created_at=moment,
            updated_at=moment,
        )
        self.session.add(row)
        self.actors[row.name_key] = row
        self.created.add(row.id)
        return row

    def organisation(self, record: ActorRecord, row: ActorRow) -> ActorRow:
        """The organisation an actor record names as its affiliation (made if new)."""
        assert record.affiliation is not None
        org = self.find_actor(record.affiliation)
        if org is None:
            return self.new_actor(record.affiliation, kind="organisation")
        if org is row:
            raise ImportFailed(record.line, "an actor cannot be affiliated with itself")
        if org.kind != "organisation":
            raise ImportFailed(
                record.line, f"{org.name} is a {org.kind}; an affiliation is an organisation"
            )
        return org

    def actor(self, record: ActorRecord) -> ActorRow:
        row = self.find_actor(record.name)
        if row is not None and row.id in self.actor_lines:
            raise ImportFailed(
                record.line,
                f"a second record for the actor {row.name!r} (the first is on line "
                f"{self.actor_lines[row.id]}); give each actor one record",
            )
        if row is None:
            if record.id and self.session.get(ActorRow, record.id) is not None:
                raise ImportFailed(record.line, f"actor id {record.id} exists with another name")
            row = self.new_actor(record.name, kind=record.kind.value, actor_id=record.id)
        self.actor_lines[row.id] = record.line
        if row.id in self.created or self.replace_actors:
            self.fill(row, record, frozenset(jsonl.ACTOR_FIELDS))
        else:
            self.refuse_weakening(row, record)
            self.fill(row, record, record.given)
        return row

    def refuse_weakening(self, row: ActorRow, record: ActorRecord) -> None:
        """An import may add protection to an actor the journal has, never take it away."""
        given = record.given
        lost = []
        old = Consent(row.consent)
        if "consent" in given and record.consent.protection < old.protection:
            lost.append(f"lower their consent from {old.value} to {record.consent.value}")
        if "pseudonym" in given and row.pseudonym and not record.pseudonym:
            lost.append(f"remove their pseudonym {row.pseudonym!r}")
        if "aliases" in given:
            kept = {actor_repo.name_key(alias) for alias in record.aliases}
            dropped = [a.alias for a in row.aliases if a.alias_key not in kept]
            if dropped:
                lost.append(f"drop their alias(es) {', '.join(map(repr, dropped))}")
        if "common_word" in given and record.common_word and not row.common_word:
            lost.append("mark their names as ordinary words")
        if lost:
            raise ImportFailed(
                record.line,
                f"the record for {row.name!r} would {' and '.join(lost)}; an import never "
                "weakens protection (to replace actors as the file has them, import with "
                "--replace-actors)",
            )

    def fill(self, row: ActorRow, record: ActorRecord, given: frozenset[str]) -> None:
        """Set the fields ``given`` from the record (omitted ones are kept)."""
        if "kind" in given:
            row.kind = record.kind.value
        if "sector" in given:
            row.sector = record.sector.value if record.sector else None
        for key in ("role", "pseudonym", "notes", "common_word"):
            if key in given:
                setattr(row, key, getattr(record, key))
        if "consent" in given:
            row.consent = record.consent.value
        self.session.flush()
        if "aliases" not in given:
            return
        for alias in record.aliases:
            other = self.find_actor(alias)
            if other is not None and other is not row:
                raise ImportFailed(record.line, f"alias {alias!r} already names {other.name}")
        actor_repo.set_aliases(row, record.aliases)
        for alias_row in row.aliases:
            self.aliases[alias_row.alias_key] = row.name_key

    def refuse_pseudonym_conflicts(self) -> None:
        """Pseudonyms the file sets must tell people apart and name nobody."""
        self.session.flush()
        rows = actor_repo.all_rows(self.session)
        for row in sorted(rows, key=lambda r: self.actor_lines.get(r.id, 0)):
            if row.id in self.actor_lines:
                problem = actor_repo.pseudonym_conflict(rows, row)
                if problem is not None:
                    raise ImportFailed(self.actor_lines[row.id], problem)

    # codes
    def code_row(self, path: str, *, code_id: str | None = None, line: int = 0) -> CodeRow:
        if path in self.codes:
            return self.codes[path]
        for prefix in ancestors(path)[:-1]:
            if prefix not in self.codes:
                self.codes[prefix] = code_repo.ensure(self.session, prefix)
        row = code_repo.find(self.session, path)
        if row is None:
            leaf_id = check_uuid(code_id, "code") if code_id else None
            if leaf_id and self.session.get(CodeRow, leaf_id) is not None:
                raise ImportFailed(line, f"code id {leaf_id} is used by another code")
            row = code_repo.ensure(self.session, path, leaf_id=leaf_id)
        self.codes[path] = row
        return row

    def code(self, record: CodeRecord) -> None:
        row = self.code_row(record.path, code_id=record.id, line=record.line)
        row.description = record.description
        if record.colour:
            row.colour = record.colour
        row.codable = record.codable

    # entries: gathered and inserted in bulk, links too
    def entry(self, record: EntryRecord) -> str:
        entry_id = check_uuid(record.id, "entry") if record.id else new_id()
        if entry_id in self.bodies:
            raise ImportFailed(record.line, f"an entry with id {entry_id} exists already")
        self.entry_lines[entry_id] = record.line
        if record.ended_at is not None and record.ended_at < record.occurred_at:
            raise ImportFailed(record.line, "the end time is before the start time")
        moment = now()
        created = record.created_at or moment
        self._entry_rows.append(
            {
                "id": entry_id,
                "kind": record.kind.value,
                "memo_type": record.memo_type.value if record.memo_type else None,
                "title": record.title,
                "body": record.body,
                "occurred_at": to_utc(record.occurred_at),
                "occurred_offset": local_offset_minutes(record.occurred_at),
                "ended_at": to_utc(record.ended_at) if record.ended_at else None,
                "ended_offset": local_offset_minutes(record.ended_at) if record.ended_at else None,
                "site": record.site,
                "created_at": to_utc(created),
                "updated_at": to_utc(record.updated_at or created),
                "deleted_at": to_utc(record.deleted_at) if record.deleted_at else None,
                "version": 1,
            }
        )
        self.bodies[entry_id] = record.body
        self.kinds[entry_id] = record.kind.value
        seen: set[str] = set()
        for position, (name, role) in enumerate(record.actors):
            actor = self.find_actor(name) or self.new_actor(name)
            if actor.id not in seen:
                seen.add(actor.id)
                self._actor_links.append(
                    {
                        "entry_id": entry_id,
                        "actor_id": actor.id,
                        "role": role.value,
                        "position": position,
                    }
                )
        seen.clear()
        for position, path in enumerate(record.codes):
            code = self.code_row(path)
            if code.id not in seen:
                seen.add(code.id)
                self._code_links.append(
                    {"entry_id": entry_id, "code_id": code.id, "position": position}
                )
        return entry_id

    def flush_entries(self) -> None:
        self.session.flush()
        self.refuse_taken(EntryRow, self.entry_lines, "an entry")
        self.insert(EntryRow, self._entry_rows)
        self.insert(EntryActorRow, self._actor_links)
        self.insert(EntryCodeRow, self._code_links)

    def refuse_taken(
        self, model: type[EntryRow] | type[SegmentRow], lines: dict[str, int], what: str
    ) -> None:
        """Fail on the first line whose id the journal already holds (one query per 500)."""
        ids = list(lines)
        taken: list[str] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            taken += self.session.scalars(select(model.id).where(model.id.in_(chunk)))
        if taken:
            first = min(taken, key=lines.__getitem__)
            raise ImportFailed(lines[first], f"{what} with id {first} exists already")

    def insert(self, model: type[Any], rows: list[dict[str, Any]]) -> None:
        for start in range(0, len(rows), 2000):
            self.session.execute(insert(model), rows[start : start + 2000])

    def body_of(self, given: str, line: int) -> tuple[str, str]:
        if given in self.bodies:
            return given, self.bodies[given]
        row = self.session.get(EntryRow, given)
        if row is None:
            raise ImportFailed(line, f"no entry {given} in the file or the journal")
        self.kinds[row.id] = row.kind
        return row.id, row.body

    def segment(self, record: SegmentRecord) -> str:
        entry_id, body = self.body_of(record.entry, record.line)
        if not (0 <= record.start < record.end <= len(body)):
            raise ImportFailed(
                record.line,
                f"segment {record.start}-{record.end} is outside entry {entry_id} (0-{len(body)})",
            )
        code = self.code_row(record.code)
        segment_id = check_uuid(record.id, "segment") if record.id else new_id()
        if segment_id in self.segment_lines:
            raise ImportFailed(record.line, f"segment id {segment_id} is used twice")
        self.segment_lines[segment_id] = record.line
        self._segment_rows.append(
            {
                "id": segment_id,
                "entry_id": entry_id,
                "code_id": code.id,
                "start": record.start,
                "end": record.end,
                "memo": record.memo,
                "created_at": to_utc(record.created_at or now()),
            }
        )
        return entry_id

    def memo_link(self, record: MemoLinkRecord) -> None:
        memo_id, _ = self.body_of(record.memo, record.line)
        if self.kinds[memo_id] != "memo":
            raise ImportFailed(record.line, f"entry {memo_id} is not a memo; only memos link")
        kind = record.target_type.value
        if kind == "entry":
            target_id, _ = self.body_of(record.target, record.line)
            if target_id == memo_id:
                raise ImportFailed(record.line, "a memo cannot be about itself")
        elif kind == "actor":
            actor = self.find_actor(record.target)
            if actor is None:
                raise ImportFailed(record.line, f"no actor called {record.target!r}")
            target_id = actor.id
        else:
            target_id = self.code_row(record.target).id
        if self.session.get(MemoLinkRow, (memo_id, kind, target_id)) is None:
            self.session.add(MemoLinkRow(memo_id=memo_id, target_type=kind, target_id=target_id))
            self.session.flush()

    def revision(self, record: RevisionRecord) -> None:
        entry_id, _ = self.body_of(record.entry, record.line)
        self.session.add(
            RevisionRow(
                entry_id=entry_id,
                title=record.title,
                body=record.body,
                saved_at=to_utc(record.saved_at),
            )
        )
