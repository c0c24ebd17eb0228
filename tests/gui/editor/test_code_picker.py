"""The code picker (Ctrl+Shift+C) never covers the words it is about to code."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from fieldjournal.gui.editor.code_picker import picker_dialog, place_clear_of, selection_rect

SCREEN = QRect(0, 0, 1024, 768)
PICKER = QSize(300, 120)


def test_below_the_words_when_there_is_room_else_above_else_beside() -> None:
    words = QRect(100, 100, 200, 20)
    below = QRect(place_clear_of(PICKER, words, SCREEN), PICKER)
    assert below.top() > words.bottom() and SCREEN.contains(below)
    near_bottom = QRect(100, 700, 200, 20)
    above = QRect(place_clear_of(PICKER, near_bottom, SCREEN), PICKER)
    assert above.bottom() < near_bottom.top() and SCREEN.contains(above)
    tall = QRect(0, 50, 500, 700)  # many lines selected: no room above or below
    beside = QRect(place_clear_of(PICKER, tall, SCREEN), PICKER)
    assert not beside.intersects(tall) and SCREEN.contains(beside)
    everything = QRect(0, 0, 1024, 768)
    assert SCREEN.contains(QRect(place_clear_of(PICKER, everything, SCREEN), PICKER))


def test_the_dialog_opens_clear_of_the_selection(qtbot: QtBot) -> None:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("\n".join(f"Line {n}: the chair spoke of trust" for n in range(40)))
    editor.resize(700, 500)
    editor.move(40, 40)
    editor.show()
    qtbot.waitExposed(editor)
    for line in (2, 14):  # near the top, then lower down
        cursor = editor.textCursor()
        cursor.setPosition(editor.document().findBlockByNumber(line).position() + 8)
        cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, 20)
        editor.setTextCursor(cursor)
        words = selection_rect(editor)
        assert words.width() > 20 and words.height() > 5
        dialog = picker_dialog(editor, ["Trust", "Trust/System trust"])
        dialog.show()
        qtbot.waitExposed(dialog)
        assert not dialog.frameGeometry().intersects(words), line
        assert dialog.comboBoxItems() == ["Trust", "Trust/System trust"]
        dialog.reject()
