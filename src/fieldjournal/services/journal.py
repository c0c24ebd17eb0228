"""``Journal``: the one facade that scripts, the CLI and the GUI use.

Every public method is one unit of work (one transaction). Records come back as frozen
dataclasses; what changed is sent to subscribers as a ``ChangeSet`` (the GUI refreshes
only what changed) and is also kept in ``last_changes``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from fieldjournal.domain.enums import EntryKind, LinkRole, MemoTarget, MemoType, parse_enum
from fieldjournal.domain.errors import JournalError
from fieldjournal.domain.records import (
    Actor,
    ChangeSet,
    Code,
    Entry,
    EntrySummary,
    MemoLink,
    Revision,
    Segment,
)
from fieldjournal.domain.search import IndexStatus, SearchResults
from fieldjournal.domain.timeutil import parse_datetime
from fieldjournal.services.actor_service import ActorService
from fieldjournal.services.code_service import CodeService
from fieldjournal.services.coding_service import CodingService
from fieldjournal.services.context import Listener, ServiceContext
from fieldjournal.services.entry_service import ActorSpec, EntryService
from fieldjournal.services.exchange_service import ExchangeService, ImportReport
from fieldjournal.services.indexing import IndexHook, NullIndexHook
from fieldjournal.services.memo_service import MemoService
from fieldjournal.services.search_service import Progress, SearchService
from fieldjournal.storage import schema
from fieldjournal.storage.engine import Database
from fieldjournal.storage.location import (
    JournalPaths,
    default_journal_dir,
    make_private_dir,
)
from fieldjournal.storage.repositories.entries import EntryFilter


class Journal:
    """An open journal folder. Use ``Journal.open(path)`` as a context manager."""

    def __init__(self, paths: JournalPaths, db: Database, backup: Path | None) -> None:
        self.paths = paths
        self.backup_made = backup
        self._ctx = ServiceContext(paths, db, NullIndexHook())
        self._entries = EntryService(self._ctx)
        self._actors = ActorService(self._ctx)
        self._codes = CodeService(self._ctx)
        self._codings = CodingService(self._ctx)
        self._memos = MemoService(self._ctx)
        self._exchange = ExchangeService(self._ctx)
        self.last_changes = ChangeSet()
        self._ctx.listeners.append(self._remember)
        self._closed = False
        self._search: SearchService | None = None

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

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._ctx.index.close()
        finally:
            self._ctx.db.dispose()
            self.paths.secure()

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
            until=parse_datetime(until, "until") if until else None,
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
        """Fields: kind, sector, role, affiliation, pseudonym, aliases, consent, notes."""
        return self._actors.add(name, **fields).value

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
    def add_code(self, path: str, *, description: str = "", colour: str | None = None) -> Code:
        return self._codes.add(path, description=description, colour=colour).value

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

    # --- coded segments ----------------------------------------------------------
    def code_segment(
        self, entry_id: str, path: str, start: int, end: int, *, memo: str = ""
    ) -> Segment:
        """Code the span ``[start, end)`` (code points) of an entry's body."""
        return self._codings.apply(entry_id, path, start, end, memo=memo).value

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

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the search index from scratch; ``progress(done, total)``."""
        return self._searching().reindex(progress)

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
