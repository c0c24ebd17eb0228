"""Import a REFI-QDA project (``.qdpx``) or codebook (``.qdc``) into the journal.

All or nothing: the whole file is applied in one transaction and the search index is
told once, after the commit. A dry run applies it the same way and rolls back, so its
report is exactly what the import would do. GUIDs match first (a project exported from
this journal updates it rather than duplicating it), then names and code paths. What
is already in the journal is never overwritten by the file: an entry's text, an actor's
consent and pseudonym stay as they are; the report says what was matched and skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from fieldjournal.domain.codepaths import SEPARATOR
from fieldjournal.domain.enums import ActorKind, EntryKind, MemoType, Sector
from fieldjournal.domain.records import ChangeSet
from fieldjournal.domain.timeutil import local_offset_minutes, now, to_utc
from fieldjournal.exchange.refi import guids, reader
from fieldjournal.exchange.refi.model import Case, Code, Problem, Project, Source, walk_codes
from fieldjournal.services.context import ServiceContext
from fieldjournal.services.refi_export import (
    ACTOR_KIND,
    AFFILIATION,
    ENDED,
    ENTRY_KIND,
    MEMO_TYPE,
    OCCURRED,
    ROLE,
    SECTOR,
    SITE,
)
from fieldjournal.storage.models import (
    ActorRow,
    CodeRow,
    EntryActorRow,
    EntryCodeRow,
    EntryRow,
    MemoLinkRow,
    SegmentRow,
)
from fieldjournal.storage.repositories import actors as actor_repo
from fieldjournal.storage.repositories import codes as code_repo
from fieldjournal.storage.repositories.ids import new_id

Progress = Callable[[str, int, int], None]


@dataclass
class Tally:
    created: int = 0
    matched: int = 0
    skipped: int = 0


@dataclass
class RefiImportReport:
    """What an import did (or, for a dry run, would do), for the researcher to read."""

    file: Path
    origin: str
    dry_run: bool
    tallies: dict[str, Tally] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)

    def count(self, what: str, outcome: str, label: str | None = None) -> None:
        tally = self.tallies.setdefault(what, Tally())
        setattr(tally, outcome, getattr(tally, outcome) + 1)
        if label is not None:
            {"created": self.created, "matched": self.matched, "skipped": self.skipped}[
                outcome
            ].append(f"{what} {label}")

    def lines(self) -> list[str]:
        verb = "would import" if self.dry_run else "imported"
        head = f"{verb} {self.file.name}" + (f" (written by {self.origin})" if self.origin else "")
        out = [head + ":"]
        for what, tally in self.tallies.items():
            out.append(
                f"  {_plural(what)}: {tally.created} created, {tally.matched} matched, "
                f"{tally.skipped} skipped"
            )
        out += [f"  matched: {item}" for item in self.matched[:50]]
        if len(self.matched) > 50:
            out.append(f"  matched: … and {len(self.matched) - 50} more")
        out += [f"  skipped: {item}" for item in self.skipped]
        out += [f"  not imported: {item}" for item in self.not_imported]
        if self.dry_run:
            out.append("nothing was changed (dry run)")
        return out


def _plural(what: str) -> str:
    return what[:-1] + "ies" if what.endswith("y") else what + "s"


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


class RefiImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def project(
        self, path: Path, *, dry_run: bool = False, progress: Progress | None = None
    ) -> RefiImportReport:
        path = Path(path).expanduser()
        project = reader.read_project(path)
        return self._apply(path, project, dry_run, progress)

    def codebook(self, path: Path, *, dry_run: bool = False) -> RefiImportReport:
        path = Path(path).expanduser()
        codes = reader.read_codebook(path)
        return self._apply(path, Project(name=path.stem, codes=codes), dry_run, None)

    def _apply(
        self, path: Path, project: Project, dry_run: bool, progress: Progress | None
    ) -> RefiImportReport:
        report = RefiImportReport(path, project.origin, dry_run)
        report.not_imported += project.not_imported
        report.skipped += [p.describe() for p in project.problems]
        try:
            with self.ctx.db.writing() as session:
                importer = _Importer(session, project, report, progress)
                importer.run()
                if dry_run:
                    raise _DryRun
        except _DryRun:
            return report
        self.ctx.committed(
            ChangeSet(
                entries=frozenset(importer.touched),
                actors=True,
                codes=True,
                segments=True,
                memos=True,
            )
        )
        return report


def _clean_name(name: str, fallback: str) -> str:
    clean = " ".join(name.replace(SEPARATOR, "-").split())
    return clean or fallback


def _enum_or_none(enum: type[Any], value: str | None) -> Any:
    if not value:
        return None
    text = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return enum(text)
    except ValueError:
        return None


class _Importer:
    def __init__(
        self,
        session: Session,
        project: Project,
        report: RefiImportReport,
        progress: Progress | None,
    ) -> None:
        self.session = session
        self.project = project
        self.ours = project.origin.startswith("Fieldjournal")
        self.report = report
        self.progress = progress
        self.codes: dict[str, CodeRow] = {}  # file GUID -> row
        self.entries: dict[str, str] = {}  # file GUID -> entry id
        self.bodies: dict[str, str] = {}  # entry id -> body as stored
        self.new_entries: set[str] = set()
        self.touched: set[str] = set()
        self.actors: dict[str, ActorRow] = {}
        self._entry_rows: list[dict[str, Any]] = []
        self._segment_rows: list[dict[str, Any]] = []
        self._code_links: list[dict[str, Any]] = []
        self._actor_links: list[dict[str, Any]] = []
        self._memo_links: set[tuple[str, str, str]] = set()

    def run(self) -> None:
        self.import_codes()
        self.import_cases()
        sources = [*self.project.sources, *self.project.notes]
        self.existing_entries = set(
            self._existing(EntryRow, [g for s in sources if (g := guids.canonical(s.guid))])
        )
        for number, source in enumerate(self.project.sources, start=1):
            self.import_source(source, memo=False)
            self._tick(number, len(sources))
        for number, note in enumerate(self.project.notes, start=len(self.project.sources) + 1):
            self.import_source(note, memo=True)
            self._tick(number, len(sources))
        self._insert(EntryRow, self._entry_rows)
        self.import_codings(sources)
        self.import_case_links()
        self.import_memo_links()
        self.session.flush()

    def _tick(self, number: int, total: int) -> None:
        if self.progress and (number % 500 == 0 or number == total):
            self.progress("import", number, total)

    def _existing(self, model: type[EntryRow] | type[SegmentRow], ids: list[str]) -> list[str]:
        found: list[str] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found += self.session.scalars(select(model.id).where(model.id.in_(chunk)))
        return found

    def _insert(self, model: type[Any], rows: list[dict[str, Any]]) -> None:
        for start in range(0, len(rows), 2000):
            self.session.execute(insert(model), rows[start : start + 2000])
        rows.clear()

    # --- codes -----------------------------------------------------------------------
    def import_codes(
        self, codes: tuple[Code, ...] | None = None, parent: str = "", parent_name: str = ""
    ) -> None:
        """Parents before children; a child goes under wherever its parent landed."""
        for code in self.project.codes if codes is None else codes:
            row = self.import_code(code, parent, parent_name)
            self.import_codes(code.children, row.path, code.name)

    def import_code(self, code: Code, parent_path: str, parent_name: str) -> CodeRow:
        name = code.name
        suffix = f" ({parent_name})"
        if self.ours and parent_name and name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]  # our export's way of keeping shared names apart
        name = _clean_name(name, "Unnamed code")
        path = f"{parent_path}{SEPARATOR}{name}" if parent_path else name
        guid = guids.canonical(code.guid)
        row = self.session.get(CodeRow, guid) if guid else None
        label = repr(path)
        if row is not None:
            self.report.count("code", "matched", f"{label} (by GUID, as {row.path!r})")
        else:
            row = code_repo.find(self.session, path)
            if row is not None:
                self.report.count("code", "matched", f"{label} (by path)")
            else:
                row = code_repo.ensure(self.session, path, colour=code.colour, leaf_id=guid)
                row.description = code.description
                row.codable = code.codable
                self.report.count("code" if code.codable else "category", "created")
        self.codes[code.guid] = row
        return row

    # --- actors ----------------------------------------------------------------------
    def import_cases(self) -> None:
        pending: list[tuple[ActorRow, str]] = []
        for case in self.project.cases:
            row = self.import_case(case)
            affiliation = case.variable(AFFILIATION, "affiliation")
            if row is not None and affiliation:
                pending.append((row, affiliation))
        for row, org_name in pending:
            if row.affiliation_id is not None:
                continue
            org = actor_repo.find(self.session, org_name)
            if org is None:
                org = actor_repo.create(self.session, org_name, kind=ActorKind.ORGANISATION)
                self.report.count("actor", "created", f"{org_name!r} (an affiliation)")
            if org.kind == ActorKind.ORGANISATION.value and org is not row:
                row.affiliation_id = org.id

    def import_case(self, case: Case) -> ActorRow | None:
        name = " ".join(case.name.split())
        if not name:
            self.report.count("actor", "skipped", "(a case without a name)")
            return None
        guid = guids.canonical(case.guid)
        row = self.session.get(ActorRow, guid) if guid else None
        if row is not None:
            self.report.count("actor", "matched", f"{name!r} (by GUID, as {row.name!r})")
            self.actors[case.guid] = row
            return None
        row = actor_repo.find(self.session, name)
        if row is not None:
            self.report.count("actor", "matched", f"{name!r} (by name)")
            self.actors[case.guid] = row
            return None
        kind = _enum_or_none(ActorKind, case.variable(ACTOR_KIND, "kind")) or ActorKind.PERSON
        row = actor_repo.create(self.session, name, kind=kind, actor_id=guid)
        sector = _enum_or_none(Sector, case.variable(SECTOR, "sector"))
        row.sector = sector.value if sector else None
        row.role = " ".join((case.variable(ROLE, "role") or "").split())
        row.notes = case.description
        self.report.count("actor", "created")
        self.actors[case.guid] = row
        return row

    # --- entries and memos -----------------------------------------------------------
    def import_source(self, source: Source, *, memo: bool) -> None:
        what = "memo" if memo else "entry"
        guid = guids.canonical(source.guid)
        if guid and guid in self.existing_entries:
            row = self.session.get(EntryRow, guid)
            assert row is not None
            self.entries[source.guid] = row.id
            self.bodies[row.id] = row.body
            self.report.count(what, "matched", f"{source.name!r} (by GUID)")
            if row.body != source.text:
                self.report.skipped.append(
                    f"{what} {source.name!r}: its text differs from the journal's (edited or "
                    "pseudonymised elsewhere); the journal's text was kept and the file's "
                    "codings of it were not applied"
                )
                self.bodies[row.id] = ""
            return
        entry_id = guid if guid and guid not in self.new_entries else new_id()
        kind = (
            EntryKind.MEMO
            if memo
            else _enum_or_none(EntryKind, source.variable(ENTRY_KIND, "kind"))
            or EntryKind.FIELDNOTE
        )
        memo_type = None
        if kind is EntryKind.MEMO:
            memo_type = _enum_or_none(MemoType, source.variable(MEMO_TYPE)) or MemoType.ANALYTIC
        occurred = self._time(source, OCCURRED) or source.created_at or source.modified_at
        if occurred is None:
            occurred = now()
            self.report.skipped.append(
                f"{what} {source.name!r} has no date in the file; dated at the import"
            )
        ended = self._time(source, ENDED)
        if ended is not None and ended < occurred:
            ended = None
        created = source.created_at or now()
        self._entry_rows.append(
            {
                "id": entry_id,
                "kind": kind.value,
                "memo_type": memo_type.value if memo_type else None,
                "title": " ".join(source.name.split()),
                "body": source.text,
                "occurred_at": to_utc(occurred),
                "occurred_offset": local_offset_minutes(occurred),
                "ended_at": to_utc(ended) if ended else None,
                "ended_offset": local_offset_minutes(ended) if ended else None,
                "site": " ".join((source.variable(SITE, "site") or "").split()),
                "created_at": to_utc(created),
                "updated_at": to_utc(source.modified_at or created),
                "deleted_at": None,
                "version": 1,
            }
        )
        self.entries[source.guid] = entry_id
        self.bodies[entry_id] = source.text
        self.new_entries.add(entry_id)
        self.touched.add(entry_id)
        self.report.count(what, "created")
        if source.description.strip() and not memo:
            self._description_memo(source, entry_id, created)

    def _description_memo(self, source: Source, entry_id: str, created: datetime) -> None:
        """A peer's description of a source becomes a memo about the entry."""
        memo_id = new_id()
        self._entry_rows.append(
            {
                "id": memo_id,
                "kind": EntryKind.MEMO.value,
                "memo_type": MemoType.ANALYTIC.value,
                "title": f"Description of {' '.join(source.name.split())}"[:200],
                "body": source.description.strip(),
                "occurred_at": to_utc(created),
                "occurred_offset": local_offset_minutes(created),
                "ended_at": None,
                "ended_offset": None,
                "site": "",
                "created_at": to_utc(created),
                "updated_at": to_utc(created),
                "deleted_at": None,
                "version": 1,
            }
        )
        self.touched.add(memo_id)
        self._memo_links.add((memo_id, "entry", entry_id))
        self.report.count("memo", "created")

    @staticmethod
    def _time(source: Source, name: str) -> datetime | None:
        value = source.variable(name)
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        return moment if moment.tzinfo else None

    # --- codings ---------------------------------------------------------------------
    def import_codings(self, sources: list[Source]) -> None:
        candidates = [
            g for s in sources for sel in s.selections if (g := guids.canonical(sel.guid))
        ]
        taken = set(self._existing(SegmentRow, candidates))
        existing: set[tuple[str, str, int, int]] = set()
        entry_codes: set[tuple[str, str]] = set()
        matched_entries = [e for e in self.entries.values() if e not in self.new_entries]
        for start in range(0, len(matched_entries), 500):
            chunk = matched_entries[start : start + 500]
            for s in self.session.scalars(select(SegmentRow).where(SegmentRow.entry_id.in_(chunk))):
                existing.add((s.entry_id, s.code_id, s.start, s.end))
            for link in self.session.scalars(
                select(EntryCodeRow).where(EntryCodeRow.entry_id.in_(chunk))
            ):
                entry_codes.add((link.entry_id, link.code_id))
        for source in sources:
            entry_id = self.entries.get(source.guid)
            if entry_id is None:
                continue
            body = self.bodies[entry_id]
            if not body:
                continue
            whole = list(source.codes)
            for selection in source.selections:
                for code_guid in selection.code_guids:
                    code = self.codes[code_guid]
                    if not code.codable:
                        self.report.skipped.append(
                            f"a coding with the category {code.path!r} in {source.name!r}: "
                            "a category is not applied"
                        )
                        continue
                    if selection.guid == guids.whole_entry_selection(entry_id, code.id):
                        whole.append(code_guid)
                        continue
                    key = (entry_id, code.id, selection.start, selection.end)
                    if key in existing:
                        self.report.count("segment", "matched")
                        continue
                    existing.add(key)
                    segment_id = guids.canonical(selection.guid)
                    if segment_id is None or segment_id in taken:
                        segment_id = new_id()
                    taken.add(segment_id)
                    self._segment_rows.append(
                        {
                            "id": segment_id,
                            "entry_id": entry_id,
                            "code_id": code.id,
                            "start": selection.start,
                            "end": selection.end,
                            "memo": selection.memo,
                            "created_at": to_utc(selection.created_at or now()),
                        }
                    )
                    self.touched.add(entry_id)
                    self.report.count("segment", "created")
            for position, code_guid in enumerate(dict.fromkeys(whole)):
                code = self.codes[code_guid]
                if not code.codable:
                    continue
                if (entry_id, code.id) in entry_codes:
                    self.report.count("entry code", "matched")
                    continue
                entry_codes.add((entry_id, code.id))
                self._code_links.append(
                    {"entry_id": entry_id, "code_id": code.id, "position": position}
                )
                self.touched.add(entry_id)
                self.report.count("entry code", "created")
        self._insert(SegmentRow, self._segment_rows)
        self._insert(EntryCodeRow, self._code_links)

    # --- links -----------------------------------------------------------------------
    def import_case_links(self) -> None:
        existing = {
            (link.entry_id, link.actor_id)
            for link in self.session.scalars(select(EntryActorRow))
            if link.entry_id in self.bodies
        }
        for case in self.project.cases:
            actor = self.actors.get(case.guid)
            if actor is None:
                continue
            for ref in case.source_refs:
                entry_id = self.entries.get(ref)
                if entry_id is None or (entry_id, actor.id) in existing:
                    continue
                existing.add((entry_id, actor.id))
                self._actor_links.append(
                    {"entry_id": entry_id, "actor_id": actor.id, "role": "present", "position": 0}
                )
                self.touched.add(entry_id)
                self.report.count("actor link", "created")
        self._insert(EntryActorRow, self._actor_links)

    def import_memo_links(self) -> None:
        memo_guids = {n.guid for n in self.project.notes}

        def about(note_guid: str, target_guid: str) -> None:
            memo_id = self.entries.get(note_guid)
            if memo_id is None:
                return
            if target_guid in self.entries and self.entries[target_guid] != memo_id:
                self._memo_links.add((memo_id, "entry", self.entries[target_guid]))
            elif target_guid in self.actors:
                self._memo_links.add((memo_id, "actor", self.actors[target_guid].id))
            elif target_guid in self.codes:
                self._memo_links.add((memo_id, "code", self.codes[target_guid].id))

        for link in self.project.links:
            if link.origin in memo_guids:
                about(link.origin, link.target)
            elif link.target in memo_guids:
                about(link.target, link.origin)
        for source in self.project.sources:
            for ref in source.note_refs:
                about(ref, source.guid)  # a Note that annotates the source
        for note in self.project.notes:
            for ref in note.note_refs:
                if ref in memo_guids and not self.ours:
                    about(ref, note.guid)  # a peer's Note that annotates this one
                else:
                    about(note.guid, ref)  # ours: the memo is about what it refers to
        for source in (*self.project.sources, *self.project.notes):
            for selection in source.selections:
                for ref in selection.note_refs:
                    about(ref, source.guid)
        for _, code in walk_codes(self.project.codes):
            for ref in code.note_refs:
                about(ref, code.guid)
        memos = sorted({memo_id for memo_id, _, _ in self._memo_links})
        existing: set[tuple[str, str, str]] = set()
        for start in range(0, len(memos), 500):
            chunk = memos[start : start + 500]
            query = select(
                MemoLinkRow.memo_id, MemoLinkRow.target_type, MemoLinkRow.target_id
            ).where(MemoLinkRow.memo_id.in_(chunk))
            existing.update((m, kind, target) for m, kind, target in self.session.execute(query))
        for memo_id, target_type, target_id in sorted(self._memo_links):
            if (memo_id, target_type, target_id) in existing:
                self.report.count("memo link", "matched")
                continue
            self.session.add(
                MemoLinkRow(memo_id=memo_id, target_type=target_type, target_id=target_id)
            )
            self.touched.add(memo_id)
            self.report.count("memo link", "created")


__all__ = ["Problem", "RefiImportReport", "RefiImportService"]
