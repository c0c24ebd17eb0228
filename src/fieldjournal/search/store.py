"""The index folder: opening, verifying, writing under a lock, wiping and recreating.

Writers from any process take one file lock (waiting with a timeout, retrying) and, while
holding it, read what to index (from a callback), commit to Whoosh and then record the
result in the ledger. Segments are written as separate files (``compound=False``): readers
map them instead of copying them into memory, which is most of a commit's and a
searcher's cost with compound files.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.searching import Searcher

from fieldjournal.domain.errors import JournalError
from fieldjournal.domain.wording import counted
from fieldjournal.search.analysis import PairAnalyzer
from fieldjournal.search.ledger import (
    LEDGER_NAME,
    Interrupted,
    Ledger,
    LedgerError,
    file_checksum,
)
from fieldjournal.search.schema import IndexDocument, build_schema, fields_of
from fieldjournal.search.scoring import CachedLengthBM25F

LOCK_NAME = "FIELDJOURNAL_WRITELOCK"
KEEP = {LOCK_NAME, "MAIN_WRITELOCK"}
INDEX_NAME = "MAIN"
PARALLEL_MIN = 400  # documents in one bulk commit worth a second process
LOAD_CHUNK = 500  # entries read from the database at a time
ORPHAN_POLL = 0.5  # seconds between an analysing process's checks that its parent lives
MAX_SEGMENTS = 6

# (documents to (re)index, ids that are gone) for the given ids, read at call time
Loader = Callable[[list[str]], tuple[list[IndexDocument], list[str]]]


class IndexBroken(Exception):
    """Whoosh failed on the index files: they must be rebuilt from the database."""


class IndexStore:
    def __init__(self, folder: Path, *, lock_timeout: float = 60.0) -> None:
        self.folder = folder
        self.ledger = Ledger(folder)
        self.lock_timeout = lock_timeout
        self._ix: Any = None
        self._searcher: Searcher | None = None
        self._searcher_lock = threading.RLock()
        self._thread_lock = threading.Lock()

    # --- locking -------------------------------------------------------------------
    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Exclusive across threads and processes; waits up to ``lock_timeout``, retrying."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self._thread_lock.acquire(timeout=self.lock_timeout):
            raise JournalError("the search index is busy in this process; try again")
        try:
            lock = FileStorage(str(self.folder)).lock(LOCK_NAME)
            deadline = time.monotonic() + self.lock_timeout
            delay = 0.01
            while not lock.acquire(blocking=False):
                if time.monotonic() > deadline:
                    raise JournalError(
                        "the search index is locked by another Fieldjournal process; "
                        "try again when it has finished"
                    )
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
            try:
                (self.folder / LOCK_NAME).chmod(0o600)
                yield
            finally:
                lock.release()
        finally:
            self._thread_lock.release()

    # --- opening and verifying -------------------------------------------------------
    def _index(self) -> Any:
        if self._ix is None:
            try:
                self._ix = whoosh_index.open_dir(str(self.folder), indexname=INDEX_NAME)
            except Exception as error:
                raise IndexBroken(f"the index cannot be opened ({error})") from error
        return self._ix

    def current_files(self) -> list[str]:
        """The files the latest commit consists of: its table of contents and segments."""
        ix = self._index()
        try:
            storage = ix.storage
            names = [f"_{INDEX_NAME}_{ix.latest_generation()}.toc"]
            for segment in ix._segments():
                names.extend(segment.list_files(storage))
        except Exception as error:
            raise IndexBroken(f"the index cannot be read ({error})") from error
        return names

    def verify(
        self,
        *,
        deep: bool,
        checked: set[str] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> list[str]:
        """Problems with the files (empty: sound); call with the write lock held.

        ``deep`` also compares checksums, and the index's document count with the entries
        its ledger records (both written under the lock, so no writer can come between).
        A deep pass can be stopped (``stop()`` raises ``Interrupted`` between chunks) and
        carried on: files named in ``checked`` were found sound by an earlier part of the
        pass (segment files are written once, never changed), and each file found sound
        is added to it.
        """
        try:
            self.ledger.check(thorough=deep)
            recorded = self.ledger.files()
            names = self.current_files()
            for name in names:
                path = self.folder / name
                if not path.exists():
                    return [f"index file {name} is missing"]
                if name not in recorded:
                    continue  # written by a commit whose ledger write was cut short
                size, crc = recorded[name]
                if path.stat().st_size != size:
                    return [f"index file {name} has the wrong size (truncated?)"]
                if deep and (checked is None or name not in checked):
                    if file_checksum(path, stop) != crc:
                        return [f"index file {name} is corrupted (checksum differs)"]
                    if checked is not None:
                        checked.add(name)
            with self._index().reader() as reader:
                count = reader.doc_count()
            if deep and count != (recorded_count := self.ledger.count()):
                return [f"the index holds {counted(count, 'entry')}, its ledger {recorded_count:,}"]
        except (LedgerError, IndexBroken) as error:
            return [str(error)]
        except Interrupted:
            raise  # not a problem of the files: the pass carries on later
        except Exception as error:
            return [f"the index cannot be read ({type(error).__name__}: {error})"]
        return []

    def recreate(self, common: frozenset[str] = frozenset(), learnt_from: int = 0) -> None:
        """Throw the index away and start an empty one (call with the write lock held)."""
        self.close()
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for path in self.folder.iterdir():
            if path.name in KEEP:
                continue
            if path.is_dir():
                for child in path.rglob("*"):
                    if child.is_file():
                        child.unlink()
                continue
            path.unlink(missing_ok=True)
        whoosh_index.create_in(
            str(self.folder), build_schema(common, learnt_from), indexname=INDEX_NAME
        )
        # Opened again rather than kept: an index object from create_in() holds on to the
        # schema it was given, and would never see the pairs analyzer change.
        self._ix = None
        self.ledger.create()
        self._record({}, ())

    def indexed_versions(self) -> dict[str, int]:
        return self.ledger.versions()

    # --- writing --------------------------------------------------------------------
    def apply(
        self,
        load: Loader,
        ids: Collection[str],
        *,
        bulk: bool = False,
        force: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Index the current state of ``ids`` in one commit; returns how many changed.

        Entries the ledger already holds at their current version are skipped (another
        process got there first) unless ``force`` (the analysis changed). ``bulk`` adds
        entries the ledger does not know without looking for an older copy and, for many
        entries, analyses them in two processes that write one segment each: a rebuild
        is one commit and needs no merging.
        """
        wanted = list(ids)
        writer: Any = None
        indexed: dict[str, int] = {}
        removed: list[str] = []
        try:
            for start in range(0, len(wanted), LOAD_CHUNK):
                docs, gone = load(wanted[start : start + LOAD_CHUNK])
                known = self.ledger.versions_of([d.id for d in docs])
                if not force:
                    docs = [d for d in docs if known.get(d.id) != d.version]
                if writer is None and (docs or gone):
                    writer = self._writer(bulk, len(wanted))
                for entry_id in gone:
                    writer.delete_by_term("id", entry_id)
                for doc in docs:
                    if bulk and doc.id not in known:
                        writer.add_document(**fields_of(doc))
                    else:
                        writer.update_document(**fields_of(doc))
                    indexed[doc.id] = doc.version
                removed.extend(gone)
                if progress:
                    progress(min(start + LOAD_CHUNK, len(wanted)), len(wanted))
        except BaseException:
            if writer is not None:
                _cancel(writer)
            raise
        if writer is None:
            return 0
        writer.commit(merge=False)  # small segments are merged when idle (merge_small)
        self._record(indexed, removed)
        return len(indexed) + len(removed)

    def _writer(self, bulk: bool, count: int) -> Any:
        ix = self._index()
        if bulk and count >= PARALLEL_MIN and (os.cpu_count() or 1) > 1:
            # Each process keeps its postings in memory up to limitmb instead of
            # spilling them to sorted runs on disk (a fifth of the time when it spills).
            return _MpWriter(
                ix, procs=2, multisegment=True, batchsize=100, limitmb=384, compound=False
            )
        return ix.writer(limitmb=256 if bulk else 32, compound=False)

    def pairs_analyzer(self) -> PairAnalyzer:
        """The pairs analyzer of the latest commit (read from its table of contents)."""
        try:
            analyzer: PairAnalyzer = self._index().schema["pairs"].analyzer
        except IndexBroken:
            raise
        except Exception as error:
            raise IndexBroken(f"the index cannot be read ({error})") from error
        return analyzer

    def set_pairs_analyzer(self, analyzer: PairAnalyzer) -> None:
        """Commit a new pairs analyzer, no documents (call with the write lock held)."""
        writer = self._index().writer(compound=False)
        writer.schema["pairs"].analyzer = analyzer
        writer.commit(merge=False)
        self._record({}, ())

    def segment_count(self) -> int:
        return len(self._index()._segments())

    def merge_wanted(self) -> bool:
        """True when the latest commit has small segments worth merging."""
        return bool(small_segments(self._index()._segments()))

    def merge_small(self) -> bool:
        """Merge small segments into one (call with the write lock held); False: none.

        Nothing is committed when there is nothing to merge: a new generation would make
        every open searcher stale for no gain.
        """
        if not self.merge_wanted():
            return False
        writer = self._index().writer(compound=False)
        writer.commit(mergetype=_merge_small_segments)
        self._record({}, ())
        return True

    def _record(self, indexed: dict[str, int], removed: Collection[str]) -> None:
        known = self.ledger.files()
        for name in KEEP:
            with contextlib.suppress(FileNotFoundError):
                (self.folder / name).chmod(0o600)
        files: dict[str, tuple[int, int]] = {}
        for name in self.current_files():
            path = self.folder / name
            path.chmod(0o600)
            size = path.stat().st_size
            old = known.get(name)
            files[name] = old if old and old[0] == size else (size, file_checksum(path))
        self.ledger.record(indexed, removed, files)

    # --- reading --------------------------------------------------------------------
    def searcher(self) -> Searcher:
        """A searcher that has seen every commit so far (refreshed when stale)."""
        with self._searcher_lock:
            try:
                if self._searcher is not None and not self._searcher.up_to_date():
                    # Not refresh(): whoosh-reloaded 2.7.5 reuses segment readers with the
                    # deletions they had, so a refreshed searcher still finds deleted
                    # entries. Column values are cached per segment by SearchIndex.
                    self._searcher.close()
                    self._searcher = None
                if self._searcher is None:
                    self._searcher = self._index().searcher(weighting=CachedLengthBM25F())
            except Exception as error:
                self._searcher = None
                raise IndexBroken(f"the index cannot be searched ({error})") from error
            return self._searcher

    @property
    def searcher_lock(self) -> threading.RLock:
        return self._searcher_lock

    def close(self) -> None:
        with self._searcher_lock:
            if self._searcher is not None:
                with contextlib.suppress(Exception):
                    self._searcher.close()
                self._searcher = None
        if self._ix is not None:
            with contextlib.suppress(Exception):
                self._ix.close()
            self._ix = None


