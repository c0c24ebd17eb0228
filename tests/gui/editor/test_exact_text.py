"""The body editor gives back exactly the text it was given: every Unicode line-breaking
character (U+2028, U+2029, U+0085, U+000B, U+000C, U+001C–U+001E, CR), no-break spaces,
and the positions of coded segments after them, through opening, typing, saving, undo,
paste and copy."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.gui.editor.body_edit import BodyEdit
from fieldjournal.gui.main_window import MainWindow

BREAKS = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e\r\n"
MINUTES = (
    "Item 1\u2029Orla\u00a0Penhale chaired.\x0cItem 2\u2028Tam\x85spoke\r\nthen\x1cvoted\x1d\x1e."
)


@given(st.text(alphabet=st.sampled_from(BREAKS + "ab \u00a0é👋🏽"), max_size=40))
def test_every_line_break_survives_the_editor(qapp: QApplication, text: str) -> None:
    editor = BodyEdit()
    editor.setPlainText(text)
    assert editor.toPlainText() == text
    assert editor.document().characterCount() - 1 == len(text.encode("utf-16-le")) // 2


def test_an_entry_opened_typed_in_and_saved_keeps_its_separators(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    entry = gui_journal.add_entry(title="Minutes", body=MINUTES)
    start = MINUTES.index("Tam")
    coded = gui_journal.code_segment(entry.id, "Voice", start, start + 3)
    workspace = window.workspace
    assert workspace is not None
    workspace.open_entry(entry.id)
    body = workspace.editor.body
    assert body.toPlainText() == MINUTES
    assert workspace.editor.save_now()
    assert gui_journal.get_entry(entry.id).body == MINUTES  # opened and saved: unchanged
    cursor = body.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    body.setTextCursor(cursor)
    qtbot.keyClicks(body, " Agreed.")
    assert workspace.editor.save_now()
    saved = gui_journal.get_entry(entry.id)
    assert saved.body == MINUTES + " Agreed."
    (segment,) = [s for s in saved.segments if s.id == coded.id]
    assert saved.body[segment.start : segment.end] == "Tam"  # no offset moved
    window.menu_actions.undo_action.trigger()  # the typing undone: the text as it was
    qtbot.waitUntil(lambda: gui_journal.get_entry(entry.id).body == MINUTES, timeout=5000)
    assert body.toPlainText() == MINUTES


def test_pasted_and_copied_text_keeps_its_separators(qtbot: QtBot) -> None:
    editor = BodyEdit()
    qtbot.addWidget(editor)
    pasted = QMimeData()
    pasted.setText(MINUTES)
    editor.insertFromMimeData(pasted)
    assert editor.toPlainText() == MINUTES
    editor.selectAll()
    assert editor.createMimeDataFromSelection().text() == MINUTES
