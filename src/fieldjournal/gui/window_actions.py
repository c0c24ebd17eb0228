"""The main window's actions, menus and tool bar, kept out of the window itself.

Each action calls one of the window's commands; which ones need an open journal or are
held while a long task runs is recorded here, so the window only says when.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from fieldjournal.domain.enums import EntryKind
from fieldjournal.gui.commands.edit_actions import EditActions
from fieldjournal.gui.widgets.icons import icon

if TYPE_CHECKING:
    from fieldjournal.gui.main_window import MainWindow

# Qt.ToolButtonTextBesideIcon, set through the property system: the first use of PySide6's
# ``Qt`` namespace builds its ~100 Python enums (about 40 ms), which would delay the
# window on screen. tests/gui/test_window.py checks the value.
TEXT_BESIDE_ICON = 2
Keys = QKeySequence | QKeySequence.StandardKey | str


class WindowActions(QObject):
    """Every action of the main window, its menu bar and its tool bar."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._journal_actions: list[QAction] = []
        self._shortcuts: list[tuple[QAction, Keys]] = []
        self._build_actions()
        self._build_menus()
        self.toolbar = self._build_toolbar()
        window.addToolBar(self.toolbar)

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: Keys | None = None,
        icon_name: str | None = None,
        *,
        needs_journal: bool = True,
    ) -> QAction:
        action = QAction(text, self._window)
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
        a, w = self._action, self._window
        self.new_journal_action = a("&New journal…", w.ask_new_journal, needs_journal=False)
        self.open_journal_action = a(
            "&Open journal…",
            w.ask_open_journal,
            QKeySequence.StandardKey.Open,
            needs_journal=False,
        )
        self.save_action = a("&Save", w.save_now, QKeySequence.StandardKey.Save, "save")
        self.chapters_action = a("C&hapters…", w.open_chapters, "Ctrl+Shift+H")
        self.references_action = a("Re&ferences…", w.open_references)
        self.import_action = a("&JSON Lines…", w.ask_import)
        self.export_action = a("&JSON Lines…", w.ask_export)
        self.refi_import_action = a(
            "&REFI-QDA (QualCoder, NVivo, ATLAS.ti, MAXQDA)…",
            lambda: w.refi.import_project(w),
        )
        self.refi_codebook_import_action = a(
            "REFI-QDA c&odebook…", lambda: w.refi.import_codebook(w)
        )
        self.refi_export_action = a("REFI-QDA &project…", lambda: w.refi.export_project(w))
        self.refi_codebook_action = a("REFI-QDA &codebook…", lambda: w.refi.export_codebook(w))
        self.reindex_action = a("Re&build search index…", w.rebuild_index)
        self.check_action = a("&Check journal", w.check_journal)
        self.backups_action = a("&Backups…", lambda: w.backups.open_dialog(w))
        self.task_actions = (
            self.import_action,
            self.export_action,
            self.refi_import_action,
            self.refi_codebook_import_action,
            self.refi_export_action,
            self.refi_codebook_action,
            self.reindex_action,
            self.check_action,
        )
        self.quote_action = a("&Quote in chapter", w.quote_in_chapter, "Ctrl+Shift+Q")
        self.quit_action = a("&Quit", w.close, "Ctrl+Q", needs_journal=False)
        self.edit_actions = EditActions(w.undo_stack, w)  # they follow the focus
        self.undo_action = self.edit_actions.undo_action
        self._shortcuts.append((self.undo_action, "Ctrl+Z"))
        self.redo_action = self.edit_actions.redo_action
        self._shortcuts.append((self.redo_action, "Ctrl+Shift+Z"))
        self.find_action = a("&Find in journal", w.focus_search, "Ctrl+F", "search")
        self.new_fieldnote_action = a(
            "New &fieldnote", lambda: w.new_entry(EntryKind.FIELDNOTE), "Ctrl+N", "fieldnote"
        )
        self.new_meeting_action = a(
            "New &meeting observation",
            lambda: w.new_entry(EntryKind.MEETING),
            "Ctrl+Shift+N",
            "meeting",
        )
        self.new_memo_action = a("New m&emo", lambda: w.new_entry(EntryKind.MEMO), "Ctrl+M", "memo")
        self.trash_action = a("Move to &trash", w.trash_current, "Ctrl+Shift+Delete", "trash")
        self.restore_action = a("&Restore from trash", w.restore_selected, None, "restore")
        self.link_actor_action = a("&Link actor…", w.focus_actor_field, "Ctrl+L", "actor")
        self.code_entry_action = a("&Code this entry…", w.focus_code_field, "Ctrl+K", "code")
        self.tab_actions = [
            a(text, lambda n=number: w.show_tab(n), f"Ctrl+{number + 1}")
            for number, text in enumerate(
                ("&Timeline", "&Search", "&Memos", "T&rash", "&Codes", "&Actors")
            )
        ]
        self.analysis_action = a("A&nalysis…", w.open_analysis, "Ctrl+7")
        self.focus_body_action = a("&Editor", w.focus_body, "Ctrl+E")
        self.focus_title_action = a("Entry tit&le", w.focus_title, "Ctrl+T")
        self.inspector_action = a("&Inspector", w.toggle_inspector, "Ctrl+Shift+I")
        self.inspector_action.setCheckable(True)
        self.inspector_action.setChecked(True)
        self.float_inspector_action = a("Inspector in its own &window", w.toggle_float_inspector)
        self.float_inspector_action.setCheckable(True)
        self.about_action = a("&About Fieldjournal", w.about, needs_journal=False)
        self.settings_action = a("Se&ttings…", w.ask_settings, "Ctrl+,", needs_journal=False)
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

    def set_journal_open(self, enabled: bool) -> None:
        for action in self._journal_actions:
            action.setEnabled(enabled)

    def set_tasks_enabled(self, enabled: bool) -> None:
        for action in self.task_actions:
            action.setEnabled(enabled)

    def _build_menus(self) -> None:
        bar = self._window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_journal_action)
        file_menu.addAction(self.open_journal_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self.fill_recent()
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.chapters_action)
        file_menu.addAction(self.references_action)
        file_menu.addSeparator()
        import_menu = file_menu.addMenu("&Import")
        import_menu.addAction(self.import_action)
        import_menu.addAction(self.refi_import_action)
        import_menu.addAction(self.refi_codebook_import_action)
        export_menu = file_menu.addMenu("&Export")
        export_menu.addAction(self.export_action)
        export_menu.addAction(self.refi_export_action)
        export_menu.addAction(self.refi_codebook_action)
        file_menu.addAction(self.reindex_action)
        file_menu.addAction(self.backups_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        edit.aboutToShow.connect(self.edit_actions.refresh)
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
        view.addAction(self.focus_title_action)
        view.addAction(self.inspector_action)
        view.addAction(self.float_inspector_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.check_action)
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> QToolBar:
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
        return toolbar

    def fill_recent(self) -> None:
        """File › Open recent, read again each time it opens."""
        self.recent_menu.clear()
        w = self._window
        recent = w.settings.recent_journals()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: w.open_journal(p, create=False))
        self.recent_menu.setEnabled(bool(recent))
