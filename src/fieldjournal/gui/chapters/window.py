"""The chapter editor's window: File, Edit and View menus around the editor.

Edit › Undo and Redo follow the focus, as in the main window (``EditActions``), and they
hold Ctrl+Z and Ctrl+Shift+Z: in the title or the prose they undo that field's typing
while it has some ("Undo typing in Section text"), then, and everywhere else, the outline's
history ("Undo Rename section …"). The menu always says what the key will do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from fieldjournal.gui.chapters.editor import ChapterEditor
from fieldjournal.gui.commands.edit_actions import EditActions
from fieldjournal.gui.widgets.fit_screen import fit_on_screen
from fieldjournal.services.journal import Journal

if TYPE_CHECKING:
    from fieldjournal.gui.settings import Preferences


class ChapterEditorWindow(QMainWindow):
    """A window around the editor with File, Edit and View menus."""

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chapters — Fieldjournal")
        self.editor = ChapterEditor(journal, self)
        self.setCentralWidget(self.editor)
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = self._action(file_menu, "&New chapter…", self.editor._ask_new_chapter)
        self.save_action = self._action(
            file_menu, "&Save chapter", self.editor.save, QKeySequence.StandardKey.Save
        )
        self.delete_action = self._action(file_menu, "&Delete chapter…", self.editor.delete_chapter)
        self.export_action = self._action(
            file_menu, "&Export chapter to DOCX…", self.editor.export_chapter
        )
        file_menu.addSeparator()
        self._action(file_menu, "&Close", self.close, QKeySequence.StandardKey.Close)
        edit_menu = self.menuBar().addMenu("&Edit")
        self.edit_actions = EditActions(self.editor.undo_stack, self)  # they follow the focus
        self.undo_action = self.edit_actions.undo_action
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.edit_actions.redo_action
        self.redo_action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        edit_menu.aboutToShow.connect(self.edit_actions.refresh)
        edit_menu.addActions([self.undo_action, self.redo_action])
        view_menu = self.menuBar().addMenu("&View")
        self.side_action = QAction("&Sources and preview", self)
        self.side_action.setCheckable(True)
        self.side_action.setChecked(True)
        self.side_action.setShortcut(QKeySequence(Qt.Key.Key_F9))
        self.side_action.toggled.connect(self.editor.show_side_pane)
        self.preview_action = self._action(
            view_menu, "Show &preview", self.editor.side.show_preview, QKeySequence("Ctrl+R")
        )
        view_menu.insertAction(self.preview_action, self.side_action)
        self.resize(1200, 760)
        chapters = journal.list_chapters()
        if chapters:
            self.editor.load(chapters[0].id)
            self.editor.prose.setFocus()  # a writing tool opens ready to write

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda *_: slot())
        menu.addAction(action)
        return action

    def apply_preferences(self, preferences: Preferences) -> None:
        """Edit › Settings… in the main window: the writing font and the export's author."""
        self.editor.apply_preferences(preferences)

    def insert_quote(self, entry_id: str, words: str) -> None:
        """Entry > Quote in chapter, from the main window."""
        self.editor.insert_quote(entry_id, words)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Unsaved work is saved on close; a draft that cannot be saved keeps the window open."""
        if self.editor.is_modified() and self.editor.save() is None:
            event.ignore()
            return
        self.editor.stop_export()
        self.editor.ops.close()
        super().closeEvent(event)


def open_chapter_editor(journal: Journal, parent: QWidget | None = None) -> ChapterEditorWindow:
    """Open (and show) the chapter editor; the main window calls this from its menu."""
    window = ChapterEditorWindow(journal, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    fit_on_screen(window)  # 1200×760 runs off a 1024×768 laptop otherwise
    window.show()
    return window
