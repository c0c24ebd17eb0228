"""Coding in a real QPlainTextEdit: selection, menu, shortcuts, drops, marks, emoji."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QAction,
    QDropEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QUndoStack,
)
from PySide6.QtWidgets import QApplication, QMenu, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.records import Entry
from fieldjournal.gui.codebook.tree_model import code_mime
from fieldjournal.gui.editor.coding import CodingController, install_coding
from fieldjournal.gui.operations import Operations
from tests.gui.helpers import failures

BODY = "👋🏽 Orla said 𝔗he CVS was a 'delivery arm' 🙂 and Tam nodded.\nSecond 🌍 line ends here."


def u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j") as j:
        j.add_code("Trust/System trust", colour="#2d9cdb")
        j.add_code("Power", colour="#eb5757")
        yield j


@pytest.fixture
def entry(journal: Journal) -> Entry:
    return journal.add_entry(title="Board", body=BODY)


@pytest.fixture
def coding(qtbot: QtBot, journal: Journal, entry: Entry) -> CodingController:
    editor = QPlainTextEdit()
    editor.setAccessibleName("Entry body")
    qtbot.addWidget(editor)
    editor.resize(520, 240)
    editor.setPlainText(entry.body)
    controller = install_coding(editor, Operations(journal), QUndoStack(editor), lambda: entry.id)
    editor.show()
    qtbot.waitExposed(editor)
    return controller


def select(editor: QPlainTextEdit, words: str) -> None:
    text = editor.toPlainText()
    start = u16(text[: text.index(words)])
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + u16(words), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def action(menu: QMenu, text: str) -> QAction | None:
    for act in menu.actions():
        if act.text().split("\t")[0] == text:
            return act
        submenu = act.menu()  # typed as QObject: QAction.menu() is a template in C++
        if isinstance(submenu, QMenu):
            found = action(submenu, text)
            if found is not None:
                return found
    return None


def point_of(editor: QPlainTextEdit, words: str) -> QPoint:
    text = editor.toPlainText()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(u16(text[: text.index(words)]) + 1)
    return editor.cursorRect(cursor).center()


def test_context_menu_codes_selection_with_astral_characters(
    coding: CodingController, journal: Journal, entry: Entry
) -> None:
    select(coding.editor, "delivery arm")
    menu = coding.context_menu(QPoint(5, 5))
    act = action(menu, "System trust")
    assert act is not None
    act.trigger()
    (segment,) = journal.get_entry(entry.id).segments
    assert (segment.text, segment.start) == ("delivery arm", BODY.index("delivery arm"))
    (mark,) = coding.highlighter.marks
    assert (mark.start, mark.end) == (
        u16(BODY[: BODY.index("delivery arm")]),
        u16(BODY[: BODY.index("delivery arm")]) + 12,
    )
    assert mark.colour == "#2d9cdb"
    assert coding.recent == ["Trust/System trust"]
    coding.undo_stack.undo()
    assert journal.get_entry(entry.id).segments == ()
    assert coding.highlighter.marks == []
    coding.undo_stack.redo()
    assert len(journal.get_entry(entry.id).segments) == 1


def test_selection_of_an_astral_word_and_trimmed_spaces(
    coding: CodingController, journal: Journal, entry: Entry
) -> None:
    select(coding.editor, " 𝔗he CVS ")
    assert coding.apply_code("Power")
    (segment,) = journal.get_entry(entry.id).segments
    assert segment.text == "𝔗he CVS"


def test_marks_follow_typing_and_match_the_journal_after_save(
    coding: CodingController, journal: Journal, entry: Entry
) -> None:
    editor = coding.editor
    select(editor, "delivery arm")
    coding.apply_code("Power")
    select(editor, "Orla said")
    coding.apply_code("Trust/System trust")
    before = sorted((m.start, m.end) for m in coding.highlighter.marks)
    cursor = editor.textCursor()
    cursor.setPosition(0)
    cursor.insertText("🐝 Note: ")  # 8 code points, 9 UTF-16 units
    shifted = sorted((m.start, m.end) for m in coding.highlighter.marks)
    assert shifted == [(s + 9, e + 9) for s, e in before]
    text = editor.toPlainText()
    inside = u16(text[: text.index("arm")])
    cursor.setPosition(inside)
    cursor.insertText("🙂")  # inside the mark: it grows
    power = next(m for m in coding.highlighter.marks if m.code_path == "Power")
    assert power.end - power.start == 14
    local = sorted((m.start, m.end) for m in coding.highlighter.marks)
    journal.update_entry(entry.id, body=editor.toPlainText())  # what autosave does
    assert sorted((m.start, m.end) for m in coding.highlighter.marks) == local
    texts = sorted(s.text for s in journal.get_entry(entry.id).segments)
    assert texts == ["Orla said", "delivery 🙂arm"]


def test_deleting_the_words_drops_the_mark_and_format_changes_do_not_move_it(
    coding: CodingController,
) -> None:
    editor = coding.editor
    select(editor, "Tam nodded")
    coding.apply_code("Power")

    class Bold(QSyntaxHighlighter):
        def highlightBlock(self, text: str) -> None:
            fmt = QTextCharFormat()
            fmt.setFontWeight(700)
            self.setFormat(0, min(3, len(text)), fmt)

    before = [(m.start, m.end) for m in coding.highlighter.marks]
    Bold(editor.document()).rehighlight()
    assert [(m.start, m.end) for m in coding.highlighter.marks] == before
    select(editor, "Tam nodded")
    editor.textCursor().removeSelectedText()
    assert coding.highlighter.marks == []


def test_remove_coding_from_the_menu_and_tooltip(
    coding: CodingController, journal: Journal, entry: Entry
) -> None:
    select(coding.editor, "delivery arm")
    coding.apply_code("Power")
    assert not coding.editor.textCursor().hasSelection()  # collapsed: a key adds, not replaces
    select(coding.editor, "delivery arm")
    coding.apply_code("Trust/System trust")
    point = point_of(coding.editor, "delivery arm")
    assert coding.highlighter.tooltip_at(point) == "Coded: Power, Trust/System trust"
    assert {m.band for m in coding.highlighter.marks} == {0, 1}
    menu = coding.context_menu(point)
    remove = action(menu, "Power: “delivery arm”")
    assert remove is not None
    remove.trigger()
    assert [s.code_path for s in journal.get_entry(entry.id).segments] == ["Trust/System trust"]
    coding.undo_stack.undo()
    assert len(journal.get_entry(entry.id).segments) == 2
    assert coding.highlighter.tooltip_at(QPoint(2, 200)) == ""


def test_recent_shortcuts_quick_pick_and_new_code(
    qtbot: QtBot,
    coding: CodingController,
    journal: Journal,
    entry: Entry,
) -> None:
    editor = coding.editor
    select(editor, "Orla")
    coding.apply_code("Power")
    select(editor, "Tam")
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    qtbot.keyClick(editor, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert [s.text for s in journal.get_entry(entry.id).segments] == ["Orla", "Tam"]
    offered: list[list[str]] = []

    def pick(_parent: QWidget, paths: list[str]) -> tuple[str, bool]:
        offered.append(paths)
        return "Trust/System trust", True

    coding.pick_code = pick
    select(editor, "nodded")
    qtbot.keyClick(
        editor,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert offered[0][0] == "Power"
    assert "nodded" in [s.text for s in journal.get_entry(entry.id).segments]
    select(editor, "Second")
    coding.ask_new_code = lambda _w: ("Place/Earth", True)
    menu = coding.context_menu(QPoint(3, 3))
    new = action(menu, "&New code…")
    assert new is not None
    new.trigger()
    assert journal.get_code("Place/Earth").segment_count == 1
    coding.undo_stack.undo()
    assert "Place/Earth" not in [c.path for c in journal.list_codes()]
    errors = failures(coding.ops)
    assert not coding.apply_recent(7)
    assert "number 7" in errors[0]


def test_dropping_a_code_onto_a_selection(
    coding: CodingController, journal: Journal, entry: Entry
) -> None:
    viewport = coding.editor.viewport()
    select(coding.editor, "Second 🌍 line")
    point = QPointF(point_of(coding.editor, "Second"))
    mime = code_mime(["Power", "Trust/System trust"])
    for kind in (QDropEvent.Type.DragEnter, QDropEvent.Type.DragMove):
        event = QDropEvent(
            point,
            Qt.DropAction.CopyAction | Qt.DropAction.MoveAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            kind,
        )
        QApplication.sendEvent(viewport, event)
        assert event.isAccepted()
    drop = QDropEvent(
        point,
        Qt.DropAction.CopyAction | Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, drop)
    segments = journal.get_entry(entry.id).segments
    assert sorted((s.code_path, s.text) for s in segments) == [
        ("Power", "Second 🌍 line"),
        ("Trust/System trust", "Second 🌍 line"),
    ]
    cursor = coding.editor.textCursor()  # both codes took the words; then it collapsed
    assert not cursor.hasSelection()
    assert cursor.position() == u16(BODY[: BODY.index("Second 🌍 line") + len("Second 🌍 line")])
    coding.undo_stack.undo()  # one macro for both codes
    assert journal.get_entry(entry.id).segments == ()
    plain = QMimeData()
    plain.setText("just text")
    event = QDropEvent(
        point,
        Qt.DropAction.CopyAction,
        plain,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QDropEvent.Type.DragEnter,
    )
    assert not coding.eventFilter(viewport, event)


@pytest.mark.parametrize("how", ["picker", "recent", "drop"])
def test_a_key_typed_after_coding_keeps_the_coded_words(
    qtbot: QtBot, coding: CodingController, journal: Journal, entry: Entry, how: str
) -> None:
    """Select by keyboard, code, type: the key goes after the words, which stay coded."""
    editor = coding.editor
    if how == "recent":
        select(editor, "Orla")
        coding.apply_code("Power")
    coding.pick_code = lambda _parent, _paths: ("Power", True)
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    select(editor, "Tam")
    cursor = editor.textCursor()
    cursor.setPosition(cursor.selectionStart())
    editor.setTextCursor(cursor)
    for _ in "Tam nodded":
        qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert editor.textCursor().selectedText() == "Tam nodded"
    if how == "picker":
        qtbot.keyClick(
            editor,
            Qt.Key.Key_C,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    elif how == "recent":
        qtbot.keyClick(editor, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    else:
        coding.drop_codes(["Power"], point_of(editor, "Orla"))  # the selection, not "Orla"
    qtbot.keyClick(editor, Qt.Key.Key_X)
    assert "Tam noddedx." in editor.toPlainText()
    assert "Tam nodded" in [s.text for s in journal.get_entry(entry.id).segments]


def test_coding_when_the_editor_is_ahead_of_the_journal(
    coding: CodingController, journal: Journal, entry: Entry
) -> None:
    editor = coding.editor
    cursor = editor.textCursor()
    cursor.setPosition(0)
    cursor.insertText("Unsaved 🎈 preface. ")
    select(editor, "Tam nodded")
    assert coding.apply_code("Power")
    (segment,) = journal.get_entry(entry.id).segments
    assert (segment.start, segment.text) == (BODY.index("Tam nodded"), "Tam nodded")
    (mark,) = coding.highlighter.marks
    text = editor.toPlainText()
    assert mark.start == u16(text[: text.index("Tam nodded")])
    select(editor, "preface")
    errors = failures(coding.ops)
    assert not coding.apply_code("Power")
    assert "not saved yet" in errors[0]
    saved: list[bool] = []

    def flush() -> bool:
        saved.append(True)
        journal.update_entry(entry.id, body=editor.toPlainText())
        return True

    coding.ops.set_flush(flush)  # the runner saves what is typed before it codes
    assert coding.apply_code("Power")
    assert saved == [True]


def test_loading_another_entry_repaints_its_marks(
    qtbot: QtBot,
    journal: Journal,
    entry: Entry,
) -> None:
    other = journal.add_entry(body="🦉 Owls at dusk")
    journal.code_segment(other.id, "Power", 2, 6)
    current = {"id": entry.id}
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText(entry.body)
    coding = install_coding(editor, Operations(journal), QUndoStack(), lambda: current["id"])
    assert coding.highlighter.marks == []
    current["id"] = other.id
    editor.setPlainText(other.body)
    qtbot.waitUntil(lambda: len(coding.highlighter.marks) == 1)
    assert (coding.highlighter.marks[0].start, coding.highlighter.marks[0].end) == (3, 7)
