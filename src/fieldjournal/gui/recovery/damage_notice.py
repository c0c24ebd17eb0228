"""The damaged-journal message: shown once, with Salvage… beside Restore's advice.

After a journal opens, SQLite's full ``integrity_check`` runs off the GUI thread (a few
tenths of a second for 10,000 notes). Damage found by it, on open, or by any save or
read makes the journal read-only; the message says so in one sentence (naming the newest
verified snapshot to restore, from the storage layer) and its Salvage… button writes what
can still be read to an exchange file chosen by the researcher, in the background, then
says what was saved and what was lost.

Both run through the window's runner (not the workspace's: a journal too damaged to list
has no workspace), so a failure is said where every other one is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from fieldjournal.domain.errors import JournalDamaged
from fieldjournal.domain.filenames import file_name

if TYPE_CHECKING:
    from fieldjournal.gui.operations import Background, Operations
    from fieldjournal.services.journal import Journal
    from fieldjournal.services.salvage_service import SalvageReport

EXCHANGE_FILTER = "JSON Lines (*.jsonl);;All files (*)"


class DamageNotice(QObject):
    """Watches one open journal for damage and tells the researcher once."""

    salvaged = Signal(object)  # the SalvageReport

    def __init__(self, journal: Journal, ops: Operations, parent: QWidget) -> None:
        super().__init__(parent)
        self._journal = journal
        self._ops = ops
        self._parent = parent
        self.box: QMessageBox | None = None
        self.salvage_button: QPushButton | None = None
        self._shown = False
        self._closed = False
        self._check: Background | None = None
        self._salvage: Background | None = None

    def start(self) -> None:
        """Say so now if the journal is known to be damaged, and check it fully (a check
        the researcher did not ask for: a failure of it goes to the status bar)."""
        if self._journal.damage is not None:
            self.show(self._journal.damage)
        self._check = self._ops.run_in_background(
            self._journal.verify_database, done=self._checked, flush=False, loud=False
        )

    def wait(self, timeout: float | None = 10) -> None:
        """Before the journal closes: the check's late answer is not shown any more."""
        self._closed = True
        for task in (self._check, self._salvage):
            if task is not None:
                task.wait(timeout)

    def _checked(self, damage: JournalDamaged | None) -> None:
        if damage is not None and not self._closed:
            self.show(damage)

    def show(self, damage: JournalDamaged) -> None:
        """The message with Salvage… (once per journal: every save says it again anyway)."""
        if self._shown:
            return
        self._shown = True
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Fieldjournal: the journal is damaged")
        text = str(damage)
        box.setText(text[:1].upper() + text[1:] + ".")
        box.setAccessibleName("Damaged journal")
        self.salvage_button = box.addButton("&Salvage…", QMessageBox.ButtonRole.ActionRole)
        self.salvage_button.clicked.connect(self.ask_salvage)
        box.addButton(QMessageBox.StandardButton.Close)
        self.box = box
        box.open()

    def ask_salvage(self) -> None:
        suggested = Path.home() / file_name(f"{self._journal.name}-salvaged", ".jsonl")
        path, _filter = QFileDialog.getSaveFileName(
            self._parent, "Save what can still be read", str(suggested), EXCHANGE_FILTER
        )
        if path:
            self.salvage_to(Path(path))

    def salvage_to(self, target: Path) -> None:
        """Write what can be read to ``target`` on a worker thread; a failure is shown as
        a dialog by the runner (the researcher waited for it)."""
        self._salvage = self._ops.run_in_background(
            lambda: self._journal.salvage(target), done=self._salvage_done, flush=False
        )

    def _salvage_done(self, report: SalvageReport) -> None:
        saved = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in report.written.items())
        lost = sum(report.unreadable.values())
        text = (
            f"Saved {saved or 'nothing'} to {report.target}. "
            + (f"{lost} rows could not be read. " if lost else "")
            + "Open a new journal (File › Open journal…) and import that file "
            "(File › Import…) to carry on writing."
        )
        QMessageBox.information(self._parent, "Fieldjournal: salvage", text)
        self.salvaged.emit(report)
