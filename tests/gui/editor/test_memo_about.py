"""A memo's About list in the inspector: add and remove entries, actors and codes; drop entries."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind, MemoTarget
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.timeline.model import ENTRY_ID_ROLE


def _about(journal: Journal, memo_id: str) -> list[tuple[str, str]]:
    return [(link.target_type.value, link.label) for link in journal.get_entry(memo_id).memo_links]


def test_a_memo_is_about_entries_actors_and_codes(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_actor("Ann Example")
    gui_journal.add_code("Trust/System")
    board = gui_journal.add_entry(title="Board meeting", body="Minutes.", occurred_at="2016-04-05")
    drop_in = gui_journal.add_entry(title="Drop-in", body="Tea.", occurred_at="2016-04-06")
    workspace = window.workspace
    assert workspace is not None
    workspace.open_entry(board.id)
    memo = workspace.new_entry(EntryKind.MEMO)  # about the open entry
    assert memo is not None
    inspector = workspace.inspector
    about = inspector.about
    assert about.isVisible() and not inspector.memos.isVisible()
    assert inspector.memos_box.title() == "About" and about.list.count() == 1

    for kind, typed in ((MemoTarget.ACTOR, "Ann Example"), (MemoTarget.CODE, "Trust/System")):
        about.kind.setCurrentIndex(about.kind.findData(kind))
        qtbot.keyClicks(about.target, typed)
        qtbot.keyClick(about.target, Qt.Key.Key_Return)
    about.kind.setCurrentIndex(about.kind.findData(MemoTarget.ENTRY))
    offered = about.target.completer().model().stringList()  # type: ignore[attr-defined]
    assert any(label.startswith("Drop-in") for label in offered)
    assert not any(label.startswith("Untitled") for label in offered)  # not the memo itself
    assert sorted(_about(gui_journal, memo.id)) == [
        ("actor", "Ann Example"),
        ("code", "Trust/System"),
        ("entry", "Board meeting"),
    ]
    assert about.list.count() == 3  # the list shows what the journal holds

    # an entry dragged from the timeline onto the list
    timeline = workspace.timeline
    row = timeline.model.row_of(drop_in.id)
    mime = timeline.model.mimeData([timeline.model.index(row, 0)])
    assert not mime.hasText()  # dropped into a text field it types nothing
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    about.list.dropEvent(drop)
    assert ("entry", "Drop-in") in _about(gui_journal, memo.id)
    assert [m.id for m in gui_journal.memos_about(MemoTarget.ENTRY, drop_in.id)] == [memo.id]

    # remove the actor, then undo and redo that
    actor_row = next(
        i for i in range(about.list.count()) if about.list.item(i).text() == "actor: Ann Example"
    )
    about.list.setCurrentRow(actor_row)
    about.remove_button.click()
    assert ("actor", "Ann Example") not in _about(gui_journal, memo.id)
    window.undo_stack.undo()
    assert ("actor", "Ann Example") in _about(gui_journal, memo.id)
    window.undo_stack.undo()  # the drop
    assert ("entry", "Drop-in") not in _about(gui_journal, memo.id)
    window.undo_stack.redo()
    assert ("entry", "Drop-in") in _about(gui_journal, memo.id)

    # an entry that is not a memo lists its memos instead
    workspace.open_entry(drop_in.id)
    assert not about.isVisible() and inspector.memos.count() == 1
    assert timeline.model.index(row, 0).data(ENTRY_ID_ROLE) == drop_in.id


def test_linking_what_is_linked_already_leaves_nothing_to_undo(
    window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_actor("Ann Example")
    workspace = window.workspace
    assert workspace is not None
    memo = workspace.new_entry(EntryKind.MEMO)
    assert memo is not None
    edits = workspace.edits
    assert edits.link_memo(memo.id, MemoTarget.ACTOR, "Ann Example")
    assert edits.link_memo(memo.id, MemoTarget.ACTOR, "ann example")
    window.undo_stack.undo()  # the second link found it linked: undoing it keeps the link
    assert _about(gui_journal, memo.id) == [("actor", "Ann Example")]
    window.undo_stack.undo()
    assert _about(gui_journal, memo.id) == []
