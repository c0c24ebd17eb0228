"""Coding, codebook and actors mounted in the real main window, undone with its stack."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.gui.codebook.tree_model import code_mime
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.workspace import TAB_ACTORS, TAB_CODES, TAB_TIMELINE, Workspace
from tests.gui.helpers import failures, press

BODY = "🌧️ Rain. Orla said the CVS is 'the delivery arm' 🙂 of the programme."


def u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def open_with_selection(workspace: Workspace, journal: Journal, words: str) -> str:
    entry = journal.add_entry(title="Board", body=BODY, occurred_at="2016-04-05T10:00:00+01:00")
    workspace.open_entry(entry.id)
    body = workspace.editor.body
    start = u16(BODY[: BODY.index(words)])
    cursor = body.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + u16(words), QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)
    return entry.id


def test_code_by_selection_then_undo_redo_with_the_window_keys(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    gui_journal.add_code("Transmission belt", colour="#27ae60")
    entry_id = open_with_selection(workspace, gui_journal, "the delivery arm")
    menu = workspace.coding.context_menu(QPoint(4, 4))
    apply_menu = next(a.menu() for a in menu.actions() if a.menu() is not None)
    assert isinstance(apply_menu, QMenu)  # typed as QObject: QAction.menu() is a C++ template
    next(a for a in apply_menu.actions() if a.text() == "Transmission belt").trigger()
    (segment,) = gui_journal.get_entry(entry_id).segments
    assert (segment.text, segment.start) == ("the delivery arm", BODY.index("the delivery arm"))
    assert window.menu_actions.undo_action.text() == "&Undo Apply Transmission belt"
    workspace.tabs.tabBar().setFocus()  # in the body, Ctrl+Z undoes typing instead
    qtbot.waitUntil(lambda: QApplication.focusWidget() is workspace.tabs.tabBar())
    press(qtbot, window, Qt.Key.Key_Z)
    assert gui_journal.get_entry(entry_id).segments == ()
    assert workspace.coding.highlighter.marks == []
    press(
        qtbot,
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(gui_journal.get_entry(entry_id).segments) == 1
    qtbot.waitUntil(lambda: len(workspace.coding.highlighter.marks) == 1)
    workspace.inspector.segment_selected.emit(segment.start, segment.end)
    assert workspace.editor.body.textCursor().selectedText() == "the delivery arm"


def test_drag_from_the_codebook_onto_the_editor(window: MainWindow, gui_journal: Journal) -> None:
    workspace = window.workspace
    assert workspace is not None
    gui_journal.add_code("Power/Control")
    entry_id = open_with_selection(workspace, gui_journal, "Orla said")
    model = workspace.codebook.model
    mime = model.mimeData([model.index_of("Power/Control")])
    viewport = workspace.editor.body.viewport()
    errors = failures(workspace.ops)
    for kind in (QDropEvent.Type.DragEnter, QDropEvent.Type.Drop):  # Qt drops on the target
        event = QDropEvent(  # that accepted the drag's entry
            QPointF(10, 10),
            Qt.DropAction.CopyAction | Qt.DropAction.MoveAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            kind,
        )
        QApplication.sendEvent(viewport, event)
        assert event.isAccepted()
    assert errors == []
    assert [s.text for s in gui_journal.get_entry(entry_id).segments] == ["Orla said"]
    assert model.index_of("Power/Control").siblingAtColumn(2).data() == 1
    assert code_mime(["x"]).formats() == mime.formats()


def test_links_trash_and_codebook_edits_share_the_window_history(
    window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry_id = open_with_selection(workspace, gui_journal, "Orla")
    workspace.inspector.link_actor.emit("Orla Penhale", "present")
    workspace.inspector.add_code.emit("Trust")
    assert gui_journal.get_entry(entry_id).actor_names == ["Orla Penhale"]
    workspace.codebook.select_code("Trust")
    workspace.codebook.ask_text = lambda *_: ("Faith", True)
    workspace.codebook.actions_by_name["child"].trigger()
    workspace.trash_current()
    assert gui_journal.get_entry(entry_id).deleted_at is not None
    stack = window.undo_stack
    assert stack.count() == 4
    for _ in range(4):
        stack.undo()
    entry = gui_journal.get_entry(entry_id)
    assert (entry.deleted_at, entry.actors, entry.codes) == (None, (), ())
    assert gui_journal.list_codes() == []  # the code the entry coding created goes too


def test_apply_code_is_in_the_code_menu(window: MainWindow, gui_journal: Journal) -> None:
    workspace = window.workspace
    assert workspace is not None
    gui_journal.add_code("Voice")
    entry_id = open_with_selection(workspace, gui_journal, "Rain")
    action = workspace.coding.apply_action
    assert action in window.menu_actions.code_menu.actions()
    assert action.shortcut().toString() == "Ctrl+Shift+C"
    workspace.coding.pick_code = lambda _w, paths: ("Voice", "Voice" in paths)
    action.trigger()
    assert [s.text for s in gui_journal.get_entry(entry_id).segments] == ["Rain"]


def test_codes_and_actors_tabs(qtbot: QtBot, window: MainWindow, gui_journal: Journal) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry = gui_journal.add_entry(title="Drop-in", body="x", actors=["Tam Rudd"], codes=["Voice"])
    gui_journal.add_entry(title="Other", body="y")
    assert workspace.tabs.tabText(TAB_CODES) == "Codes"
    assert workspace.tabs.tabText(TAB_ACTORS) == "Actors"
    workspace.editor.body.setFocus()
    press(qtbot, window, Qt.Key.Key_5)
    assert workspace.tabs.currentIndex() == TAB_CODES
    workspace.codebook.code_activated.emit("Voice")
    assert workspace.tabs.currentIndex() == TAB_TIMELINE
    qtbot.waitUntil(lambda: workspace.timeline.model.total == 1)
    press(qtbot, window, Qt.Key.Key_6)
    assert workspace.tabs.currentIndex() == TAB_ACTORS
    workspace.actors.select_actor(gui_journal.get_actor("Tam Rudd").id)
    workspace.actors.linked.activated.emit(workspace.actors.linked_model.index(0, 0))
    assert workspace.editor.entry_id == entry.id
