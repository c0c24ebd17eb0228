"""``Journal``: the one facade that scripts, the CLI and the GUI use.

Every public method is one unit of work (one transaction). Records come back as frozen
dataclasses, and what changed is sent to subscribers as a ``ChangeSet``. The services are
attributes too (``journal.entries``, ``journal.codes``...): each change there returns an
``Outcome``, the record with its ``ChangeSet``, for a caller that needs both (the GUI hands
them to its screens; the CLI reports the coded passages an edit removed). Most facade
methods are those service methods, minus the ``ChangeSet`` (see ``delegation``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Unpack

from fieldjournal.domain.analysis import ChartFilter, ChartOptions, ChartView, parse_view
from fieldjournal.domain.chapters import Chapter, ChapterDraft, Section
from fieldjournal.domain.enums import EntryKind, MemoType
from fieldjournal.domain.errors import JournalDamaged, JournalError
from fieldjournal.domain.queries import EntryQuery, QueryFields
from fieldjournal.domain.records import (
    Actor,
    ChangeSet,
    Code,
    Entry,
    EntrySummary,
)
from fieldjournal.domain.references import ReferenceImport
from fieldjournal.domain.search import IndexStatus, SearchResults
from fieldjournal.search.clock import Clock
from fieldjournal.services.context import Listener, ServiceContext
from fieldjournal.services.delegation import read_of, record_of
from fieldjournal.services.indexing import IndexHook, NullIndexHook
from fieldjournal.services.journal_backups import JournalBackups
from fieldjournal.services.lazy import LazyClass, LazyService
from fieldjournal.storage.engine import Database
from fieldjournal.storage.location import JournalPaths, default_journal_dir
from fieldjournal.storage.opening import open_database

_S = "fieldjournal.services."

if TYPE_CHECKING:  # at run time each service's module is imported when first used (lazy.py)
    from fieldjournal.exchange.chapter_blocks import Compiled
    from fieldjournal.services.actor_service import ActorService
    from fieldjournal.services.analysis_service import AnalysisService
    from fieldjournal.services.chapter_service import (
        ChapterService,
        ExportOptions,
        ExportReport,
        ExportSteps,
    )
    from fieldjournal.services.chart_export import ChartReport
    from fieldjournal.services.code_restore import CodeRestoreService
    from fieldjournal.services.code_service import CodeService
    from fieldjournal.services.coding_service import CodingService
    from fieldjournal.services.elsewhere import ElsewhereService
    from fieldjournal.services.entry_service import ActorSpec, EntryService
    from fieldjournal.services.exchange_service import ExchangeService
    from fieldjournal.services.memo_service import MemoService
    from fieldjournal.services.recent_code_service import RecentCodeService
    from fieldjournal.services.reference_service import ReferenceService
    from fieldjournal.services.refi_export import RefiExportReport
    from fieldjournal.services.refi_import import RefiImportReport
    from fieldjournal.services.salvage_service import SalvageReport
    from fieldjournal.services.search_service import Progress, SearchService
else:
    ActorService = LazyClass(_S + "actor_service", "ActorService")
    AnalysisService = LazyClass(_S + "analysis_service", "AnalysisService")
    ChapterService = LazyClass(_S + "chapter_service", "ChapterService")
    CodeRestoreService = LazyClass(_S + "code_restore", "CodeRestoreService")
    CodeService = LazyClass(_S + "code_service", "CodeService")
    CodingService = LazyClass(_S + "coding_service", "CodingService")
    EntryService = LazyClass(_S + "entry_service", "EntryService")
    ExchangeService = LazyClass(_S + "exchange_service", "ExchangeService")
    MemoService = LazyClass(_S + "memo_service", "MemoService")
    RecentCodeService = LazyClass(_S + "recent_code_service", "RecentCodeService")
    ReferenceService = LazyClass(_S + "reference_service", "ReferenceService")


class Journal(JournalBackups):
    """An open journal folder. Use ``Journal.open(path)`` as a context manager.

    The services are built when first used, each from its own module (see ``lazy``).
    """

    entries: LazyService[EntryService] = LazyService(_S + "entry_service", "EntryService")
    actors: LazyService[ActorService] = LazyService(_S + "actor_service", "ActorService")
    codes: LazyService[CodeService] = LazyService(_S + "code_service", "CodeService")
    code_restore: LazyService[CodeRestoreService] = LazyService(
        _S + "code_restore", "CodeRestoreService"
    )
    recent_codes: LazyService[RecentCodeService] = LazyService(
        _S + "recent_code_service", "RecentCodeService"
    )
    codings: LazyService[CodingService] = LazyService(_S + "coding_service", "CodingService")
    memos: LazyService[MemoService] = LazyService(_S + "memo_service", "MemoService")
    exchange: LazyService[ExchangeService] = LazyService(_S + "exchange_service", "ExchangeService")
    chapters: LazyService[ChapterService] = LazyService(_S + "chapter_service", "ChapterService")
    references: LazyService[ReferenceService] = LazyService(
        _S + "reference_service", "ReferenceService"
    )
    analysis: LazyService[AnalysisService] = LazyService(_S + "analysis_service", "AnalysisService")
    elsewhere: LazyService[ElsewhereService] = LazyService(_S + "elsewhere", "ElsewhereService")

    def __init__(self, paths: JournalPaths, db: Database, backup: Path | None) -> None:
        self.paths = paths
        self.backup_made = backup
        self._ctx = ServiceContext(paths, db, NullIndexHook())
        self.reference_updates: list[ReferenceImport] = []  # linked files read on open
        self._closed = False
        self._search: SearchService | None = None
        self._init_backups()

    # --- lifecycle ---------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        create: bool = True,
        search: bool = True,
        index_clock: Clock | None = None,
    ) -> Journal:
        """Open (and, unless ``create=False``, create) the journal in folder ``path``.

        An older journal is backed up and upgraded; a newer one is refused. With
        ``search=False`` the index is left alone (a bulk import indexes everything at the
        next open, in the background); ``search()`` is then unavailable. With an
        ``index_clock`` (a ``search.clock.ManualClock``) the index is kept up to date in
        the caller's thread instead, as that clock moves (tests).
        """
        root = Path(path).expanduser() if path is not None else default_journal_dir()
        paths = JournalPaths(root)
        db, backup = open_database(paths, create=create)
        journal = cls(paths, db, backup)
        journal.reference_updates = journal.references.refresh()
        if search and db.damage is None:  # a damaged journal is read, never indexed
            from fieldjournal.services.search_service import SearchService

            journal._search = SearchService(journal._ctx, clock=index_clock)
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

    @property
    def damage(self) -> JournalDamaged | None:
        """Why the journal is read-only (found on open, by a check or a read), or None."""
        return self._ctx.db.damage

    @property
    def read_only_notice(self) -> str:
        """One sentence when the journal is read as it stands (a full or read-only disk:
        every save is refused with the reason), else empty."""
        return self._ctx.db.read_only_notice

    def verify_database(self) -> JournalDamaged | None:
        """SQLite's full integrity check (slow: off the GUI thread); the damage, or None."""
        self._ctx.db.integrity_problems()
        return self.damage

    def close(self, *, backup: bool = True) -> None:
        """Close; with ``backup``, a last snapshot if anything changed (see journal_backups)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._stop_backups()
            self._ctx.index.close()
        finally:
            read_only = self._ctx.db.read_only is not None
            self._ctx.db.dispose()
            if not read_only:  # read as it stands (a read-only disk): nothing to tighten
                self.paths.secure()
            self._release_lock()
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

    def changed_elsewhere(self) -> ChangeSet:
        """What another process (a script, an import, the command line) or another
        ``Journal`` on this folder committed since the last call; empty when nothing.

        Cheap enough to ask twice a second (SQLite's ``data_version``; only a change from
        elsewhere costs a read). The index and the subscribers are told as after a commit
        made here. The first call starts watching and answers empty.
        """
        return self.elsewhere.changed()

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
        return self.entries.add(
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

    update_entry = record_of("entries", EntryService.update)
    get_entry = read_of("entries", EntryService.get)
    get_entries = read_of("entries", EntryService.get_many)

    def list_entries(
        self,
        query: EntryQuery | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        **filters: Unpack[QueryFields],
    ) -> list[EntrySummary]:
        """Entries newest first that match ``query`` with the keyword ``filters`` set on it
        (``list_entries(kind="memo")``); ``trashed=True`` lists the trash instead."""
        return self.entries.summaries(EntryQuery.of(query, **filters), limit, offset)

    def count_entries(self, query: EntryQuery | None = None, **filters: Unpack[QueryFields]) -> int:
        """How many entries ``list_entries`` would list for the same query, without a limit."""
        return self.entries.count(EntryQuery.of(query, **filters))

    delete_entry = record_of("entries", EntryService.delete)
    restore_entry = record_of("entries", EntryService.restore)
    purge_entry = record_of("entries", EntryService.purge)
    revisions = read_of("entries", EntryService.revisions)
    restore_revision = record_of("entries", EntryService.restore_revision)
    sites = read_of("entries", EntryService.sites)
    link_actor = record_of("entries", EntryService.link_actor)
    unlink_actor = record_of("entries", EntryService.unlink_actor)
    add_entry_code = record_of("entries", EntryService.add_code)
    remove_entry_code = record_of("entries", EntryService.remove_code)

    # --- actors ------------------------------------------------------------------
    def add_actor(self, name: str, **fields: Any) -> Actor:
        """Fields: kind, sector, role, affiliation, pseudonym, aliases, consent, notes,
        and ``id`` (a UUID) so an undone creation comes back with its identity."""
        actor_id = fields.pop("id", None)
        return self.actors.add(name, actor_id=actor_id, **fields).value

    update_actor = record_of("actors", ActorService.update)
    get_actor = read_of("actors", ActorService.get)
    list_actors = read_of("actors", ActorService.all)
    delete_actor = record_of("actors", ActorService.delete)
    merge_actors = record_of("actors", ActorService.merge)

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
        return self.codes.add(path, description=description, colour=colour, code_id=id).value

    update_code = record_of("codes", CodeService.update)
    get_code = read_of("codes", CodeService.get)
    list_codes = read_of("codes", CodeService.all)
    rename_code = record_of("codes", CodeService.rename)
    move_code = record_of("codes", CodeService.move)
    merge_codes = record_of("codes", CodeService.merge)
    delete_code = record_of("codes", CodeService.delete)
    snapshot_code = read_of("code_restore", CodeRestoreService.snapshot)
    recent_code_paths = read_of("recent_codes", RecentCodeService.paths)
    remember_recent_code = read_of("recent_codes", RecentCodeService.used)
    restore_code = record_of("code_restore", CodeRestoreService.restore)
    # --- coded segments ----------------------------------------------------------
    code_segment = record_of("codings", CodingService.apply)
    remove_segment = record_of("codings", CodingService.remove)
    get_segment = read_of("codings", CodingService.get)
    list_segments = read_of("codings", CodingService.segments)
    # --- memos -------------------------------------------------------------------
    link_memo = record_of("memos", MemoService.link)
    unlink_memo = record_of("memos", MemoService.unlink)
    memos_about = read_of("memos", MemoService.about)

    # --- references ----------------------------------------------------------------
    import_references = read_of("references", ReferenceService.import_file)
    link_references = read_of("references", ReferenceService.link)
    refresh_references = read_of("references", ReferenceService.refresh)
    list_references = read_of("references", ReferenceService.all)
    get_reference = read_of("references", ReferenceService.get)
    reference_cited_by = read_of("references", ReferenceService.cited_by)
    linked_reference_files = read_of("references", ReferenceService.linked_files)
    citation_style = read_of("references", ReferenceService.style)
    set_citation_style = read_of("references", ReferenceService.set_style)

    # --- analysis ------------------------------------------------------------------
    chart = read_of("analysis", AnalysisService.chart)
    entries_behind = read_of("analysis", AnalysisService.entries_behind)
    behind = read_of("analysis", AnalysisService.behind)

    def export_chart(
        self,
        view: ChartView | str,
        target: str | Path,
        flt: ChartFilter | None = None,
        options: ChartOptions | None = None,
        *,
        real_names: bool = False,
    ) -> ChartReport:
        """Write a view as CSV (its numbers), PNG, SVG or PDF, chosen by ``target``'s suffix.

        Pseudonymised unless ``real_names``; a real name left in the file stops the export
        and no file is written.
        """
        from fieldjournal.services.chart_export import ChartExportService

        return ChartExportService(self.analysis).export(
            parse_view(view), Path(target), flt, options, real_names=real_names
        )

    # --- search ------------------------------------------------------------------
    def _searching(self) -> SearchService:
        if self._search is None:
            raise self.damage or JournalError(
                "this journal was opened without search (search=False)"
            )
        return self._search

    def search(
        self,
        query: str | EntryQuery = "",
        *,
        limit: int = 20,
        offset: int = 0,
        facets: bool = False,
        **filters: Unpack[QueryFields],
    ) -> SearchResults:
        """Entries matching ``query`` (its words in Whoosh syntax, or an EntryQuery) and the
        keyword ``filters``, best first.

        An empty query lists every entry that matches the filters, newest first. Sees
        every save made through this journal (it waits for their index updates). A date
        alone as ``until`` includes that whole day. Trashed entries are never returned.
        """
        base = query if isinstance(query, EntryQuery) else EntryQuery(text=query)
        return self._searching().search(
            EntryQuery.of(base, **filters), limit=limit, offset=offset, facets=facets
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
        if self._search is not None and self.damage is None:  # the index reads the database
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

    def index_notice(self) -> str:
        """One sentence when the index cannot live in its folder (a temporary one stands in)."""
        return self._search.indexer.place.notice if self._search is not None else ""

    def index_status(self) -> IndexStatus:
        """Progress of indexing (for a status bar) and problems repaired since opening."""
        return self._searching().status()

    # --- exchange ----------------------------------------------------------------
    export_records = read_of("exchange", ExchangeService.export_records)
    export_lines = read_of("exchange", ExchangeService.export_lines)
    import_lines = read_of("exchange", ExchangeService.import_lines)

    def export_qdpx(
        self,
        target: str | Path,
        *,
        real_names: bool = False,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> RefiExportReport:
        """Export a REFI-QDA project (pseudonymised unless ``real_names``)."""
        from fieldjournal.services.refi_export import RefiExportService

        return RefiExportService(self._ctx).project(
            Path(target), real_names=real_names, progress=progress
        )

    def export_qdc(self, target: str | Path) -> int:
        """Export the codebook as a REFI-QDA ``.qdc``; returns the number of codes."""
        from fieldjournal.services.refi_export import RefiExportService

        return RefiExportService(self._ctx).codebook(Path(target))

    def import_qdpx(
        self,
        source: str | Path,
        *,
        dry_run: bool = False,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> RefiImportReport:
        """Import a REFI-QDA project all-or-nothing (``dry_run``: report, change nothing)."""
        from fieldjournal.services.refi_import import RefiImportService

        return RefiImportService(self._ctx).project(
            Path(source), dry_run=dry_run, progress=progress
        )

    def import_qdc(self, source: str | Path, *, dry_run: bool = False) -> RefiImportReport:
        """Import a REFI-QDA codebook into the codebook."""
        from fieldjournal.services.refi_import import RefiImportService

        return RefiImportService(self._ctx).codebook(Path(source), dry_run=dry_run)

    def salvage(self, target: str | Path) -> SalvageReport:
        """Write what can still be read of a damaged journal to ``target`` (JSON Lines)."""
        from fieldjournal.services.salvage_service import SalvageService

        return SalvageService(self._ctx).salvage(Path(target).expanduser())

    # --- chapters ------------------------------------------------------------------
    def add_chapter(self, title: str, sections: Iterable[Section] = ()) -> Chapter:
        """Store a new chapter draft: a title and its sections in order."""
        return self.chapters.add(ChapterDraft(title, tuple(sections))).value

    import_chapter = record_of("chapters", ChapterService.import_text)
    list_chapters = read_of("chapters", ChapterService.all)
    get_chapter = read_of("chapters", ChapterService.get)
    chapter_text = read_of("chapters", ChapterService.text)

    def update_chapter(
        self,
        chapter_id: str,
        *,
        title: str | None = None,
        sections: Iterable[Section] | None = None,
        base: Chapter | None = None,
    ) -> Chapter:
        """Change the title and/or replace the outline (sections in their new order).

        With ``base`` (the chapter as last read), a chapter changed since is not
        overwritten: ``EditConflict`` is raised and nothing changes.
        """
        return self.chapters.update(
            chapter_id,
            title=title,
            sections=None if sections is None else tuple(sections),
            base=base,
        ).value

    delete_chapter = record_of("chapters", ChapterService.delete)

    def compile_chapter(
        self,
        title: str,
        sections: Iterable[Section],
        options: ExportOptions | None = None,
        *,
        problems_in_place: bool = False,
    ) -> Compiled:
        """Compile a draft (saved or not) into blocks: the preview shows these.

        ``problems_in_place``: a reference that cannot be quoted (unknown, ambiguous,
        malformed) becomes a ``Problem`` block where it stands instead of an error.
        """
        return self.chapters.compile(
            title, tuple(sections), _options(options), problems_in_place=problems_in_place
        )

    def export_chapter_steps(
        self, chapter_id: str, target: str | Path, options: ExportOptions | None = None
    ) -> ExportSteps:
        """Export a stored chapter to DOCX, yielding progress; returns the report.

        Pseudonymised unless ``options.real_names``; a real name left anywhere in the
        document stops the export and no file is written.
        """
        return self.chapters.chapter_export_steps(chapter_id, Path(target), _options(options))

    def export_chapter(
        self, chapter_id: str, target: str | Path, options: ExportOptions | None = None
    ) -> ExportReport:
        return _drain(self.export_chapter_steps(chapter_id, target, options))

    def export_draft_steps(
        self,
        title: str,
        sections: Iterable[Section],
        target: str | Path,
        options: ExportOptions | None = None,
    ) -> ExportSteps:
        """Export a draft that is not stored (yet), e.g. the editor's current text."""
        return self.chapters.export_steps(title, tuple(sections), Path(target), _options(options))

    def export_code_report_steps(
        self, path: str, target: str | Path, options: ExportOptions | None = None
    ) -> ExportSteps:
        """A code report (see ``export_code_report``), yielding progress; returns the report."""
        return self.chapters.export_report(path, Path(target), _options(options))

    def export_code_report(
        self, path: str, target: str | Path, options: ExportOptions | None = None
    ) -> ExportReport:
        """Every excerpt under a code, grouped by sub-code, with citations, to DOCX."""
        return _drain(self.export_code_report_steps(path, target, options))


def _options(options: ExportOptions | None) -> ExportOptions:
    from fieldjournal.services import chapter_service  # with DOCX and citeproc, when needed

    return options or chapter_service.ExportOptions()


def _drain(steps: ExportSteps) -> ExportReport:
    from fieldjournal.services import chapter_service

    return chapter_service.drain(steps)
