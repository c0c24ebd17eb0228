"""Edit › Undo and Redo: the one place Ctrl+Z and Ctrl+Shift+Z are handled in the window.

Text widgets take Ctrl+Z for themselves before the window's shortcut sees it, so the Edit
menu could say "Undo Apply Trust" while the key undid something else. Here the key always
reaches these actions (a filter on the focused widget lets the shortcut through), and
each action does what its text says at that moment:

- a one-line field (title, site, attendees, the inspector's fields) or a text with a
  history of its own (the chapter editor's prose) with typing to undo undoes that:
  "Undo typing in Site";
- everywhere else, the body included, the window's history: the body's typing, codings,
  links and codebook edits, in the order they were made.

A tool window of the window's own (the inspector floated) counts as part of it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QWidget,
)
from shiboken6 import isValid


def _own_field(widget: QWidget | None) -> QLineEdit | QPlainTextEdit | None:
    """The focused field whose typing has a history of its own, if it is one.

    The entry's body keeps none (its typing is in the window's history); the chapter
    editor's prose does.
    """
    if isinstance(widget, QLineEdit) and not widget.isReadOnly():
        return widget
    if (
        isinstance(widget, QPlainTextEdit)
        and not widget.isReadOnly()
        and widget.document().isUndoRedoEnabled()
    ):
        return widget
    return None


def _has_typing(field: QLineEdit | QPlainTextEdit, undoing: bool) -> bool:
    """Whether the field has typing of its own to undo (or redo)."""
    if isinstance(field, QLineEdit):
        return field.isUndoAvailable() if undoing else field.isRedoAvailable()
    document = field.document()
    return document.isUndoAvailable() if undoing else document.isRedoAvailable()


class EditActions(QObject):
    """``undo_action`` and ``redo_action`` for ``window``, following the focus."""

    def __init__(self, stack: QUndoStack, window: QWidget) -> None:
        super().__init__(window)
        self.stack = stack  # the window is this object's parent, not held: it may go first
        self.undo_action = QAction("&Undo", window)
        self.redo_action = QAction("&Redo", window)
        self.undo_action.triggered.connect(lambda _checked=False: self._do(undoing=True))
        self.redo_action.triggered.connect(lambda _checked=False: self._do(undoing=False))
        self._watched: QWidget | None = None
        self._listened: QLineEdit | QPlainTextEdit | None = None  # its typing moves the text
        for signal in (stack.indexChanged, stack.undoTextChanged, stack.redoTextChanged):
            signal.connect(self.refresh)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)
        # A window's widgets go before its own children: the stack may be gone while the
        # focus still moves on the way out (the chapter editor's window closing).
        stack.destroyed.connect(self._stack_gone)
        self.refresh()

    def _stack_gone(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._focus_changed)

    # --- what the keys do --------------------------------------------------------------
    def _target(self, undoing: bool) -> tuple[str, Callable[[], None] | None]:
        """The action's text and what it does now (None: nothing to do)."""
        verb = "&Undo" if undoing else "&Redo"
        field = _own_field(self._watched)
        if field is not None and _has_typing(field, undoing):
            name = field.accessibleName() or field.placeholderText() or "this field"
            return f"{verb} typing in {name}", field.undo if undoing else field.redo
        text = self.stack.undoText() if undoing else self.stack.redoText()
        able = self.stack.canUndo() if undoing else self.stack.canRedo()
        if not able:
            return verb, None
        return (f"{verb} {text}" if text else verb), self.stack.undo if undoing else self.stack.redo

    def refresh(self) -> None:
        if not isValid(self.stack):  # a stack being destroyed still signals as it clears
            return
        for action, undoing in ((self.undo_action, True), (self.redo_action, False)):
            text, call = self._target(undoing)
            action.setText(text)
            action.setEnabled(call is not None)

    def _do(self, *, undoing: bool) -> None:
        _text, call = self._target(undoing)
        if call is not None:
            call()
        self.refresh()

    # --- following the focus -----------------------------------------------------------
    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QMenuBar | QMenu):
            return  # Alt and the menus borrow the focus: Undo still means the field's typing
        watched = new if new is not None and self._ours(new) else None
        if watched is not self._watched:
            if self._watched is not None:
                self._watched.removeEventFilter(self)
                if self._listened is not None:
                    self._listened.textChanged.disconnect(self.refresh)
                    self._listened = None
                self._watched.destroyed.disconnect(self._forget)
            self._watched = watched
            if watched is not None:
                watched.installEventFilter(self)
                watched.destroyed.connect(self._forget)
                self._listened = _own_field(watched)
                if self._listened is not None:
                    self._listened.textChanged.connect(self.refresh)
        self.refresh()

    def _ours(self, widget: QWidget) -> bool:
        """In this window, or in a tool window of its own (the floating inspector)."""
        top = widget.window()
        if top is self.parent():
            return True
        owner = top.parentWidget()
        # windowType(), not a flag test: Tool's bits include Window's, so every window
        # (the chapter editor's) would pass for a tool window of this one.
        tool = top.windowType() == Qt.WindowType.Tool
        return tool and owner is not None and owner.window() is self.parent()

    def _forget(self) -> None:
        self._watched = self._listened = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Let Ctrl+Z and Ctrl+Shift+Z through to the actions, past the widget's own undo."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            keys = QKeySequence(event.keyCombination())
            ours = [*self.undo_action.shortcuts(), *self.redo_action.shortcuts()]
            exact = QKeySequence.SequenceMatch.ExactMatch
            if any(keys.matches(shortcut) == exact for shortcut in ours):
                event.ignore()
                return True
        return False
