"""Coding in the editor: select words, apply a code; see and remove codings.

``install_coding(editor, ops, undo_stack, entry_id_provider)`` adds to a
``QPlainTextEdit``: an "Apply code" context submenu (recent codes first, then the
codebook, then "New code…"), "Remove coding" on a coded passage, Alt+1…Alt+9 for the
recently used codes (Ctrl+digits switch the window's tabs), Ctrl+Shift+C for a quick
picker, codes dropped from the codebook onto a selection, and a
:class:`SegmentHighlighter` painting the coded passages.

The journal counts code points and the editor UTF-16 units; the controller converts
(see ``segment_marks``). A coding is an action of the window's :class:`Operations`,
which saves what is typed first; spans are carried across to the saved text with the
journal's own offset rules when the editor is still ahead of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QDropEvent, QKeySequence, QTextCursor, QUndoStack
from PySide6.QtWidgets import QInputDialog, QMenu, QPlainTextEdit, QWidget

from fieldjournal.domain.errors import FieldjournalError, InvalidInput
from fieldjournal.domain.offsets import OffsetMap
from fieldjournal.domain.records import Code, Entry
from fieldjournal.domain.wording import counted
from fieldjournal.gui import commands as uc
from fieldjournal.gui.codebook.tree_model import paths_from_mime
from fieldjournal.gui.editor.code_picker import pick_code
from fieldjournal.gui.editor.exact_text import from_document
from fieldjournal.gui.editor.segment_highlighter import SegmentHighlighter
from fieldjournal.gui.editor.segment_marks import Mark, Utf16Map
from fieldjournal.services.recent_code_service import RECENT_LIMIT

if TYPE_CHECKING:
    from fieldjournal.gui.operations import Changed, Operations

CodePicker = Callable[[QWidget, list[str]], tuple[str, bool]]
NamePrompt = Callable[[QWidget], tuple[str, bool]]


def ask_new_code(parent: QWidget) -> tuple[str, bool]:
    return QInputDialog.getText(parent, "New code", "Path of the new code (e.g. Trust/Faith):")


class CodingController(QObject):
    """Everything coding adds to one editor; keep a reference (``install_coding`` does)."""

    coded = Signal(str)  # code path just applied
    # {segment id: Segment} as painted, with offsets in the text shown (code points)
    segments_shown = Signal(object)

    def __init__(
        self,
        editor: QPlainTextEdit,
        ops: Operations,
        undo_stack: QUndoStack,
        entry_id_provider: Callable[[], str | None],
    ) -> None:
        super().__init__(editor)
        self.editor, self.ops, self.undo_stack = editor, ops, undo_stack
        self.journal = ops.journal
        self.entry_id_provider = entry_id_provider
        self.pick_code: CodePicker = pick_code
        self.ask_new_code: NamePrompt = ask_new_code
        self.recent: list[str] = []  # paths, most recent first; the journal keeps them
        self._colours: dict[str, str] = {}
        self.highlighter = SegmentHighlighter(editor)
        self.highlighter.reset_needed.connect(self._schedule_refresh)
        editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        editor.customContextMenuRequested.connect(self._show_context_menu)
        editor.viewport().setAcceptDrops(True)
        self._viewport = editor.viewport()
        self._viewport.installEventFilter(self)
        self.apply_action = self._action(
            "&Apply code to selection…", "Ctrl+Shift+C", self.quick_pick
        )
        self.recent_actions = [
            self._action(f"Apply recent code {n}", f"Alt+{n}", self._recent_slot(n))
            for n in range(1, RECENT_LIMIT + 1)
        ]
        ops.changed.connect(self._on_changed)
        self._refresh_pending = False
        self.refresh()

    def _recent_slot(self, number: int) -> Callable[[], object]:
        return lambda: self.apply_recent(number)

    def _action(self, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        """An editor action: its shortcut works while the editor has focus, and the window
        may also list it in a menu (it then shows the shortcut there)."""
        action = QAction(text, self.editor)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.editor.addAction(action)
        return action

    # --- reading the journal -----------------------------------------------------------
    def refresh(self, entry: Entry | None = None, *, codes: bool = True) -> None:
        """Paint the open entry's segments on the editor's current text.

        ``entry`` is the open entry as an action left it (read when not given); the
        codes' colours are read again only when ``codes`` may have changed.
        """
        self._refresh_pending = False
        if codes or not self._colours:
            self._colours = {c.path: c.colour for c in self.journal.list_codes()}
            self.recent = self.journal.recent_code_paths()  # renamed, merged, deleted
        entry_id = self.entry_id_provider()
        if entry_id is not None and (entry is None or entry.id != entry_id):
            try:
                entry = self.journal.get_entry(entry_id)
            except FieldjournalError:
                entry = None
        if entry_id is None or entry is None:
            self.highlighter.set_marks([])
            self.segments_shown.emit({})
            return
        text = self.editor.toPlainText()
        mapping = OffsetMap(entry.body, text) if entry.body != text else None
        utf16 = Utf16Map(text)
        marks, shown = [], {}
        for seg in entry.segments:
            span = mapping.map_span(seg.start, seg.end) if mapping else (seg.start, seg.end)
            if span is None:
                continue
            colour = self._colours.get(seg.code_path, "#888888")
            start, end = utf16.to_utf16(span[0]), utf16.to_utf16(span[1])
            marks.append(Mark(seg.id, seg.code_path, colour, start, end))
            shown[seg.id] = replace(seg, start=span[0], end=span[1], text=text[span[0] : span[1]])
        self.highlighter.set_marks(marks)
        self.segments_shown.emit(shown)

    def _schedule_refresh(self) -> None:
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._refresh_if_pending)

    def _refresh_if_pending(self) -> None:
        if self._refresh_pending:
            self.refresh()

    def _on_changed(self, changed: Changed) -> None:
        changes, entry_id = changed.changes, self.entry_id_provider()
        if changes.codes or (entry_id is not None and entry_id in changes.entries):
            self.refresh(changed.fresh(entry_id) if entry_id else None, codes=changes.codes)

    # --- the selection -----------------------------------------------------------------
    def selection_span(self) -> tuple[int, int, str] | None:
        """The selection as code points of the editor text, trimmed of outer spaces."""
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            return None
        text = self.editor.toPlainText()
        utf16 = Utf16Map(text)
        start = utf16.to_code_point(cursor.selectionStart())
        end = utf16.to_code_point(cursor.selectionEnd())
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end, text[start:end]) if end > start else None

    # --- applying and removing ---------------------------------------------------------
    def apply_code(self, path: str) -> bool:
        """Code the selected words with ``path`` (created if new), as one undoable step."""
        return self.apply_codes([path])

    def apply_codes(self, paths: list[str]) -> bool:
        """Code the selected words with each of ``paths``; one undoable step for them all.

        The selection then collapses to the end of the coded words: left selected, the
        next key typed would replace the words just coded.
        """
        entry_id = self.entry_id_provider()
        span = self.selection_span()
        if entry_id is None or span is None:
            self.ops.report(
                InvalidInput("open an entry first, then select the words to code")
                if entry_id is None
                else InvalidInput("select the words to code first")
            )
            return False
        if len(paths) > 1:
            self.undo_stack.beginMacro(f"Apply {counted(len(paths), 'code')}")
        try:
            applied = [path for path in paths if self._apply(entry_id, path, span)]
        finally:
            if len(paths) > 1:
                self.undo_stack.endMacro()
        if applied:
            cursor = self.editor.textCursor()
            cursor.setPosition(cursor.selectionEnd())
            self.editor.setTextCursor(cursor)
        return len(applied) == len(paths)

    def _apply(self, entry_id: str, path: str, span: tuple[int, int, str]) -> bool:
        def apply() -> uc.ApplySegmentCommand:
            start, end, words = self._in_journal(entry_id, span)  # after the save
            command = uc.ApplySegmentCommand(self.ops, entry_id, path, start, end, words)
            command.first_run()
            self.undo_stack.push(command)
            return command

        command = self.ops.run(apply, initiator=self)  # saves what is typed first
        if command is None:
            return False
        self._remember(command.path)
        self.coded.emit(command.path)
        return True

    def _in_journal(self, entry_id: str, span: tuple[int, int, str]) -> tuple[int, int, str]:
        """Carry an editor span to the journal's text when the editor is ahead of it."""
        body = self.journal.get_entry(entry_id).body
        text = self.editor.toPlainText()
        if body == text:
            return span
        mapped = OffsetMap(text, body).map_span(span[0], span[1])
        if mapped is None:
            raise InvalidInput("these words are not saved yet; save (Ctrl+S) and code again")
        return mapped[0], mapped[1], body[mapped[0] : mapped[1]]

    def remove_coding(self, segment_id: str) -> bool:
        command = uc.RemoveSegmentCommand(self.ops, segment_id)
        return uc.push(self.undo_stack, command, initiator=self)

    def _remember(self, path: str) -> None:
        """Put ``path`` first among the recent codes, in the journal (kept across restarts)."""
        self.recent = [path, *(p for p in self.recent if p != path)][:RECENT_LIMIT]
        kept = self.ops.run(
            lambda: self.journal.recent_codes.used(path), initiator=self, flush=False
        )
        if kept is not None:
            self.recent = kept

    def apply_recent(self, number: int) -> bool:
        if not 1 <= number <= len(self.recent):
            self.ops.report(InvalidInput(f"no recently used code number {number} yet"))
            return False
        return self.apply_code(self.recent[number - 1])

    def quick_pick(self) -> bool:
        paths = [*self.recent, *(p for p in self._codebook_paths() if p not in self.recent)]
        path, ok = self.pick_code(self.editor, paths)
        return bool(ok and path.strip()) and self.apply_code(path.strip())

    def new_code(self) -> bool:
        path, ok = self.ask_new_code(self.editor)
        return bool(ok and path.strip()) and self.apply_code(path.strip())

    def _codebook_paths(self) -> list[str]:
        return [c.path for c in self.journal.list_codes()]

    # --- context menu ------------------------------------------------------------------
    def context_menu(self, point: QPoint) -> QMenu:
        """The editor's menu at viewport ``point``: the standard actions plus coding."""
        menu = self.editor.createStandardContextMenu()
        menu.setObjectName("editorContextMenu")
        self._use_window_history(menu)
        menu.addSeparator()
        self.add_coding_actions(menu, point)
        return menu

    def _use_window_history(self, menu: QMenu) -> None:
        """The menu's Undo and Redo are the window's history, as Ctrl+Z is (when the
        editor keeps no undo of its own, its standard items could only stay greyed)."""
        if self.editor.document().isUndoRedoEnabled():
            return
        makers = {
            "edit-undo": (self.undo_stack.createUndoAction, "&Undo"),
            "edit-redo": (self.undo_stack.createRedoAction, "&Redo"),
        }
        for standard in menu.actions():
            if standard.objectName() in makers:
                make, prefix = makers[standard.objectName()]
                action = make(menu, prefix)
                action.setObjectName(standard.objectName())
                menu.insertAction(standard, action)
                menu.removeAction(standard)

    def add_coding_actions(self, menu: QMenu, point: QPoint) -> None:
        """Add "Apply code" and "Remove coding" to ``menu`` (a window may build its own)."""
        apply_menu = menu.addMenu("&Apply code")
        apply_menu.setObjectName("applyCodeMenu")
        has_selection = self.editor.textCursor().hasSelection()
        apply_menu.setEnabled(has_selection and self.entry_id_provider() is not None)
        for number, path in enumerate(self.recent, start=1):
            action = apply_menu.addAction(f"{path}\tAlt+{number}")
            action.triggered.connect(lambda _=False, p=path: self.apply_code(p))
        if self.recent:
            apply_menu.addSeparator()
        self._add_codebook(apply_menu, self.journal.list_codes())
        apply_menu.addSeparator()
        new = apply_menu.addAction("&New code…")
        new.setObjectName("newCodeAction")
        new.triggered.connect(self.new_code)
        position = self.editor.cursorForPosition(point).position()
        under = self.highlighter.marks_at(position)
        if under:
            remove_menu = menu.addMenu("&Remove coding")
            remove_menu.setObjectName("removeCodingMenu")
            for mark in under:
                action = remove_menu.addAction(f"{mark.code_path}: “{self._snippet(mark)}”")
                action.triggered.connect(lambda _=False, s=mark.segment_id: self.remove_coding(s))

    def _add_codebook(self, menu: QMenu, codes: list[Code]) -> None:
        """Codes as nested submenus; a code with children is the first item of its own."""
        menus: dict[str, QMenu] = {}
        parents = {c.parent_path for c in codes if c.parent_path}
        for code in codes:  # sorted by path: parents come first
            host = menus.get(code.parent_path or "", menu)
            if code.path in parents:
                sub = host.addMenu(code.name)
                menus[code.path] = sub
                host = sub
            action = QAction(
                code.name if code.path not in parents else f"{code.name} (this code)", host
            )
            action.setToolTip(code.description or code.path)
            action.setData(code.path)
            action.triggered.connect(lambda _=False, p=code.path: self.apply_code(p))
            host.addAction(action)

    def _snippet(self, mark: Mark) -> str:
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(mark.start)
        cursor.setPosition(mark.end, QTextCursor.MoveMode.KeepAnchor)
        text = " ".join(from_document(cursor.selectedText()).splitlines())
        return text if len(text) <= 30 else text[:29] + "…"

    def _show_context_menu(self, point: QPoint) -> None:
        menu = self.context_menu(point)
        menu.exec(self.editor.viewport().mapToGlobal(point))
        menu.deleteLater()

    # --- drops from the codebook -------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._viewport and isinstance(event, QDropEvent):
            if not paths_from_mime(event.mimeData()):
                return False
            if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                return True
            if kind == QEvent.Type.Drop:
                self.drop_codes(paths_from_mime(event.mimeData()), event.position().toPoint())
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                return True
        return False

    def drop_codes(self, paths: list[str], point: QPoint) -> None:
        """Apply dropped codes to the selection, or to the word under the drop point."""
        if not self.editor.textCursor().hasSelection():
            cursor = self.editor.cursorForPosition(point)
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
            self.editor.setTextCursor(cursor)
        self.apply_codes(paths)


def install_coding(
    editor: QPlainTextEdit,
    ops: Operations,
    undo_stack: QUndoStack,
    entry_id_provider: Callable[[], str | None],
) -> CodingController:
    """Add coding to ``editor``; the controller lives as long as the editor."""
    return CodingController(editor, ops, undo_stack, entry_id_provider)
