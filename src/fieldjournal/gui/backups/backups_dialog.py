"""File › Backups…: the journal's snapshots, Back up now, Verify, Restore, and settings.

Snapshots and checks are actions of the window's runner (``gui/operations.py``): what is
typed in the editor is saved first, so it is in the snapshot, and the work runs on a worker
thread (a large journal takes seconds) while the dialog says what is happening and what
came of it; a failure is reported where every failure is, and said in the dialog too.
Restoring closes the journal (and so the runner), so the dialog only asks and hands the
choice to the window (``restore_requested``), which does it with a progress bar and then
shows the restored journal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.backups import Snapshot, entries_text
from fieldjournal.gui.backups.backup_runner import failure_notice
from fieldjournal.gui.backups.settings_form import BackupSettingsForm
from fieldjournal.gui.backups.snapshot_model import SnapshotModel, age_text
from fieldjournal.gui.widgets import confirm as confirming
from fieldjournal.gui.widgets.errors import message_for

if TYPE_CHECKING:
    from fieldjournal.gui.operations import Background, Operations
    from fieldjournal.services.backup_service import BackupOutcome


def restore_question(snapshot: Snapshot, now_entries: int) -> str:
    entries = "" if snapshot.entries is None else f" ({entries_text(snapshot.entries)})"
    return (
        f"Restore the journal as it was at {snapshot.created_at.astimezone():%Y-%m-%d %H:%M}"
        f"{entries}? The journal as it is now ({entries_text(now_entries)}) is saved as a "
        "snapshot first, so you can come back to it. The journal closes while it is "
        "restored, and the search index is rebuilt."
    )


class BackupsDialog(QDialog):
    restore_requested = Signal(str)  # the snapshot's name

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.journal = journal = ops.journal
        self.setWindowTitle("Backups")
        self.setAccessibleName("Backups")
        self.resize(760, 560)
        self._call: Background | None = None
        self.model = SnapshotModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Snapshots")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.where = QLabel(f"Snapshots are kept in {journal.paths.backups}")
        self.where.setWordWrap(True)
        self.back_up_button = QPushButton("Back up &now")
        self.verify_button = QPushButton("&Verify")
        self.restore_button = QPushButton("&Restore…")
        self.back_up_button.clicked.connect(self.back_up_now)
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button.clicked.connect(self.ask_restore)
        buttons = QHBoxLayout()
        for button in (self.back_up_button, self.verify_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName("Backup progress")
        self.progress.hide()
        buttons.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Backup status")
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self._build_settings())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        ops.failed.connect(self._refused)
        self.refresh()

    def _build_settings(self) -> BackupSettingsForm:
        box = BackupSettingsForm(self.journal.backup_settings())
        self.settings_form = box
        self.interval, self.mirror = box.interval, box.mirror
        self.keep_recent, self.keep_daily, self.keep_weekly = (
            box.keep_recent,
            box.keep_daily,
            box.keep_weekly,
        )
        self.save_settings_button = QPushButton("&Save settings")
        self.save_settings_button.clicked.connect(self.save_settings)
        box.form.addRow("", self.save_settings_button)
        return box

    # --- the list ----------------------------------------------------------------------
    def refresh(self) -> None:
        self.model.reset(self.journal.list_backups())
        self.table.resizeColumnsToContents()
        if self.model.snapshots:
            self.table.selectRow(0)
        self._selection_changed()
        newest = next((s for s in self.model.snapshots if s.verified), None)
        if newest is None:
            self.where.setText(
                f"No verified snapshot yet. Snapshots go to {self.journal.paths.backups}"
            )
        else:
            self.where.setText(
                f"Newest verified snapshot: {age_text(newest, self.model._now)}. "
                f"Snapshots are kept in {self.journal.paths.backups}"
            )

    def selected(self) -> Snapshot | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.snapshot(rows[0].row()) if rows else None

    def _selection_changed(self, *_args: Any) -> None:
        chosen = self.selected() is not None
        idle = self._call is None
        self.verify_button.setEnabled(chosen and idle)
        self.restore_button.setEnabled(chosen and idle)
        self.back_up_button.setEnabled(idle)

    # --- work off the GUI thread -------------------------------------------------------
    def _run(self, doing: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``work`` through the runner (not at all when what is typed could not be saved)."""
        self._call = self.ops.run_in_background(
            work,
            done=lambda result: self._finished(done, result),
            failed=self._failed,
            initiator=self,
        )
        if self._call is None:  # the runner said why (the editor's save was refused)
            return
        self.status.setText(doing)
        self.progress.show()
        self._selection_changed()

    def wait(self, timeout: float | None = 30) -> None:
        if self._call is not None:
            self._call.wait(timeout)

    def _finished(self, done: Callable[[Any], None], result: Any) -> None:
        self._call = None
        self.progress.hide()
        done(result)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self._call = None
        self.progress.hide()
        self.status.setText(failure_notice(error))
        self.refresh()

    def back_up_now(self) -> None:
        self._run("Taking a snapshot…", self.journal.backup_now, self._backed_up)

    def _backed_up(self, outcome: BackupOutcome) -> None:
        text = f"Snapshot taken and verified: {outcome.snapshot.name}."
        if outcome.mirrored is not None:
            text += f" Copied to {outcome.mirrored.parent}."
        if notice := outcome.mirror_notice:
            text += f" {notice[:1].upper()}{notice[1:]}."
        self.status.setText(text)

    def verify_selected(self) -> None:
        snapshot = self.selected()
        if snapshot is None:
            return
        self._run(
            f"Checking {snapshot.name}…",
            lambda: self.journal.verify_backup(snapshot.name),
            self._verified,
        )

    def _verified(self, result: tuple[Snapshot, list[str]]) -> None:
        snapshot, problems = result
        if problems:
            self.status.setText(f"{snapshot.name} FAILED its check: {'; '.join(problems)}")
        else:
            self.status.setText(
                f"{snapshot.name} is sound: its SHA-256, integrity and counts agree."
            )

    def ask_restore(self) -> None:
        snapshot = self.selected()
        if snapshot is None:
            return
        if not confirming.confirm(self, restore_question(snapshot, self.journal.count_entries())):
            return
        self.restore_requested.emit(snapshot.name)
        self.accept()

    # --- settings ----------------------------------------------------------------------
    def save_settings(self) -> None:
        """Through the runner: a refusal (a full disk, a read-only one) is said in the
        window's status bar and, since the settings form asked, here (``_refused``)."""

        def save() -> bool:
            self.journal.save_backup_settings(self.settings_form.value())
            return True

        if self.ops.run(save, initiator=self.settings_form, flush=False) is not None:
            self.status.setText("Settings saved.")

    def _refused(self, error: BaseException, _loud: bool, initiator: object) -> None:
        if initiator is self.settings_form:
            self.status.setText(f"The settings were not saved: {message_for(error)}")
