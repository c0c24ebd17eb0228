"""Small helpers shared by the GUI tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from fieldjournal.gui.operations import Operations

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def press(
    qtbot: QtBot, widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = CTRL
) -> None:
    """A shortcut as the researcher presses it: sent to the focused widget of the window."""
    target = widget.focusWidget() or widget
    qtbot.keyClick(target, key, modifiers)


def failures(ops: Operations) -> list[str]:
    """The messages of the actions ``ops`` reports as refused, as they come."""
    seen: list[str] = []
    ops.failed.connect(lambda error, _loud, _initiator: seen.append(str(error)))
    return seen


def retype(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Replace what ``field`` holds by ``text``, typed: focus, Ctrl+A, the keys."""
    target = field.focusProxy() or field
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(target, text)
