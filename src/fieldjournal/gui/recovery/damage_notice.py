"""The damaged-journal message: shown once, with Salvage… beside Restore's advice.

After a journal opens, SQLite's full ``integrity_check`` runs off the GUI thread (a few
tenths of a second for 10,000 notes). Damage found by it, on open, or by any save or
read makes the journal read-only; the message says so in one sentence (naming the newest
verified snapshot to restore, from the storage layer) and its Salvage… button writes what
can still be read to an exchange file chosen by the researcher, in the background, then
says what was saved and what was lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from fieldjournal.domain.errors import JournalDamaged
from fieldjournal.domain.filenames import file_name
from fieldjournal.gui.background import BackgroundCall

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal
    from fieldjournal.services.salvage_service import SalvageReport

EXCHANGE_FILTER = "JSON Lines (*.jsonl);;All files (*)"


class DamageNotice(QObject):
    """Watches one open journal for damage and tells the researcher once."""

    salvaged = Signal(object)  # the SalvageReport

    def __init__(self, journal: Journal, parent: QWidget) -> None:
        super().__init__(parent)
        self._journal = journal
        self._parent = parent
        self.box: QMessageBox | None = None
        self.salvage_button: QPushButton | None = None
        self._shown = False
        self._check = BackgroundCall(journal.verify_database, self)
        self._check.done.connect(self._checked)
        self._salvage: BackgroundCall | None = None
        self._target: Path | None = None

    def start(self) -> None:
        """Say so now if the journal is known to be damaged, and check it fully."""
        if self._journal.damage is not None:
            self.show(self._journal.damage)
        self._check.start()

    def wait(self) -> None:
        self._check.wait()
        if self._salvage is not None:
            self._salvage.wait()

    def _checked(self, damage: JournalDamaged | None) -> None:
        if damage is not None:
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
        self._target = target
        self._salvage = BackgroundCall(lambda: self._journal.salvage(target), self)
        self._salvage.done.connect(self._salvage_done)
        self._salvage.failed.connect(self._salvage_failed)
        self._salvage.start()

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

    def _salvage_failed(self, error: Exception) -> None:
        from fieldjournal.gui.widgets.errors import show_error

        show_error(self._parent, error)
