"""Alt+letter in a text editor: a menu's or a field's key, never a letter to type.

Qt hands an editor the Alt+letter keys that no menu or visible field took (Alt+A in a
fieldnote, whose Attendees row is hidden), and a plain-text editor types their letter.
Editors ask :func:`unclaimed_mnemonic` first and ignore such a key. Not on macOS, where
Option (Qt's Alt) types accented letters and menus have no mnemonics; Ctrl+Alt is AltGr
on Windows, which types too.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT_TYPES = sys.platform == "darwin"


def unclaimed_mnemonic(event: QKeyEvent) -> bool:
    """``event`` is an Alt+letter key no shortcut took: the editor must not type it."""
    modifiers, text = event.modifiers(), event.text()
    return (
        not ALT_TYPES
        and bool(modifiers & ALT)
        and not modifiers & CTRL
        and bool(text)
        and text.isprintable()
    )
