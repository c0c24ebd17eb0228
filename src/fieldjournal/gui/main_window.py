"""The main window: menus, toolbar, status bar and the workspace of the open journal.

The window is built and shown before any storage code is imported; the journal opens
on a worker thread and the workspace (navigator, editor, inspector) is mounted when it
is ready, so even a 50,000-entry journal shows its window at once.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QWidget,
)

from fieldjournal import __version__
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.errors import JournalDamaged
from fieldjournal.domain.filenames import file_name
from fieldjournal.domain.wording import counted
from fieldjournal.gui.backups.window_backups import WindowBackups
from fieldjournal.gui.early_keys import EarlyKeys
from fieldjournal.gui.exchange.window_refi import WindowRefi
from fieldjournal.gui.journal_opener import JournalOpener, OpenFunction
from fieldjournal.gui.journal_tasks import JournalTasks, rebuild_question
from fieldjournal.gui.operations import Operations
from fieldjournal.gui.recovery.damage_notice import DamageNotice
from fieldjournal.gui.search.index_progress import IndexProgress
from fieldjournal.gui.settings import AppSettings
from fieldjournal.gui.single_instance import SingleInstance, show_other_window
from fieldjournal.gui.widgets.confirm import confirm
from fieldjournal.gui.widgets.errors import message_for, show_error
from fieldjournal.gui.widgets.icons import app_icon
from fieldjournal.gui.widgets.on_screen import call_when_exposed
from fieldjournal.gui.window_actions import WindowActions

if TYPE_CHECKING:
    from fieldjournal.domain.analysis import Behind
    from fieldjournal.gui.chapters.window import ChapterEditorWindow
    from fieldjournal.gui.references.references_dialog import ReferencesDialog
    from fieldjournal.gui.workspace import Workspace
    from fieldjournal.services.journal import Journal

APP_NAME = "Fieldjournal"
# Qt.AlignCenter, set through the property system (see window_actions.TEXT_BESIDE_ICON).
ALIGN_CENTER = 0x0084
STATUS_MS = 6000
EXCHANGE_FILTER = "JSON Lines (*.jsonl *.json);;All files (*)"


def window_title(journal_name: str | None) -> str:
    return f"{journal_name} — {APP_NAME}" if journal_name else APP_NAME


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings, open_journal: OpenFunction) -> None:
        super().__init__()
        self.settings = settings
        self.journal: Journal | None = None
        self._chapter_window: ChapterEditorWindow | None = None
        self.references_dialog: ReferencesDialog | None = None  # File > References, when open
        self._analysis_window: QWidget | None = None
        self.workspace: Workspace | None = None
        self.undo_stack = QUndoStack(self)
        # The runner for what runs with no journal open, or whatever state it is in:
        # restoring, the last snapshot, the damage check and salvage. Each open journal's
        # actions go through the workspace's runner; both report here (_operation_failed).
        self.ops = Operations(None, self)
        self.ops.failed.connect(self._operation_failed)
        self._opener = JournalOpener(self.ops, open_journal, self)
        self._opener.opened.connect(self.attach)
        self._opener.failed.connect(self._open_failed)
        self._early = EarlyKeys(self)  # Ctrl+N and a jotting typed while the journal opens
        self.backups = WindowBackups(self, open_journal, self)
        self.refi = WindowRefi(self, self)
        self._messages = 0  # counts messages shown, so "Saved" never hides a warning
        self._close_refused = False  # a close was refused once because a save failed
        self.damage_notice: DamageNotice | None = None
        self._index_progress: IndexProgress | None = None
        self.tasks: JournalTasks | None = None
        self.task_report: QMessageBox | None = None  # the last check's result, while shown
        self.single_instance = SingleInstance(self)  # one window per journal
        self.single_instance.show_requested.connect(self.come_forward)
        self.setWindowIcon(app_icon())
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName("Fieldjournal main window")
        self._empty = QLabel("No journal is open. Use File ▸ Open journal or New journal.")
        self._empty.setProperty("alignment", ALIGN_CENTER)
        self._empty.setAccessibleName("No journal open")
        self.setCentralWidget(self._empty)
        self.menu_actions = WindowActions(self)
        self._build_status()
        self.menu_actions.set_journal_open(False)
        call_when_exposed(self, self.menu_actions.install_shortcuts)
        self.resize(1280, 800)
        geometry = settings.layout("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.layout("state")
        if state is not None:
            self.restoreState(state)
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]

    def _build_status(self) -> None:
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.index_bar = QProgressBar()
        self.index_bar.setMaximumWidth(220)
        self.index_bar.setAccessibleName("Search indexing progress")
        self.index_bar.hide()
        self.statusBar().addPermanentWidget(self.index_bar)
        self.statusBar().setAccessibleName("Status bar")

    # --- journals ------------------------------------------------------------------------
    def open_journal(self, path: str | None, *, create: bool = True) -> None:
        """Open ``path`` on a worker thread; the workspace is mounted when it is ready."""
        if self._opener.busy:
            return
        if path and self.single_instance.open_elsewhere(path):
            show_other_window(self, self.single_instance, Path(path).expanduser())
            return
        self.detach()
        if path:
            self.setWindowTitle(window_title(Path(path).expanduser().name))
        self._empty.setText("Opening the journal…")
        self.progress.show()
        self.statusBar().showMessage("Opening the journal…")
        self._early.start()
        self._opener.start(path, create)

    def wait_until_open(self, timeout: float | None = None) -> None:
        self._opener.wait(timeout)

    def attach(self, journal: Journal) -> None:
        """Show ``journal``: build its workspace and remember it."""
        self.progress.hide()
        self.detach()
        self.menu_actions.install_shortcuts()
        workspace_module = importlib.import_module("fieldjournal.gui.workspace")
        self.journal = journal
        self.damage_notice = DamageNotice(journal, self.ops, self)
        self.damage_notice.start()  # says so at once if known; the full check runs aside
        try:
            self.workspace = workspace_module.Workspace(journal, self.undo_stack, self)
        except JournalDamaged as damage:  # too damaged to list: the notice offers salvage
            self._early.take()  # nothing can be written: no entry is started
            self.damage_notice.show(damage)
            return
        self.workspace.message.connect(self.show_message)
        self.workspace.excerpt_requested.connect(self.insert_in_chapter)
        self.workspace.apply_preferences(self.settings.preferences())
        self.workspace.ops.failed.connect(self._operation_failed)
        self.menu_actions.code_menu.addAction(self.workspace.coding_action)
        splitter = self.settings.layout("splitter")
        if splitter is not None:
            self.workspace.restoreState(splitter)
        self.setCentralWidget(self.workspace)
        self.workspace.show()
        self.setWindowTitle(window_title(journal.name))
        self.menu_actions.set_journal_open(True)
        self.menu_actions.inspector_action.setChecked(self.workspace.inspector_shown)
        self.workspace.inspector_toggled.connect(self.menu_actions.inspector_action.setChecked)
        self.menu_actions.float_inspector_action.setChecked(False)
        self.workspace.inspector_floated.connect(
            self.menu_actions.float_inspector_action.setChecked
        )
        self.settings.remember_journal(str(journal.paths.root))
        self.single_instance.claim(journal.paths.root)
        self._index_progress = IndexProgress(journal, self.index_bar, self)
        self._index_progress.message.connect(self.show_message)
        self.tasks = JournalTasks(self.workspace.ops, self)
        self.tasks.started.connect(self._task_started)
        self.tasks.finished.connect(self._task_finished)
        self.tasks.failed.connect(self._task_failed)
        self.tasks.finished.connect(lambda task, text: self.refi.previewed(task, text, self))
        self.tasks.failed.connect(lambda _error: self.refi.forget())
        self.tasks.progressed.connect(self._task_progressed)
        self.backups.attach(journal)
        total = self.workspace.entry_count
        self.statusBar().showMessage(f"Opened {journal.name}: {counted(total, 'entry')}", STATUS_MS)
        if notice := journal.read_only_notice:  # a full or read-only disk: said, and kept in view
            self.setWindowTitle(window_title(f"{journal.name} (read only)"))
            self.show_message(notice[:1].upper() + notice[1:] + ".")
        self._start_early_entry()

    def _start_early_entry(self) -> None:
        """The entry asked for (and the words typed) while the journal was opening."""
        kind, text = self._early.take()
        if kind is None or self.workspace is None:
            return
        if self.workspace.new_entry(kind) is not None and text:
            self.workspace.editor.body.insertPlainText(text)  # typed: saved as typing is

    def open_chapters(self) -> None:
        """File > Chapters: the chapter editor (drafts, excerpts, export to DOCX)."""
        if self.journal is None:
            return
        if self._chapter_window is None:
            editor = importlib.import_module("fieldjournal.gui.chapters.window")
            self._chapter_window = editor.open_chapter_editor(self.journal, self)
            self._chapter_window.apply_preferences(self.settings.preferences())
            self._chapter_window.destroyed.connect(self._chapter_window_gone)
        self._chapter_window.raise_()
        self._chapter_window.activateWindow()

    def open_references(self) -> None:
        """File > References: the works, and the memos and chapters citing each."""
        if self.journal is None:
            return
        dialogs = importlib.import_module("fieldjournal.gui.references.references_dialog")
        dialog = dialogs.ReferencesDialog(
            self.journal, self._open_memo, self, open_chapter=self._open_chapter
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._references_dialog_gone)
        self.references_dialog = dialog
        dialog.show()

    def _references_dialog_gone(self) -> None:
        self.references_dialog = None

    def _open_chapter(self, chapter_id: str) -> None:
        self.open_chapters()
        if self._chapter_window is not None:
            self._chapter_window.editor.show_chapter(chapter_id)

    def _open_memo(self, entry_id: str) -> None:
        if self.workspace is not None:
            self.workspace.open_entry(entry_id)
            self.raise_()
            self.activateWindow()

    def quote_in_chapter(self) -> None:
        """Entry > Quote in chapter: the selected words (or the whole entry) as an excerpt."""
        quote = self.workspace.selected_quote() if self.workspace is not None else None
        if quote is None:
            return
        self.open_chapters()
        if self._chapter_window is not None:
            self._chapter_window.insert_quote(*quote)

    def ask_settings(self) -> None:
        """Edit › Settings…: kept with QSettings, the backups in the open journal."""
        dialog = importlib.import_module("fieldjournal.gui.settings_dialog").SettingsDialog
        backups = self.journal.backup_settings() if self.journal is not None else None
        value, accepted = dialog.ask(self.settings.preferences(), backups, self)
        if not accepted or value is None:
            return
        preferences, backup_settings = value
        self.settings.save_preferences(preferences)
        if self.workspace is not None:
            self.workspace.apply_preferences(preferences)
        if self._chapter_window is not None:
            self._chapter_window.apply_preferences(preferences)
        if backup_settings is not None and self.journal is not None:
            journal = self.journal

            def save() -> bool:
                journal.save_backup_settings(backup_settings)
                return True

            runner = self.workspace.ops if self.workspace is not None else self.ops
            if not runner.run(save, flush=False, loud=True):  # refused: shown by the runner
                return
        self.show_message("Settings saved")

    def _chapter_window_gone(self) -> None:
        self._chapter_window = None

    def open_analysis(self) -> None:
        """View > Analysis: charts of the fieldwork; a mark's entries go to the search panel."""
        if self.journal is None:
            return
        if self._analysis_window is None:
            window = importlib.import_module("fieldjournal.gui.analysis.window")
            opened = window.open_analysis_window(self.journal, self)
            opened.entries_requested.connect(self._show_entries)
            opened.destroyed.connect(self._analysis_window_gone)
            self._analysis_window = opened
        self._analysis_window.raise_()
        self._analysis_window.activateWindow()

    def _show_entries(self, behind: Behind, description: str) -> None:
        if self.workspace is not None:
            self.workspace.show_entries(behind, description)
            self.raise_()

    def insert_in_chapter(self, token: str) -> None:
        """A passage listed in search, quoted in the chapter editor (opened if need be)."""
        self.open_chapters()
        if self._chapter_window is not None:
            self._chapter_window.editor.insert_token(token)

    def _analysis_window_gone(self) -> None:
        self._analysis_window = None

    def detach(self) -> None:
        """Save and close the open journal, if any."""
        if self.workspace is not None:
            self.settings.save_layout("splitter", self.workspace.saveState())
            self.workspace.shutdown()
            self.takeCentralWidget()
            self.workspace.deleteLater()
            self.workspace = None
            self._empty = QLabel("No journal is open.")
            self._empty.setProperty("alignment", ALIGN_CENTER)
            self.setCentralWidget(self._empty)
        if self._chapter_window is not None:
            self._chapter_window.close()  # it saves its draft while the journal is open
            self._chapter_window = None
        if self._analysis_window is not None:
            self._analysis_window.close()
            self._analysis_window = None
        if self.tasks is not None:
            self.tasks.close()  # an import or export ends, a rebuild stops (resumed on open)
            self.tasks.deleteLater()
            self.tasks = None
            self._task_ended()
        if self._index_progress is not None:
            self._index_progress.stop()
            self._index_progress.deleteLater()
            self._index_progress = None
        if self.damage_notice is not None:
            self.damage_notice.wait()
            self.damage_notice = None
        if self.journal is not None:
            self.backups.close_journal(self.journal)  # its last snapshot: off this thread
            self.journal = None
        self.undo_stack.clear()
        self.menu_actions.set_journal_open(False)
        self.setWindowTitle(APP_NAME)

    def _open_failed(self, _error: BaseException) -> None:
        """The runner showed why (_operation_failed)."""
        self._early.take()
        self.progress.hide()
        self._empty.setText("The journal could not be opened.")
        self.statusBar().showMessage("The journal could not be opened", STATUS_MS)

    def ask_new_journal(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Choose an empty folder for the new journal", str(Path.home())
        )
        if folder:
            self.open_journal(folder, create=True)

    def ask_open_journal(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a journal folder", str(Path.home()))
        if folder:
            self.open_journal(folder, create=False)

    # --- long tasks: import, export, index, check ----------------------------------------
    def ask_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Import a JSON Lines file", str(Path.home()), EXCHANGE_FILTER
        )
        if path and self.tasks is not None:
            self.tasks.import_file(Path(path))

    def ask_export(self) -> None:
        name = file_name(self.journal.name if self.journal else "", ".jsonl", "journal")
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export the journal as JSON Lines", str(Path.home() / name), EXCHANGE_FILTER
        )
        if path and self.tasks is not None:
            self.tasks.export_file(Path(path))

    def rebuild_index(self) -> None:
        """File > Rebuild search index…: asked first (minutes on a large journal)."""
        if self.tasks is None or self.journal is None or self.tasks.busy:
            return
        if not confirm(self, rebuild_question(self.journal.count_entries())):
            return
        if self.tasks.reindex():
            self.progress.hide()  # the search index's own bar counts the rebuild

    def check_journal(self) -> None:
        if self.tasks is not None:
            self.tasks.check()

    def _task_started(self, doing: str) -> None:
        self.menu_actions.set_tasks_enabled(False)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.show()
        self.statusBar().showMessage(doing)

    def _task_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _task_ended(self) -> None:
        self.progress.hide()
        self.menu_actions.set_tasks_enabled(self.journal is not None)

    def _task_finished(self, task: str, text: str) -> None:
        self._task_ended()
        self.show_message(text.splitlines()[0])
        if task == "check":
            self.task_report = QMessageBox(
                QMessageBox.Icon.Information, APP_NAME, text, parent=self
            )
            self.task_report.setAccessibleName("Check result")
            self.task_report.open()

    def _task_failed(self, _error: BaseException) -> None:
        self._task_ended()  # the runner showed the error (_operation_failed)

    def _operation_failed(self, error: BaseException, loud: bool, _initiator: object) -> None:
        """Every refused action, in one place: the status bar, and a dialog when ``loud``
        (a long task the researcher waited for, a save refused while closing)."""
        self.show_message(message_for(error))
        if loud:
            show_error(self, error)

    # --- commands delegated to the workspace ---------------------------------------------
    def new_entry(self, kind: EntryKind) -> None:
        if self.workspace is not None:
            self.workspace.new_entry(kind)

    def save_now(self) -> None:
        if self.workspace is None:
            return
        told = self._messages
        if self.workspace.save() and self._messages == told:
            self.statusBar().showMessage("Saved", 2000)

    def focus_search(self) -> None:
        if self.workspace is not None:
            self.workspace.focus_search()

    def show_tab(self, number: int) -> None:
        if self.workspace is not None:
            self.workspace.show_tab(number)

    def focus_body(self) -> None:
        if self.workspace is not None:
            self.workspace.focus_body()

    def focus_title(self) -> None:
        if self.workspace is not None:
            self.workspace.focus_title()

    def toggle_inspector(self) -> None:
        if self.workspace is not None:
            self.workspace.show_inspector(self.menu_actions.inspector_action.isChecked())

    def toggle_float_inspector(self) -> None:
        if self.workspace is not None:
            self.workspace.float_inspector(self.menu_actions.float_inspector_action.isChecked())

    def focus_actor_field(self) -> None:
        if self.workspace is not None:
            self.menu_actions.inspector_action.setChecked(True)
            self.workspace.focus_actor_field()

    def focus_code_field(self) -> None:
        if self.workspace is not None:
            self.menu_actions.inspector_action.setChecked(True)
            self.workspace.focus_code_field()

    def trash_current(self) -> None:
        if self.workspace is not None:
            self.workspace.trash_current()

    def restore_selected(self) -> None:
        if self.workspace is not None:
            self.workspace.restore_selected()

    def come_forward(self) -> None:
        """Another launch on this journal asked for this window (see single_instance)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.show_message("Fieldjournal was started again on this journal: it is open here.")

    def show_message(self, text: str) -> None:
        self._messages += 1
        self.statusBar().showMessage(text, STATUS_MS * 2)

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Fieldjournal",
            f"<b>Fieldjournal {__version__}</b><br>A journal for ethnographic fieldwork: "
            "fieldnotes, meetings and memos, linked to actors and codes. "
            "Everything stays on this computer.",
        )

    # --- saving on focus loss and close --------------------------------------------------
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Save as soon as focus leaves the editor (another panel, another window)."""
        if self.workspace is not None and old is not None:
            self.workspace.focus_moved(old, new)

    def changeEvent(self, event: QEvent) -> None:
        leaving = event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow()
        if leaving and self.workspace is not None:
            self.workspace.save_text()  # a name half typed in a field stays typed there
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._opener.wait()
        if self.workspace is not None and not self.workspace.save(loud=True):
            # Stay open so the researcher can fix what was refused or make room (shown); a
            # damaged journal never takes the text, so a second try closes.
            damaged = self.journal is not None and self.journal.damage is not None
            if not (damaged and self._close_refused):
                self._close_refused = True
                event.ignore()
                return
        self.settings.save_layout("geometry", self.saveGeometry())
        self.settings.save_layout("state", self.saveState())
        self.detach()
        self.single_instance.release()
        self.hide()  # the last snapshot is finished with the window already gone
        self.backups.wait()
        self.settings.sync()
        event.accept()
