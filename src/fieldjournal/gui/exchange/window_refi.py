"""File › Export › REFI-QDA… and File › Import › REFI-QDA…, kept out of the main window.

Each runs through the window's one task runner (off the GUI thread, progress in the
window's bar, errors in one place, what is typed saved first). An import, of a project or
of a codebook, is previewed first: a dry run reports what would be created, matched and
skipped, and only Import in that preview applies it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from fieldjournal.domain.filenames import file_name
from fieldjournal.gui.exchange.refi_dialogs import (
    CODEBOOK_FILTER,
    PROJECT_FILTER,
    RefiExportDialog,
    RefiPreviewDialog,
)

if TYPE_CHECKING:
    from fieldjournal.gui.journal_tasks import JournalTasks
    from fieldjournal.services.journal import Journal


_PREVIEWS = ("refi-preview", "refi-codebook-preview")


def _codebook(path: Path) -> bool:
    return path.suffix.casefold() == ".qdc"


class Window(Protocol):
    journal: Journal | None
    tasks: JournalTasks | None


class WindowRefi(QObject):
    def __init__(self, window: Window, parent: QObject) -> None:
        super().__init__(parent)
        self._window = window
        self.pending: Path | None = None  # the file whose preview is running or shown
        self.ask_preview = RefiPreviewDialog.ask
        self.ask_export = RefiExportDialog.get_export

    def _tasks(self) -> JournalTasks | None:
        tasks = self._window.tasks
        if tasks is None or tasks.busy:
            return None
        return tasks  # each task saves what is typed first (the runner's flush)

    def _suggested(self, suffix: str) -> Path:
        journal = self._window.journal
        return Path.home() / file_name(journal.name if journal else "", suffix, "journal")

    def export_project(self, parent: QWidget) -> None:
        value, accepted = self.ask_export(self._suggested(".qdpx"), parent)
        tasks = self._tasks()
        if accepted and value is not None and tasks is not None:
            path, real_names = value
            tasks.export_qdpx(path, real_names=real_names)

    def export_codebook(self, parent: QWidget) -> None:
        path, _ = QFileDialog.getSaveFileName(
            parent, "Export the codebook (REFI-QDA)", str(self._suggested(".qdc")), CODEBOOK_FILTER
        )
        tasks = self._tasks()
        if path and tasks is not None:
            tasks.export_qdc(Path(path if path.endswith(".qdc") else path + ".qdc"))

    def import_project(self, parent: QWidget) -> None:
        path, _ = QFileDialog.getOpenFileName(
            parent, "Import a REFI-QDA project", str(Path.home()), PROJECT_FILTER
        )
        if path:
            self.preview(Path(path))

    def import_codebook(self, parent: QWidget) -> None:
        path, _ = QFileDialog.getOpenFileName(
            parent, "Import a REFI-QDA codebook", str(Path.home()), CODEBOOK_FILTER
        )
        if path:
            self.preview(Path(path))

    def preview(self, path: Path) -> None:
        """Run the dry run (a ``.qdc`` is a codebook, anything else a project);
        ``previewed`` shows its report when it ends."""
        tasks = self._tasks()
        if tasks is None:
            return
        started = tasks.preview_qdc(path) if _codebook(path) else tasks.preview_qdpx(path)
        if started:
            self.pending = path

    def previewed(self, task: str, report: str, parent: QWidget) -> None:
        """After any task: if it was our preview, ask, then import for real."""
        if task not in _PREVIEWS or self.pending is None:
            return
        path, self.pending = self.pending, None
        _, accepted = self.ask_preview(path.name, report, parent)
        tasks = self._window.tasks
        if accepted and tasks is not None:
            if _codebook(path):
                tasks.import_qdc(path)
            else:
                tasks.import_qdpx(path)

    def forget(self) -> None:
        """A preview that failed leaves nothing to ask about."""
        self.pending = None
