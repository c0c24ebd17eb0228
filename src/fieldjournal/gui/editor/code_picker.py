"""The quick code picker (Ctrl+Shift+C), placed clear of the words being coded.

A dialog centred on the editor hid the very selection the researcher was coding, so
they could not check what they were about to code. The picker goes below the
selection when there is room on the screen, else above it, else beside it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog, QPlainTextEdit, QWidget

GAP = 6  # pixels between the words and the picker


def selection_rect(editor: QPlainTextEdit) -> QRect:
    """The selected words' visible area on screen (global coordinates)."""
    cursor = editor.textCursor()
    at = QTextCursor(cursor)
    at.setPosition(cursor.selectionStart())
    first = editor.cursorRect(at)
    at.setPosition(cursor.selectionEnd())
    last = editor.cursorRect(at)
    viewport = editor.viewport()
    if first.top() == last.top():  # one line: from the first word to the last
        area = QRect(QPoint(first.left(), first.top()), QPoint(last.right(), last.bottom()))
    else:  # several lines: the full width of the lines they span
        area = QRect(QPoint(0, first.top()), QPoint(viewport.width() - 1, last.bottom()))
    area = area.intersected(viewport.rect())
    return QRect(viewport.mapToGlobal(area.topLeft()), area.size())


def place_clear_of(size: QSize, avoid: QRect, screen: QRect) -> QPoint:
    """Where a window of ``size`` goes on ``screen`` without covering ``avoid``."""

    def inside(left: int, top: int) -> QRect:
        left = max(screen.left(), min(left, screen.right() - size.width() + 1))
        top = max(screen.top(), min(top, screen.bottom() - size.height() + 1))
        return QRect(QPoint(left, top), size)

    candidates = (
        inside(avoid.left(), avoid.bottom() + 1 + GAP),  # below
        inside(avoid.left(), avoid.top() - GAP - size.height()),  # above
        inside(avoid.right() + 1 + GAP, avoid.top()),  # to the right
        inside(avoid.left() - GAP - size.width(), avoid.top()),  # to the left
    )
    for place in candidates:
        if not place.intersects(avoid):
            return place.topLeft()
    return candidates[0].topLeft()  # the words fill the screen: below, as far as it goes


def picker_dialog(parent: QWidget, paths: list[str]) -> QInputDialog:
    """The picker, sized and moved clear of ``parent``'s selection when it is an editor."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Apply code")
    dialog.setLabelText("Code (type to filter):")
    dialog.setComboBoxItems(paths)
    dialog.setComboBoxEditable(True)
    dialog.setAccessibleName("Apply code")
    dialog.adjustSize()
    if isinstance(parent, QPlainTextEdit) and parent.textCursor().hasSelection():
        screen = (parent.screen() or QApplication.primaryScreen()).availableGeometry()
        frame = dialog.frameGeometry().size().expandedTo(dialog.sizeHint())
        dialog.move(place_clear_of(frame, selection_rect(parent), screen))
    return dialog


def pick_code(parent: QWidget, paths: list[str]) -> tuple[str, bool]:
    dialog = picker_dialog(parent, paths)
    accepted = bool(dialog.exec())
    return dialog.textValue(), accepted
