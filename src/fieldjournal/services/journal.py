"""``Journal``: the one facade that scripts, the CLI and the GUI use.

Every public method is one unit of work (one transaction). Records come back as frozen
dataclasses; what changed is sent to subscribers as a ``ChangeSet`` (the GUI refreshes
only what changed) and is also kept in ``last_changes``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from fieldjournal.domain.chapters import Chapter, ChapterDraft, ChapterSummary, Section
from fieldjournal.domain.enums import EntryKind, LinkRole, MemoTarget, MemoType, parse_enum
from fieldjournal.domain.errors import JournalError
from fieldjournal.domain.records import (
    Actor,
    ChangeSet,
    Code,
    CodeSnapshot,
    Entry,
    EntrySummary,
    MemoLink,
    Revision,
    Segment,
)
from fieldjournal.domain.search import IndexStatus, SearchResults
from fieldjournal.domain.timeutil import parse_datetime, parse_until
from fieldjournal.exchange.chapter_blocks import Compiled
from fieldjournal.services.actor_service import ActorService
from fieldjournal.services.chapter_service import (
    ChapterService,
    ExportOptions,
    ExportReport,
    ExportSteps,
    drain,
)
from fieldjournal.services.code_restore import CodeRestoreService
from fieldjournal.services.code_service import CodeService
from fieldjournal.services.coding_service import CodingService
from fieldjournal.services.context import Listener, ServiceContext
from fieldjournal.services.entry_service import ActorSpec, EntryService
from fieldjournal.services.exchange_service import ExchangeService, ImportReport
from fieldjournal.services.indexing import IndexHook, NullIndexHook
from fieldjournal.services.journal_backups import JournalBackups
from fieldjournal.services.memo_service import MemoService
from fieldjournal.services.search_service import Progress, SearchService
from fieldjournal.storage import schema
from fieldjournal.storage.engine import Database
from fieldjournal.storage.location import (
    FILE_MODE,
    JournalPaths,
    default_journal_dir,
    make_private_dir,
)
from fieldjournal.storage.repositories.entries import EntryFilter


class Journal(JournalBackups):
    """An open journal folder. Use ``Journal.open(path)`` as a context manager."""

    def __init__(self, paths: JournalPaths, db: Database, backup: Path | None) -> None:
        self.paths = paths
        self.backup_made = backup
        self._ctx = ServiceContext(paths, db, NullIndexHook())
        self._entries = EntryService(self._ctx)
        self._actors = ActorService(self._ctx)
        self._codes = CodeService(self._ctx)
        self._code_restore = CodeRestoreService(self._ctx)
        self._codings = CodingService(self._ctx)
        self._memos = MemoService(self._ctx)
        self._exchange = ExchangeService(self._ctx)
        self._chapters = ChapterService(self._ctx)
        self.last_changes = ChangeSet()
        self._ctx.listeners.append(self._remember)
        self._closed = False
        self._search: SearchService | None = None
        self._init_backups()

    # --- lifecycle ---------------------------------------------------------------
    @classmethod
    def open(
        cls, path: str | Path | None = None, *, create: bool = True, search: bool = True
    ) -> Journal:
        """Open (and, unless ``create=False``, create) the journal in folder ``path``.

        An older journal is backed up and upgraded; a newer one is refused. With
        ``search=False`` the index is left alone (a bulk import indexes everything at the
        next open, in the background); ``search()`` is then unavailable.
        """
        root = Path(path).expanduser() if path is not None else default_journal_dir()
        paths = JournalPaths(root)
        if root.exists() and not root.is_dir():
            raise JournalError(f"{root} is a file; a journal is a folder")
        if not paths.database.exists():
            if not create:
                raise JournalError(f"no journal at {root} (create one with `fieldjournal init`)")
            make_private_dir(root)
            # SQLite would create the file with the umask's mode; make it private first.
            paths.database.touch(mode=FILE_MODE)
        paths.secure()
        db = Database(paths.database)
        try:
            backup = schema.prepare(paths, db.write_engine)
        except Exception:
            db.dispose()
            raise
        paths.secure()
        journal = cls(paths, db, backup)
        if search:
            journal._search = SearchService(journal._ctx)
            journal.attach_index(journal._search)
        return journal

    def attach_index(self, hook: IndexHook) -> None:
        """Route index updates to ``hook`` (the search package provides it)."""
        self._ctx.index = hook

    @property
    def name(self) -> str:
        return self.paths.name

    @property
    def database(self) -> Database:
        return self._ctx.db

    def close(self, *, backup: bool = True) -> None:
        """Close; with ``backup``, a last snapshot if anything changed (see journal_backups)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._stop_backups()
            self._ctx.index.close()
        finally:
            self._ctx.db.dispose()
            self.paths.secure()
        if backup:
            self._backup_on_close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- change notification -----------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._ctx.listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._ctx.listeners:
            self._ctx.listeners.remove(listener)

    def _remember(self, changes: ChangeSet) -> None:
        self.last_changes = changes

    # --- entries -----------------------------------------------------------------
    def add_entry(
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
        id: str | None = None,
    ) -> Entry:
        """Capture an entry; ``actors`` are names (created if new), ``codes`` paths."""
        return self._entries.add(
            kind=kind,
            title=title,
            body=body,
            occurred_at=occurred_at,
            ended_at=ended_at,
            site=site,
            memo_type=memo_type,
            actors=actors,
            codes=codes,
            entry_id=id,
        ).value

    def update_entry(
        self,
        entry_id: str,
        *,
        autosave: bool = False,
        expected_version: int | None = None,
        **changes: Any,
    ) -> Entry:
        """Change title, body, kind, occurred_at, ended_at, site or memo_type.

        Coded segments whose words were all deleted are removed and listed in
        ``last_changes.dropped_segments``.
        """
        return self._entries.update(
            entry_id, autosave=autosave, expected_version=expected_version, **changes
        ).value

    def get_entry(self, entry_id: str) -> Entry:
        return self._entries.get(entry_id)

    def get_entries(self, entry_ids: list[str]) -> list[Entry]:
        return self._entries.get_many(entry_ids)

    def list_entries(
        self,
        *,
        kind: EntryKind | str | None = None,
        actor: str | None = None,
        code: str | None = None,
        site: str | None = None,
        since: datetime | str | None = None,
        until: datetime | str | None = None,
        memo_type: MemoType | str | None = None,
        trashed: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[EntrySummary]:
        """Entries newest first, filtered; ``trashed=True`` lists the trash instead."""
        return self._entries.summaries(
            self._filter(kind, actor, code, site, since, until, memo_type, trashed), limit, offset
        )

    def count_entries(
        self,
        *,
        kind: EntryKind | str | None = None,
        actor: str | None = None,
        code: str | None = None,
        site: str | None = None,
        since: datetime | str | None = None,
        until: datetime | str | None = None,
        memo_type: MemoType | str | None = None,
        trashed: bool = False,
    ) -> int:
        return self._entries.count(
            self._filter(kind, actor, code, site, since, until, memo_type, trashed)
        )

    @staticmethod
    def _filter(
        kind: EntryKind | str | None,
        actor: str | None,
        code: str | None,
        site: str | None,
        since: datetime | str | None,
        until: datetime | str | None,
        memo_type: MemoType | str | None,
        trashed: bool,
    ) -> EntryFilter:
        return EntryFilter(
            kind=parse_enum(EntryKind, kind, "entry kind") if kind else None,
            actor=actor or None,
            code=code or None,
            site=site or None,
            since=parse_datetime(since, "since") if since else None,
            until=parse_until(until, "until") if until else None,
            trashed=trashed,
            memo_type=parse_enum(MemoType, memo_type, "memo type") if memo_type else None,
        )

    def delete_entry(self, entry_id: str) -> Entry:
        """Move an entry to the trash."""
        return self._entries.delete(entry_id).value

    def restore_entry(self, entry_id: str) -> Entry:
        """Bring an entry back from the trash."""
        return self._entries.restore(entry_id).value

    def purge_entry(self, entry_id: str) -> str:
        """Delete for good an entry that is in the trash."""
        return self._entries.purge(entry_id).value

    def revisions(self, entry_id: str) -> list[Revision]:
        """Earlier texts of an entry, oldest first."""
        return self._entries.revisions(entry_id)

    def restore_revision(self, entry_id: str, revision_id: int) -> Entry:
        return self._entries.restore_revision(entry_id, revision_id).value

    def sites(self) -> list[str]:
        """Sites used so far, most recent first (for completion)."""
        return self._entries.sites()

    def link_actor(
        self, entry_id: str, name: str, role: LinkRole | str = LinkRole.PRESENT
    ) -> Entry:
        return self._entries.link_actor(entry_id, name, role).value

    def unlink_actor(self, entry_id: str, name: str) -> Entry:
        return self._entries.unlink_actor(entry_id, name).value

    def add_entry_code(self, entry_id: str, path: str) -> Entry:
        return self._entries.add_code(entry_id, path).value

    def remove_entry_code(self, entry_id: str, path: str) -> Entry:
        return self._entries.remove_code(entry_id, path).value

    # --- actors ------------------------------------------------------------------
    def add_actor(self, name: str, **fields: Any) -> Actor:
        """Fields: kind, sector, role, affiliation, pseudonym, aliases, consent, notes,
        and ``id`` (a UUID) so an undone creation comes back with its identity."""
        actor_id = fields.pop("id", None)
        return self._actors.add(name, actor_id=actor_id, **fields).value

    def update_actor(self, name_or_id: str, **fields: Any) -> Actor:
        return self._actors.update(name_or_id, **fields).value

    def get_actor(self, name_or_id: str) -> Actor:
        return self._actors.get(name_or_id)

    def list_actors(self) -> list[Actor]:
        return self._actors.all()

    def delete_actor(self, name_or_id: str) -> str:
        return self._actors.delete(name_or_id).value

    def merge_actors(self, source: str, target: str) -> Actor:
        return self._actors.merge(source, target).value

    # --- codes -------------------------------------------------------------------
    def add_code(
        self,
        path: str,
        *,
        description: str = "",
        colour: str | None = None,
        id: str | None = None,
    ) -> Code:
        """Add a code; ``id`` (a UUID) lets an undone creation come back with its identity."""
        return self._codes.add(path, description=description, colour=colour, code_id=id).value

    def update_code(
        self, path: str, *, description: str | None = None, colour: str | None = None
    ) -> Code:
        return self._codes.update(path, description=description, colour=colour).value

    def get_code(self, path_or_id: str) -> Code:
        return self._codes.get(path_or_id)

    def list_codes(self) -> list[Code]:
        return self._codes.all()

    def rename_code(self, path: str, new_name: str) -> Code:
        return self._codes.rename(path, new_name).value

    def move_code(self, path: str, new_parent: str | None) -> Code:
        return self._codes.move(path, new_parent).value

    def merge_codes(self, source: str, target: str) -> Code:
        return self._codes.merge(source, target).value

    def delete_code(self, path: str) -> str:
        return self._codes.delete(path).value

    def snapshot_code(self, path_or_id: str) -> CodeSnapshot:
        """A code, its subtree and every coding of them (taken before a delete or merge)."""
        return self._code_restore.snapshot(path_or_id)

    def restore_code(
        self, snapshot: CodeSnapshot, *, unmerge_from: CodeSnapshot | None = None
    ) -> Code:
        """Undo a delete (or, with the target's earlier snapshot, a merge) of a code.

        Segments whose words are gone are listed in ``last_changes.dropped_segments``.
        """
        return self._code_restore.restore(snapshot, unmerge_from=unmerge_from).value

    # --- coded segments ----------------------------------------------------------
    def code_segment(
        self,
        entry_id: str,
        path: str,
        start: int,
        end: int,
        *,
        memo: str = "",
        segment_id: str | None = None,
    ) -> Segment:
        """Code the span ``[start, end)`` (code points) of an entry's body.

        ``segment_id`` re-creates a removed segment with its identity (undo, redo).
        """
        return self._codings.apply(
            entry_id, path, start, end, memo=memo, segment_id=segment_id
        ).value

    def remove_segment(self, segment_id: str) -> Segment:
        return self._codings.remove(segment_id).value

    def get_segment(self, segment_id: str) -> Segment:
        return self._codings.get(segment_id)

    def list_segments(self, code: str | None = None) -> list[Segment]:
        """Segments under ``code`` and its descendants (all when None), oldest note first."""
        return self._codings.segments(code)

    # --- memos -------------------------------------------------------------------
    def link_memo(self, memo_id: str, target: MemoTarget | str, target_ref: str) -> MemoLink:
        """Say a memo is about an entry (id), an actor (name) or a code (path)."""
        return self._memos.link(memo_id, target, target_ref).value

    def unlink_memo(self, memo_id: str, target: MemoTarget | str, target_ref: str) -> MemoLink:
        return self._memos.unlink(memo_id, target, target_ref).value

    def memos_about(self, target: MemoTarget | str, target_ref: str) -> list[EntrySummary]:
        return self._memos.about(target, target_ref)

    # --- search ------------------------------------------------------------------
    def _searching(self) -> SearchService:
        if self._search is None:
            raise JournalError("this journal was opened without search (search=False)")
        return self._search

    def search(
        self,
        query: str = "",
        *,
        kind: EntryKind | str | None = None,
        actor: str | None = None,
        code: str | None = None,
        since: datetime | str | None = None,
        until: datetime | str | None = None,
        limit: int = 20,
        offset: int = 0,
        facets: bool = False,
    ) -> SearchResults:
        """Entries matching ``query`` (Whoosh syntax) and the filters, best first.

        An empty query lists every entry that matches the filters, newest first. Sees
        every save made through this journal (it waits for their index updates). A date
        alone as ``until`` includes that whole day. Trashed entries are never returned.
        """
        return self._searching().search(
            query,
            kind=kind,
            actor=actor,
            code=code,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
            facets=facets,
        )

    def reindex(
        self, progress: Progress | None = None, stop: Callable[[], bool] | None = None
    ) -> int:
        """Rebuild the search index from scratch; ``progress(done, total)``.

        ``stop()`` returning True cuts it short (Interrupted): the index then catches up in
        the background, as after a crash.
        """
        return self._searching().reindex(progress, stop)

    def check_consistency(self) -> list[str]:
        """Problems with the database or the index (empty: all is well).

        Index problems are repaired before this returns; they are still reported.
        """
        problems = self._ctx.db.integrity_problems()
        if self._search is not None:
            problems += [f"search index: {p}" for p in self._search.check()]
        return problems

    def flush_index(self, timeout: float | None = None) -> bool:
        """Wait until this process's changes are searchable; False on timeout."""
        return self._searching().flush(timeout)

    def index_compared(self, timeout: float | None = None) -> bool:
        """Wait until the index has been compared with the database on open (cheap)."""
        return self._searching().compared(timeout)

    def catch_up_index(self, progress: Progress | None = None) -> IndexStatus:
        """Wait until the index has caught up with the database; ``progress(done, total)``."""
        return self._searching().catch_up(progress)

    def index_status(self) -> IndexStatus:
        """Progress of indexing (for a status bar) and problems repaired since opening."""
        return self._searching().status()

    # --- exchange ----------------------------------------------------------------
    def export_records(self) -> Iterator[dict[str, Any]]:
        """Every record as a JSON-ready dict, in the exchange format's stable order."""
        return self._exchange.export_records()

    def export_lines(self) -> Iterator[str]:
        """The journal as JSON Lines (no trailing newlines)."""
        return self._exchange.export_lines()

    def import_lines(self, lines: Iterable[str]) -> ImportReport:
        """Import JSON Lines all-or-nothing; ``ImportFailed`` names the bad line."""
        return self._exchange.import_lines(lines)

    # --- chapters ------------------------------------------------------------------
    def add_chapter(self, title: str, sections: Iterable[Section] = ()) -> Chapter:
        """Store a new chapter draft: a title and its sections in order."""
        return self._chapters.add(ChapterDraft(title, tuple(sections))).value

    def import_chapter(self, text: str, *, default_title: str = "") -> Chapter:
        """Store a chapter written in its text form (light Markdown with excerpt tokens)."""
        return self._chapters.import_text(text, default_title).value

    def list_chapters(self) -> list[ChapterSummary]:
        """Chapters, most recently changed first."""
        return self._chapters.all()

    def get_chapter(self, chapter_id: str) -> Chapter:
        return self._chapters.get(chapter_id)

    def chapter_text(self, chapter_id: str) -> str:
        """The chapter in its text form, as ``import_chapter`` reads it."""
        return self._chapters.text(chapter_id)

    def update_chapter(
        self,
        chapter_id: str,
        *,
        title: str | None = None,
        sections: Iterable[Section] | None = None,
    ) -> Chapter:
        """Change the title and/or replace the outline (sections in their new order)."""
        return self._chapters.update(
            chapter_id, title=title, sections=None if sections is None else tuple(sections)
        ).value

    def delete_chapter(self, chapter_id: str) -> str:
        return self._chapters.delete(chapter_id).value

    def compile_chapter(
        self,
        title: str,
        sections: Iterable[Section],
        options: ExportOptions | None = None,
    ) -> Compiled:
        """Compile a draft (saved or not) into blocks: the preview shows these."""
        return self._chapters.compile(title, tuple(sections), options or ExportOptions())

    def export_chapter_steps(
        self, chapter_id: str, target: str | Path, options: ExportOptions | None = None
    ) -> ExportSteps:
        """Export a stored chapter to DOCX, yielding progress; returns the report.

        Pseudonymised unless ``options.real_names``; a real name left anywhere in the
        document stops the export and no file is written.
        """
        return self._chapters.chapter_export_steps(
            chapter_id, Path(target), options or ExportOptions()
        )

    def export_chapter(
        self, chapter_id: str, target: str | Path, options: ExportOptions | None = None
    ) -> ExportReport:
        return drain(self.export_chapter_steps(chapter_id, target, options))

    def export_draft_steps(
        self,
        title: str,
        sections: Iterable[Section],
        target: str | Path,
        options: ExportOptions | None = None,
    ) -> ExportSteps:
        """Export a draft that is not stored (yet), e.g. the editor's current text."""
        return self._chapters.export_steps(
            title, tuple(sections), Path(target), options or ExportOptions()
        )

    def export_code_report(
        self, path: str, target: str | Path, options: ExportOptions | None = None
    ) -> ExportReport:
        """Every excerpt under a code, grouped by sub-code, with citations, to DOCX."""
        return drain(self._chapters.export_report(path, Path(target), options or ExportOptions()))
