"""Export the journal as a REFI-QDA project (``.qdpx``) or codebook (``.qdc``).

The service gathers the live records in one read, pseudonymises what names people
(texts, titles, sites, case names and variables, memos, descriptions) and moves every
coded segment onto the pseudonymised text, then hands a format-neutral
:class:`~fieldjournal.exchange.refi.model.Project` to the writer. The archive is written
beside the target, every member checked for real names as it goes in, and only then
renamed into place.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldjournal import __version__
from fieldjournal.domain.enums import Consent, EntryKind
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.pseudonyms import NameSubstitution
from fieldjournal.domain.timeutil import now, with_offset
from fieldjournal.domain.wording import counted
from fieldjournal.exchange.names.leak_check import LeakCheck
from fieldjournal.exchange.names.replacer import Pseudonymiser, _in_case
from fieldjournal.exchange.refi import container, guids, texts, writer
from fieldjournal.exchange.refi.check import NameLeak, checked_members
from fieldjournal.exchange.refi.container import Member
from fieldjournal.exchange.refi.model import (
    Case,
    Code,
    Project,
    Selection,
    Source,
    User,
    ValueType,
    VariableValue,
)
from fieldjournal.exchange.refi.offsets import replace_with_spans
from fieldjournal.services.chapter_service import ChapterService
from fieldjournal.services.context import ServiceContext
from fieldjournal.storage.models import (
    ActorRow,
    ChapterRow,
    CodeRow,
    EntryActorRow,
    EntryCodeRow,
    EntryRow,
    MemoLinkRow,
    Meta,
    RevisionRow,
    SegmentRow,
)

ORIGIN = f"Fieldjournal {__version__}"
RESEARCHER_KEY = "refi_researcher_guid"
# Variable names are distinct between sources and cases: QualCoder keeps one list of them.
ENTRY_KIND, OCCURRED, ENDED, SITE, MEMO_TYPE = (
    "Entry kind",
    "Occurred at",
    "Ended at",
    "Site",
    "Memo type",
)
ACTOR_KIND, SECTOR, ROLE, AFFILIATION = ("Actor kind", "Sector", "Role", "Affiliation")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class RefiExportReport:
    target: Path
    sources: int
    notes: int
    codes: int
    segments: int
    cases: int
    real_names: bool
    not_carried: tuple[str, ...] = field(default=())

    def lines(self) -> list[str]:
        names = "real names" if self.real_names else "pseudonymised"
        return [
            f"wrote {self.target} ({names}): {counted(self.sources, 'source')}, "
            f"{counted(self.notes, 'memo')} as notes, {counted(self.codes, 'code')}, "
            f"{counted(self.segments, 'coding')}, {counted(self.cases, 'case')}",
            *(f"not carried by REFI-QDA: {item}" for item in self.not_carried),
        ]


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class _Segment:
    id: str
    code_id: str
    start: int
    end: int
    memo: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class _MemoLink:
    memo_id: str
    target_type: str
    target_id: str


class _Entry(NamedTuple):
    """What the export reads of an entry: plain columns, not an ORM object (10,000 of
    those cost a second of loading and attribute instrumentation)."""

    id: str
    kind: str
    memo_type: str | None
    title: str
    body: str
    occurred_at: datetime
    occurred_offset: int
    ended_at: datetime | None
    ended_offset: int | None
    site: str
    created_at: datetime
    updated_at: datetime


_ENTRY_COLUMNS = tuple(getattr(EntryRow, name) for name in _Entry._fields)


class _Gathered:
    """Everything the export needs, read in one transaction: a query a table, with the
    link tables read as plain columns (no ORM objects for 100,000 links)."""

    def __init__(self, session: Session) -> None:
        self.codes = list(session.scalars(select(CodeRow).order_by(CodeRow.path)))
        self.actors = list(session.scalars(select(ActorRow).order_by(ActorRow.name_key)))
        live_entries = (
            select(*_ENTRY_COLUMNS)
            .where(EntryRow.deleted_at.is_(None))
            .order_by(EntryRow.occurred_at, EntryRow.id)
        )
        self.entries = [_Entry(*row) for row in session.execute(live_entries)]
        live = {e.id for e in self.entries}
        self.segments: dict[str, list[_Segment]] = {}
        segments = select(
            SegmentRow.entry_id,
            SegmentRow.id,
            SegmentRow.code_id,
            SegmentRow.start,
            SegmentRow.end,
            SegmentRow.memo,
            SegmentRow.created_at,
        ).order_by(SegmentRow.start, SegmentRow.id)
        for entry_id, segment_id, code_id, start, end, memo, created in session.execute(segments):
            if entry_id in live:
                self.segments.setdefault(entry_id, []).append(
                    _Segment(segment_id, code_id, start, end, memo, created)
                )
        self.entry_codes: dict[str, list[str]] = {}
        entry_codes = select(EntryCodeRow.entry_id, EntryCodeRow.code_id).order_by(
            EntryCodeRow.position
        )
        for entry_id, code_id in session.execute(entry_codes):
            if entry_id in live:
                self.entry_codes.setdefault(entry_id, []).append(code_id)
        self.actor_entries: dict[str, list[str]] = {}
        self.mentioned = 0
        actor_links = select(
            EntryActorRow.entry_id, EntryActorRow.actor_id, EntryActorRow.role
        ).order_by(EntryActorRow.position)
        for entry_id, actor_id, role in session.execute(actor_links):
            if entry_id in live:
                self.actor_entries.setdefault(actor_id, []).append(entry_id)
                self.mentioned += role != "present"
        memo_links = select(
            MemoLinkRow.memo_id, MemoLinkRow.target_type, MemoLinkRow.target_id
        ).order_by(MemoLinkRow.memo_id, MemoLinkRow.target_type, MemoLinkRow.target_id)
        self.memo_links = [_MemoLink(*row) for row in session.execute(memo_links) if row[0] in live]
        self.trash = (
            session.scalar(
                select(func.count()).select_from(EntryRow).where(EntryRow.deleted_at.is_not(None))
            )
            or 0
        )
        self.revisions = session.scalar(select(func.count()).select_from(RevisionRow)) or 0
        self.chapters = session.scalar(select(func.count()).select_from(ChapterRow)) or 0


class RefiExportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def researcher(self) -> User:
        """The journal's own user GUID, made on the first export and kept.

        Read first: a write waits for the open-time integrity check of the whole
        database (seconds on a large journal), which an export that changes nothing
        need not wait for before it starts."""
        with self.ctx.db.reading() as session:
            row = session.get(Meta, RESEARCHER_KEY)
            if row is not None:
                return User(row.value, "Researcher")
        with self.ctx.db.writing() as session:
            row = session.get(Meta, RESEARCHER_KEY)
            if row is None:
                row = Meta(
                    key=RESEARCHER_KEY, value=guids.derived("researcher", os.urandom(16).hex())
                )
                session.add(row)
            return User(row.value, "Researcher")

    def names(self, real_names: bool) -> NameSubstitution:
        return ChapterService(self.ctx).names(real_names)

    # --- the codebook --------------------------------------------------------------------
    @staticmethod
    def _code_tree(
        rows: list[CodeRow], names: NameSubstitution, notes: dict[str, list[str]]
    ) -> tuple[Code, ...]:
        """The nested codebook. A name that two codes share carries its parent's name in
        brackets: QualCoder keys codes by name and would merge them."""
        children: dict[str | None, list[CodeRow]] = {}
        by_id = {row.id: row for row in rows}
        shared = Counter(row.name.casefold() for row in rows)
        for row in rows:
            children.setdefault(row.parent_id, []).append(row)

        def name(row: CodeRow) -> str:
            parent = by_id.get(row.parent_id) if row.parent_id else None
            if shared[row.name.casefold()] > 1 and parent is not None:
                return names.apply(f"{row.name} ({parent.name})")
            return names.apply(row.name)

        def build(parent: str | None) -> tuple[Code, ...]:
            return tuple(
                Code(
                    guid=row.id,
                    name=name(row),
                    codable=row.codable,
                    colour=row.colour,
                    description=names.apply(row.description),
                    children=build(row.id),
                    note_refs=tuple(notes.get(row.id, ())),
                )
                for row in sorted(children.get(parent, []), key=lambda r: r.name.casefold())
            )

        return build(None)

    def codebook(self, target: Path) -> int:
        """Write ``target`` (``.qdc``): the codebook, nested, with colours and descriptions."""
        target = _checked_target(target)
        names = self.names(real_names=False)
        with self.ctx.db.reading() as session:
            rows = list(session.scalars(select(CodeRow).order_by(CodeRow.path)))
        data = writer.codebook_xml(self._code_tree(rows, names, {}), ORIGIN)
        _deliver_file(target, data, names)
        return len(rows)

    # --- the project ---------------------------------------------------------------------
    def project(
        self, target: Path, *, real_names: bool = False, progress: Progress | None = None
    ) -> RefiExportReport:
        target = _checked_target(target)
        user = self.researcher()
        names = self.names(real_names)
        with self.ctx.db.reading() as session:
            data = _Gathered(session)
        builder = _ProjectBuilder(data, names, user, progress)
        members = self._members(builder, progress)
        found: list[str] = []
        if isinstance(names, Pseudonymiser):
            members = checked_members(members, LeakCheck(names.rules), found)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.check")
        try:
            container.write(temporary, members)
            if found:
                raise NameLeak(
                    "export stopped: a real name is still in the project: "
                    + "; ".join(found[:5])
                    + (f" and {len(found) - 5} more" if len(found) > 5 else "")
                    + f". No file was written to {target}."
                )
            temporary.replace(target)
        finally:
            temporary.unlink(missing_ok=True)
        built = builder.built
        return RefiExportReport(
            target,
            len(built.sources),
            len(built.notes),
            len(data.codes),
            sum(len(s.selections) for s in (*built.sources, *built.notes)),
            len(built.cases),
            real_names,
            _not_carried(data),
        )

    @staticmethod
    def _members(builder: _ProjectBuilder, progress: Progress | None) -> Iterator[Member]:
        """Each entry's text file as soon as the entry is made, then the project document.

        The texts come first so the zip's thread compresses them while the next entries
        are pseudonymised; the document, which needs every entry, comes last (a reader
        finds members by name, in any order)."""
        for source in builder.each_source():
            yield writer.member_name(source.guid), texts.encode(source.text)
        step = None if progress is None else partial(progress, "write")
        yield "project.qde", writer.project_chunks(builder.finish(), step)


def _not_carried(data: _Gathered) -> tuple[str, ...]:
    found = []
    if data.revisions:
        found.append(f"{_plural(data.revisions, 'earlier text')} of entries (revisions)")
    if data.trash:
        found.append(f"{_plural(data.trash, 'entry')} in the trash")
    if data.chapters:
        found.append(f"{_plural(data.chapters, 'chapter draft')}")
    withheld = [a for a in data.actors if a.consent != Consent.CONSENTED.value]
    if data.actors:
        found.append(
            "consent: REFI-QDA has no field for it; "
            f"{_plural(len(withheld), 'actor')} not recorded as consented"
        )
    if data.mentioned:
        found.append("whether an actor was present or only mentioned (both become SourceRefs)")
    found.append("pseudonyms and aliases (names are replaced, not listed)")
    return tuple(found)


class _ProjectBuilder:
    def __init__(
        self, data: _Gathered, names: NameSubstitution, user: User, progress: Progress | None
    ) -> None:
        self.data = data
        self.names = names
        self.user = user
        self.progress = progress
        self._plain_sites: set[str] = set()
        self._sources: list[Source] = []
        self._notes: list[Source] = []
        self._code_notes: dict[str, list[str]] = {}
        self._built: Project | None = None

    @property
    def built(self) -> Project:
        """The project, once ``finish`` has made it."""
        assert self._built is not None, "the project is made by finish()"
        return self._built

    def each_source(self) -> Iterator[Source]:
        """Each entry made a source (a memo a note), pseudonymised, in the journal's
        order: its text can be written while the next is made."""
        data = self.data
        memo_ids = {e.id for e in data.entries if e.kind == EntryKind.MEMO.value}
        live = {e.id for e in data.entries}
        actor_ids = {a.id for a in data.actors}
        about: dict[str, list[str]] = {}  # memo -> the entries, memos and actors it is about
        for m in data.memo_links:
            if m.target_type == "code":
                self._code_notes.setdefault(m.target_id, []).append(m.memo_id)
            elif (m.target_type == "entry" and m.target_id in live) or (
                m.target_type == "actor" and m.target_id in actor_ids
            ):
                # A NoteRef in the memo's Note to what it is about. (QualCoder takes a
                # Note that a TextSource refers to for an annotation and drops it.)
                about.setdefault(m.memo_id, []).append(m.target_id)
        total = len(data.entries)
        for number, entry in enumerate(data.entries, start=1):
            item = self.source(entry)
            if entry.id in memo_ids:
                item = replace(item, note_refs=tuple(about.get(entry.id, ())))
                self._notes.append(item)
            else:
                self._sources.append(item)
            yield item
            if self.progress and (number % 500 == 0 or number == total):
                self.progress("prepare", number, total)

    def finish(self) -> Project:
        """The project of the sources and notes made so far, with codebook and cases."""
        sources = self._sources
        self._built = Project(
            name="Fieldjournal",
            origin=ORIGIN,
            users=(self.user,),
            codes=RefiExportService._code_tree(self.data.codes, self.names, self._code_notes),
            sources=tuple(sources),
            cases=self.cases({s.guid for s in sources}),
            notes=tuple(_distinct_names(self._notes)),
            created_at=now(),
            creating_user=self.user.guid,
        )
        return self._built

    def source(self, entry: _Entry) -> Source:
        names = self.names
        segments = self.data.segments.get(entry.id, [])
        spans = [(s.start, s.end) for s in segments]
        if isinstance(names, Pseudonymiser):
            hits = [
                replace(h, replacement=_in_case(h.found, h.replacement))
                for h in names.find(entry.body)
            ]
            body, spans = replace_with_spans(entry.body, hits, spans)
        else:
            body = entry.body
        selections = []
        for segment, (start, end) in zip(segments, spans, strict=True):
            selections.append(
                Selection(
                    guid=segment.id,
                    start=start,
                    end=end,
                    code_guids=(segment.code_id,),
                    coding_guids=(guids.coding(segment.id, segment.code_id),),
                    created_at=segment.created_at,
                    memo=names.apply(segment.memo) if segment.memo else "",
                )
            )
        for code_id in self.data.entry_codes.get(entry.id, []):
            if not body:
                continue
            guid = guids.whole_entry_selection(entry.id, code_id)
            selections.append(
                Selection(
                    guid=guid,
                    start=0,
                    end=len(body),
                    code_guids=(code_id,),
                    coding_guids=(guids.coding(guid, code_id),),
                    created_at=entry.created_at,
                    name="(the whole entry)",
                )
            )
        occurred = with_offset(entry.occurred_at, entry.occurred_offset)
        variables = [
            VariableValue(ENTRY_KIND, entry.kind),
            VariableValue(OCCURRED, occurred.isoformat(), ValueType.DATETIME),
        ]
        if entry.ended_at is not None:
            ended = with_offset(entry.ended_at, entry.ended_offset or 0)
            variables.append(VariableValue(ENDED, ended.isoformat(), ValueType.DATETIME))
        if entry.site:
            variables.append(VariableValue(SITE, self._site(entry.site)))
        if entry.memo_type:
            variables.append(VariableValue(MEMO_TYPE, entry.memo_type))
        title = names.apply(entry.title) or _fallback_title(entry)
        return Source(
            guid=entry.id,
            name=title,
            text=body,
            created_at=entry.created_at,
            modified_at=entry.updated_at,
            variables=tuple(variables),
            selections=tuple(selections),
        )

    def _site(self, site: str) -> str:
        """A site pseudonymised: a journal has a few sites for thousands of entries, so a
        site that names no one is looked at once (one that does, every time: the
        replacer counts each name it replaces)."""
        if site in self._plain_sites:
            return site
        replaced = self.names.apply(site)
        if replaced == site and not (
            isinstance(self.names, Pseudonymiser) and self.names.find(site)
        ):
            self._plain_sites.add(site)
        return replaced

    def cases(self, source_ids: set[str]) -> tuple[Case, ...]:
        names = self.names
        by_id = {a.id: a for a in self.data.actors}
        cases = []
        for actor in self.data.actors:
            variables = [VariableValue(ACTOR_KIND, actor.kind)]
            if actor.sector:
                variables.append(VariableValue(SECTOR, actor.sector))
            if actor.role:
                variables.append(VariableValue(ROLE, names.apply(actor.role)))
            org = by_id.get(actor.affiliation_id) if actor.affiliation_id else None
            if org is not None:
                variables.append(VariableValue(AFFILIATION, names.apply(org.name)))
            refs = [e for e in self.data.actor_entries.get(actor.id, []) if e in source_ids]
            cases.append(
                Case(
                    guid=actor.id,
                    name=names.apply(actor.name),
                    description=names.apply(actor.notes),
                    variables=tuple(variables),
                    source_refs=tuple(dict.fromkeys(refs)),
                )
            )
        return tuple(cases)


def _distinct_names(notes: list[Source]) -> list[Source]:
    """Notes named alike get " (2)", " (3)": QualCoder fails on two journals of one name."""
    seen: Counter[str] = Counter()
    taken = {n.name.casefold() for n in notes}
    out = []
    for note in notes:
        key = note.name.casefold()
        seen[key] += 1
        if seen[key] == 1:
            out.append(note)
            continue
        number = seen[key]
        while f"{note.name} ({number})".casefold() in taken:
            number += 1
        name = f"{note.name} ({number})"
        taken.add(name.casefold())
        out.append(replace(note, name=name))
    return out


def _fallback_title(entry: _Entry) -> str:
    """A name for an untitled entry: peers drop a note without one."""
    label = EntryKind(entry.kind).label
    moment = with_offset(entry.occurred_at, entry.occurred_offset)
    return f"{label} {moment:%Y-%m-%d %H:%M}"


def _checked_target(target: Path) -> Path:
    target = Path(target).expanduser()
    if not target.parent.is_dir():
        raise InvalidInput(f"cannot write {target}: the folder {target.parent} does not exist")
    return target


def _deliver_file(target: Path, data: bytes, names: NameSubstitution) -> None:
    """Write a single XML file privately beside ``target``, check it, rename it into place."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        if isinstance(names, Pseudonymiser):
            text = html.unescape(temporary.read_text(encoding="utf-8"))
            found = LeakCheck(names.rules).check_text(text, target.name)
            if found:
                raise NameLeak(
                    f"export stopped: {found[0].describe()}. No file was written to {target}."
                )
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
