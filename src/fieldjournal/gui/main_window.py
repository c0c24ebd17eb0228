"""The main window: menus, toolbar, status bar and the workspace of the open journal.

The window is built and shown before any storage code is imported; the journal opens
on a worker thread and the workspace (navigator, editor, inspector) is mounted when it
is ready, so even a 50,000-entry journal shows its window at once.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QToolBar,
    QWidget,
)

from fieldjournal import __version__
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.errors import FieldjournalError, JournalDamaged
from fieldjournal.domain.filenames import file_name
from fieldjournal.domain.wording import counted
from fieldjournal.gui.backups.window_backups import WindowBackups
from fieldjournal.gui.exchange.window_refi import WindowRefi
from fieldjournal.gui.journal_opener import JournalOpener, OpenFunction
from fieldjournal.gui.journal_tasks import JournalTasks, rebuild_question
from fieldjournal.gui.recovery.damage_notice import DamageNotice
from fieldjournal.gui.search.index_progress import IndexProgress
from fieldjournal.gui.settings import AppSettings
from fieldjournal.gui.single_instance import SingleInstance, show_other_window
from fieldjournal.gui.widgets.confirm import confirm
from fieldjournal.gui.widgets.errors import message_for, show_error
from fieldjournal.gui.widgets.icons import app_icon, icon
from fieldjournal.gui.widgets.on_screen import call_when_exposed

if TYPE_CHECKING:
    from fieldjournal.gui.chapters.editor import ChapterEditorWindow
    from fieldjournal.gui.workspace import Workspace
    from fieldjournal.services.journal import Journal

APP_NAME = "Fieldjournal"
# Qt.AlignCenter and Qt.ToolButtonTextBesideIcon, set through the property system: the
# first use of PySide6's ``Qt`` namespace builds its ~100 Python enums (about 40 ms), which
# would delay the window on screen. tests/gui/test_window.py checks the values.
ALIGN_CENTER = 0x0084
TEXT_BESIDE_ICON = 2
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
        self._analysis_window: QWidget | None = None
        self.workspace: Workspace | None = None
        self.undo_stack = QUndoStack(self)
        self._opener = JournalOpener(open_journal, self)
        self._opener.opened.connect(self.attach)
        self._opener.failed.connect(self._open_failed)
        self.backups = WindowBackups(self, open_journal, self)
        self.refi = WindowRefi(self, self)
        self._journal_actions: list[QAction] = []
        self._shortcuts: list[tuple[QAction, QKeySequence | QKeySequence.StandardKey | str]] = []
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
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status()
        self._set_journal_actions(False)
        call_when_exposed(self, self.install_shortcuts)
        self.resize(1280, 800)
        geometry = settings.layout("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.layout("state")
        if state is not None:
            self.restoreState(state)
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]

    # --- actions -----------------------------------------------------------------------
    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str | None = None,
        *,
        needs_journal: bool = True,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut:
            self._shortcuts.append((action, shortcut))
        action.setStatusTip(text.replace("&", "").rstrip("…"))
        action.triggered.connect(lambda _checked=False: slot())
        if needs_journal:
            self._journal_actions.append(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_journal_action = a("&New journal…", self.ask_new_journal, needs_journal=False)
        self.open_journal_action = a(
            "&Open journal…",
            self.ask_open_journal,
            QKeySequence.StandardKey.Open,
            needs_journal=False,
        )
        self.save_action = a("&Save", self.save_now, QKeySequence.StandardKey.Save, "save")
        self.chapters_action = a("C&hapters…", self.open_chapters, "Ctrl+Shift+H")
        self.import_action = a("&JSON Lines…", self.ask_import)
        self.export_action = a("&JSON Lines…", self.ask_export)
        self.refi_import_action = a(
            "&REFI-QDA (QualCoder, NVivo, ATLAS.ti, MAXQDA)…",
            lambda: self.refi.import_project(self),
        )
        self.refi_export_action = a("REFI-QDA &project…", lambda: self.refi.export_project(self))
        self.refi_codebook_action = a(
            "REFI-QDA &codebook…", lambda: self.refi.export_codebook(self)
        )
        self.reindex_action = a("Re&build search index…", self.rebuild_index)
        self.check_action = a("&Check journal", self.check_journal)
        self.backups_action = a("&Backups…", lambda: self.backups.open_dialog(self))
        self._task_actions = (
            self.import_action,
            self.export_action,
            self.refi_import_action,
            self.refi_export_action,
            self.refi_codebook_action,
            self.reindex_action,
            self.check_action,
        )
        self.quote_action = a("&Quote in chapter", self.quote_in_chapter, "Ctrl+Shift+Q")
        self.quit_action = a("&Quit", self.close, "Ctrl+Q", needs_journal=False)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self._shortcuts.append((self.undo_action, "Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self._shortcuts.append((self.redo_action, "Ctrl+Shift+Z"))
        self.find_action = a("&Find in journal", self.focus_search, "Ctrl+F", "search")
        self.new_fieldnote_action = a(
            "New &fieldnote", lambda: self._new(EntryKind.FIELDNOTE), "Ctrl+N", "fieldnote"
        )
        self.new_meeting_action = a(
            "New &meeting observation",
            lambda: self._new(EntryKind.MEETING),
            "Ctrl+Shift+N",
            "meeting",
        )
        self.new_memo_action = a("New m&emo", lambda: self._new(EntryKind.MEMO), "Ctrl+M", "memo")
        self.trash_action = a("Move to &trash", self._trash_current, "Ctrl+Shift+Delete", "trash")
        self.restore_action = a("&Restore from trash", self._restore_selected, None, "restore")
        self.link_actor_action = a("&Link actor…", self._focus_actor_field, "Ctrl+L", "actor")
        self.code_entry_action = a("&Code this entry…", self._focus_code_field, "Ctrl+K", "code")
        self.tab_actions = [
            a("&Timeline", lambda: self._show_tab(0), "Ctrl+1"),
            a("&Search", lambda: self._show_tab(1), "Ctrl+2"),
            a("&Memos", lambda: self._show_tab(2), "Ctrl+3"),
            a("T&rash", lambda: self._show_tab(3), "Ctrl+4"),
            a("&Codes", lambda: self._show_tab(4), "Ctrl+5"),
            a("&Actors", lambda: self._show_tab(5), "Ctrl+6"),
        ]
        self.analysis_action = a("A&nalysis…", self.open_analysis, "Ctrl+7")
        self.focus_body_action = a("&Editor", self._focus_body, "Ctrl+E")
        self.inspector_action = a("&Inspector", self._toggle_inspector, "Ctrl+Shift+I")
        self.inspector_action.setCheckable(True)
        self.inspector_action.setChecked(True)
        self.about_action = a("&About Fieldjournal", self._about, needs_journal=False)
        self.settings_action = a("Se&ttings…", self.ask_settings, "Ctrl+,", needs_journal=False)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)

    def install_shortcuts(self) -> None:
        """Give the actions their keys once the window is on screen (or a journal mounted).

        Setting the first shortcut makes PySide6 build the Python enums of keys and
        modifiers (about 40 ms): not worth delaying the window for, since no key can
        reach it before it is shown.
        """
        shortcuts, self._shortcuts = self._shortcuts, []
        for action, keys in shortcuts:
            action.setShortcut(QKeySequence(keys))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_journal_action)
        file_menu.addAction(self.open_journal_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.chapters_action)
        file_menu.addSeparator()
        import_menu = file_menu.addMenu("&Import")
        import_menu.addAction(self.import_action)
        import_menu.addAction(self.refi_import_action)
        export_menu = file_menu.addMenu("&Export")
        export_menu.addAction(self.export_action)
        export_menu.addAction(self.refi_export_action)
        export_menu.addAction(self.refi_codebook_action)
        file_menu.addAction(self.reindex_action)
        file_menu.addAction(self.backups_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        edit.addAction(self.find_action)
        edit.addSeparator()
        edit.addAction(self.settings_action)
        entry = bar.addMenu("E&ntry")
        for action in (self.new_fieldnote_action, self.new_meeting_action, self.new_memo_action):
            entry.addAction(action)
        entry.addSeparator()
        entry.addAction(self.link_actor_action)
        entry.addAction(self.quote_action)
        entry.addSeparator()
        entry.addAction(self.trash_action)
        entry.addAction(self.restore_action)
        self.code_menu = bar.addMenu("&Code")
        self.code_menu.addAction(self.code_entry_action)
        view = bar.addMenu("&View")
        for action in self.tab_actions:
            view.addAction(action)
        view.addAction(self.analysis_action)
        view.addSeparator()
        view.addAction(self.focus_body_action)
        view.addAction(self.inspector_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.check_action)
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("main-toolbar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setProperty("toolButtonStyle", TEXT_BESIDE_ICON)
        toolbar.setMovable(False)
        for action in (
            self.new_fieldnote_action,
            self.new_meeting_action,
            self.new_memo_action,
        ):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.save_action)
        toolbar.addAction(self.find_action)
        toolbar.addSeparator()
        toolbar.addAction(self.trash_action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

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

    def _set_journal_actions(self, enabled: bool) -> None:
        for action in self._journal_actions:
            action.setEnabled(enabled)

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
        self._opener.start(path, create)

    def wait_until_open(self, timeout: float | None = None) -> None:
        self._opener.wait(timeout)

    def attach(self, journal: Journal) -> None:
        """Show ``journal``: build its workspace and remember it."""
        self.progress.hide()
        self.detach()
        self.install_shortcuts()
        workspace_module = importlib.import_module("fieldjournal.gui.workspace")
        self.journal = journal
        self.damage_notice = DamageNotice(journal, self)
        self.damage_notice.start()  # says so at once if known; the full check runs aside
        try:
            self.workspace = workspace_module.Workspace(journal, self.undo_stack, self)
        except JournalDamaged as damage:  # too damaged to list: the notice offers salvage
            self.damage_notice.show(damage)
            return
        self.workspace.message.connect(self.show_message)
        self.workspace.apply_preferences(self.settings.preferences())
        self.workspace.ops.failed.connect(self._operation_failed)
        self.code_menu.addAction(self.workspace.coding_action)
        splitter = self.settings.layout("splitter")
        if splitter is not None:
            self.workspace.restoreState(splitter)
        self.setCentralWidget(self.workspace)
        self.workspace.show()
        self.setWindowTitle(window_title(journal.name))
        self._set_journal_actions(True)
        self.inspector_action.setChecked(self.workspace.inspector_shown)
        self.workspace.inspector_toggled.connect(self.inspector_action.setChecked)
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

    def open_chapters(self) -> None:
        """File > Chapters: the chapter editor (drafts, excerpts, export to DOCX)."""
        if self.journal is None:
            return
        if self._chapter_window is None:
            editor = importlib.import_module("fieldjournal.gui.chapters.editor")
            self._chapter_window = editor.open_chapter_editor(self.journal, self)
            self._chapter_window.editor.apply_preferences(self.settings.preferences())
            self._chapter_window.destroyed.connect(self._chapter_window_gone)
        self._chapter_window.raise_()
        self._chapter_window.activateWindow()

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
            self._chapter_window.editor.apply_preferences(preferences)
        if backup_settings is not None and self.journal is not None:
            try:
                self.journal.save_backup_settings(backup_settings)
            except (FieldjournalError, OSError) as error:
                self.show_failure(error)
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

    def _show_entries(self, ids: list[str], description: str) -> None:
        if self.workspace is not None:
            self.workspace.show_entries(ids, description)
            self.raise_()

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
        self._set_journal_actions(False)
        self.setWindowTitle(APP_NAME)

    def _open_failed(self, error: BaseException) -> None:
        self.progress.hide()
        self._empty.setText("The journal could not be opened.")
        self.statusBar().showMessage("The journal could not be opened", STATUS_MS)
        self.show_failure(error)

    def show_failure(self, error: BaseException) -> None:
        show_error(self, error)

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

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_journals()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_journal(p, create=False))
        self.recent_menu.setEnabled(bool(recent))

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

    def _set_task_actions(self, enabled: bool) -> None:
        for action in self._task_actions:
            action.setEnabled(enabled)

    def _task_started(self, doing: str) -> None:
        self._set_task_actions(False)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.show()
        self.statusBar().showMessage(doing)

    def _task_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def flush_editor(self) -> None:
        """Before a task reads the journal: what is typed is saved first."""
        if self.workspace is not None:
            self.workspace.editor.save_now()

    def _task_ended(self) -> None:
        self.progress.hide()
        self._set_task_actions(self.journal is not None)

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
    def _new(self, kind: EntryKind) -> None:
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

    def _show_tab(self, number: int) -> None:
        if self.workspace is not None:
            self.workspace.show_tab(number)

    def _focus_body(self) -> None:
        if self.workspace is not None:
            self.workspace.focus_body()

    def _toggle_inspector(self) -> None:
        if self.workspace is not None:
            self.workspace.show_inspector(self.inspector_action.isChecked())

    def _focus_actor_field(self) -> None:
        if self.workspace is not None:
            self.inspector_action.setChecked(True)
            self.workspace.focus_actor_field()

    def _focus_code_field(self) -> None:
        if self.workspace is not None:
            self.inspector_action.setChecked(True)
            self.workspace.focus_code_field()

    def _trash_current(self) -> None:
        if self.workspace is not None:
            self.workspace.trash_current()

    def _restore_selected(self) -> None:
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

    def _about(self) -> None:
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
            self.workspace.save()
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
