"""Edit › Undo and Redo: the one place Ctrl+Z and Ctrl+Shift+Z are handled in the window.

Text widgets take Ctrl+Z for themselves before the window's shortcut sees it, so the Edit
menu could say "Undo Apply Trust" while the key undid something else. Here the key always
reaches these actions (a filter on the focused widget lets the shortcut through), and
each action does what its text says at that moment:

- a one-line field (title, site, attendees, the inspector's fields) with typing of its
  own to undo undoes that: "Undo typing in Site";
- everywhere else, the body included, the window's history: the body's typing, codings,
  links and codebook edits, in the order they were made.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget


def _own_field(widget: QWidget | None) -> QLineEdit | None:
    """The focused field whose typing has a history of its own, if it is one."""
    return widget if isinstance(widget, QLineEdit) and not widget.isReadOnly() else None


class EditActions(QObject):
    """``undo_action`` and ``redo_action`` for ``window``, following the focus."""

    def __init__(self, stack: QUndoStack, window: QWidget) -> None:
        super().__init__(window)
        self.stack, self.window = stack, window
        self.undo_action = QAction("&Undo", window)
        self.redo_action = QAction("&Redo", window)
        self.undo_action.triggered.connect(lambda _checked=False: self._do(undoing=True))
        self.redo_action.triggered.connect(lambda _checked=False: self._do(undoing=False))
        self._watched: QWidget | None = None
        for signal in (stack.indexChanged, stack.undoTextChanged, stack.redoTextChanged):
            signal.connect(self.refresh)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)
        self.refresh()

    # --- what the keys do --------------------------------------------------------------
    def _target(self, undoing: bool) -> tuple[str, Callable[[], None] | None]:
        """The action's text and what it does now (None: nothing to do)."""
        verb = "&Undo" if undoing else "&Redo"
        field = _own_field(self._watched)
        if field is not None and (field.isUndoAvailable() if undoing else field.isRedoAvailable()):
            name = field.accessibleName() or field.placeholderText() or "this field"
            return f"{verb} typing in {name}", field.undo if undoing else field.redo
        text = self.stack.undoText() if undoing else self.stack.redoText()
        able = self.stack.canUndo() if undoing else self.stack.canRedo()
        if not able:
            return verb, None
        return (f"{verb} {text}" if text else verb), self.stack.undo if undoing else self.stack.redo

    def refresh(self) -> None:
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
        watched = new if new is not None and new.window() is self.window else None
        if watched is not self._watched:
            if self._watched is not None:
                self._watched.removeEventFilter(self)
                if isinstance(self._watched, QLineEdit):
                    self._watched.textChanged.disconnect(self.refresh)
                self._watched.destroyed.disconnect(self._forget)
            self._watched = watched
            if watched is not None:
                watched.installEventFilter(self)
                watched.destroyed.connect(self._forget)
                if isinstance(watched, QLineEdit):
                    watched.textChanged.connect(self.refresh)
        self.refresh()

    def _forget(self) -> None:
        self._watched = None

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