def small_segments(segments: list[Any]) -> list[Any]:
    """The segments to merge: the small ones (autosaves); the large ones (bulk loads) stay.

    "Small" is under a twentieth of the documents: the merge costs little, and however
    long the journal is edited only a handful of segments exist. Past six segments,
    all but the two largest are merged. Fewer than two small segments: nothing to do.
    """
    ordered = sorted(segments, key=lambda seg: seg.doc_count_all())
    total = sum(seg.doc_count_all() for seg in ordered)
    small = [seg for seg in ordered if seg.doc_count_all() < max(200, total // 20)]
    if len(ordered) > MAX_SEGMENTS:
        small = ordered[:-2]
    return small if len(small) >= 2 else []


def _merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: add the small segments' documents to the new one."""
    from whoosh.reading import SegmentReader

    small = small_segments(segments)
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in small]


class _Task(SubWriterTask):  # type: ignore[misc]
    """An analysing process of a two-process writer that ends when its parent does.

    It is forked while the parent holds the index's locks, and so holds them too (a file
    lock belongs to the open file, which a fork shares). Whoosh's own task waits for work
    for ever: if the parent were killed mid-write, no process could write the index again.
    """

    def run(self) -> None:
        parent = self.parent_pid

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(ORPHAN_POLL)
            os._exit(1)

        threading.Thread(target=watch, name="orphan-watch", daemon=True).start()
        super().run()


class _MpWriter(MpWriter):  # type: ignore[misc]
    """Whoosh's two-process writer with analysing processes that cannot be orphaned."""

    def _new_task(self) -> _Task:
        task = _Task(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        task.parent_pid = os.getpid()
        self.tasks.append(task)
        task.start()
        return task


def _cancel(writer: Any) -> None:
    """Cancel a writer, stopping the analysing processes of a two-process one first.

    Whoosh's multiprocess writer only flags its own copies of the child processes as
    cancelled, then deletes their job files: the children crash on the missing files or
    wait for work forever, and a process waits for such children when it exits.
    """
    tasks = getattr(writer, "tasks", ())
    for task in tasks:
        task.terminate()
    for task in tasks:
        task.join(10)
    writer.cancel()


__all__ = ["LEDGER_NAME", "IndexBroken", "IndexStore", "Loader"]
