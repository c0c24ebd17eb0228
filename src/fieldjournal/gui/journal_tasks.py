"""Long journal operations started from the menus, run one at a time off the GUI thread.

Import, export, rebuilding the search index and the consistency check can take seconds
to minutes on a large journal; the window keeps painting and the researcher keeps
writing while they run. Each is an action of the window's :class:`Operations`, run in
the background: what is typed is saved first, a failure is shown where every refused
action is, and an import's ``ChangeSet`` reaches the screens with the import as initiator.
Each task ends with a sentence for the status bar.

Closing the journal waits for an import or export (each is all or nothing and takes
seconds) but stops a rebuild of the search index, which can take minutes: the index
catches up in the background on the next open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.wording import counted
from fieldjournal.exchange.files import write_lines_atomically
from fieldjournal.exchange.jsonl import split_records

if TYPE_CHECKING:
    from fieldjournal.gui.operations import Background, Operations
    from fieldjournal.services.exchange_service import ImportReport
    from fieldjournal.services.refi_export import RefiExportReport
    from fieldjournal.services.refi_import import RefiImportReport


def read_exchange_file(path: Path) -> list[str]:
    """The lines of a JSON Lines file, with a clear error when it is not UTF-8 text."""
    try:
        return split_records(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise InvalidInput(f"{path.name} is not UTF-8 text (byte {error.start})") from None


def describe_import(report: ImportReport) -> str:
    return (
        f"Imported {counted(report.entries, 'entry')}, {counted(report.actors, 'actor')}, "
        f"{counted(report.codes, 'code')} and {counted(report.segments, 'coded passage')}"
    )


REBUILD_RATE = 200  # entries a second: a little under what the benchmark measures


def rebuild_question(entries: int) -> str:
    """What the researcher is asked before a rebuild, with how long it takes."""
    minutes = round(entries / REBUILD_RATE / 60)
    took = "under a minute" if minutes < 1 else f"about {counted(minutes, 'minute')}"
    return (
        f"Rebuild the search index from the journal's {counted(entries, 'entry')}? "
        f"It takes {took}. "
        "You can keep writing meanwhile, but search results are incomplete until it is "
        "done. Closing the journal stops it, and the next open finishes it."
    )


def describe_refi_import(report: RefiImportReport) -> str:
    """The first line goes to the status bar; the rest is the full report."""
    made = sum(t.created for t in report.tallies.values())
    matched = sum(t.matched for t in report.tallies.values())
    head = f"Imported {report.file.name}: {counted(made, 'record')} created, {matched:,} matched"
    return "\n".join([head, *report.lines()[1:]])


def describe_refi_export(report: RefiExportReport) -> str:
    return "\n".join(report.lines())


def describe_check(problems: list[str]) -> str:
    if not problems:
        return "The journal is sound: the database and the search index agree."
    listed = "\n".join(f"• {p}" for p in problems)
    found = counted(len(problems), "problem")
    return f"The check found {found}; search index ones were repaired:\n{listed}"


class JournalTasks(QObject):
    started = Signal(str)  # what is being done, for the status bar
    finished = Signal(str, object)  # task name, a sentence for the researcher
    failed = Signal(object)  # the exception
    progressed = Signal(int, int)  # done, total (from the worker thread; queued to the GUI)

    def __init__(self, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._journal = ops.journal
        self._call: Background | None = None
        self._task = ""
        self._describe: Callable[[Any], str] = str
        self._stop: threading.Event | None = None  # set: the running rebuild stops

    @property
    def busy(self) -> bool:
        return bool(self._task)

    def import_file(self, path: Path) -> bool:
        """Import ``path`` all-or-nothing; the views refresh from the change set."""
        work = lambda: self._journal.import_lines(read_exchange_file(path))  # noqa: E731
        return self._run("import", f"Importing {path.name}…", work, describe_import)

    def export_file(self, path: Path) -> bool:
        work = lambda: write_lines_atomically(path, self._journal.export_lines())  # noqa: E731
        return self._run(
            "export",
            f"Exporting to {path.name}…",
            work,
            lambda n: f"Exported {counted(n, 'record')}",
        )

    def _progress(self, _step: str, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def export_qdpx(self, path: Path, *, real_names: bool) -> bool:
        """A REFI-QDA project, pseudonymised unless ``real_names``."""
        work = lambda: self._journal.export_qdpx(  # noqa: E731
            path, real_names=real_names, progress=self._progress
        )
        return self._run("refi-export", f"Exporting to {path.name}…", work, describe_refi_export)

    def export_qdc(self, path: Path) -> bool:
        work = lambda: self._journal.export_qdc(path)  # noqa: E731
        return self._run(
            "refi-codebook",
            f"Exporting to {path.name}…",
            work,
            lambda n: f"wrote {counted(n, 'code')}",
        )

    def preview_qdpx(self, path: Path) -> bool:
        """The dry run: its report, nothing changed."""
        work = lambda: self._journal.import_qdpx(  # noqa: E731
            path, dry_run=True, progress=self._progress
        )
        return self._run(
            "refi-preview", f"Reading {path.name}…", work, lambda r: "\n".join(r.lines())
        )

    def import_qdpx(self, path: Path) -> bool:
        work = lambda: self._journal.import_qdpx(path, progress=self._progress)  # noqa: E731
        return self._run("refi-import", f"Importing {path.name}…", work, describe_refi_import)

    def preview_qdc(self, path: Path) -> bool:
        """A codebook's dry run: the codes it would create and match, nothing changed."""
        work = lambda: self._journal.import_qdc(path, dry_run=True)  # noqa: E731
        return self._run(
            "refi-codebook-preview", f"Reading {path.name}…", work, lambda r: "\n".join(r.lines())
        )

    def import_qdc(self, path: Path) -> bool:
        work = lambda: self._journal.import_qdc(path)  # noqa: E731
        return self._run(
            "refi-codebook-import", f"Importing {path.name}…", work, describe_refi_import
        )

    def reindex(self) -> bool:
        if self.busy:
            return False
        stop = self._stop = threading.Event()
        work = lambda: self._journal.reindex(stop=stop.is_set)  # noqa: E731
        return self._run(
            "reindex",
            "Rebuilding the search index…",
            work,
            lambda n: f"Search index rebuilt: {counted(n, 'entry')}",
        )

    def check(self) -> bool:
        return self._run(
            "check", "Checking the journal…", self._journal.check_consistency, describe_check
        )

    def wait(self, timeout: float | None = None) -> None:
        if self._call is not None:
            self._call.wait(timeout)

    def close(self) -> None:
        """Before the journal closes: stop a rebuild, let an import or export end.

        Nothing is reported afterwards (the window that asked is closing the journal).
        """
        self.blockSignals(True)
        if self._stop is not None and self._task == "reindex":
            self._stop.set()
        self.wait()

    def _run(
        self, task: str, doing: str, work: Callable[[], Any], describe: Callable[[Any], str]
    ) -> bool:
        """Start ``work`` unless another task runs; False tells the caller it was refused."""
        if self.busy:
            return False
        call = self._ops.run_in_background(
            work, done=self._done, failed=self._failed, initiator=self
        )
        if call is None:
            return False  # what is typed could not be saved (the runner said why)
        self._task, self._describe, self._call = task, describe, call
        self.started.emit(doing)
        return True

    def _done(self, result: object) -> None:
        task, self._task, self._call = self._task, "", None
        if not self.signalsBlocked():
            self.finished.emit(task, self._describe(result))

    def _failed(self, error: BaseException) -> None:
        self._task, self._call = "", None
        self.failed.emit(error)
