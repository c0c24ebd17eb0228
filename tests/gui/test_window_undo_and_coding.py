"""One history: Ctrl+Z undoes the body's typing, codings and links in the order they were
made, the coded segments follow the text both ways, and Edit › Undo says what Ctrl+Z does
where the focus is. Driven key by key, as the researcher types."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind
from fieldjournal.gui.editor.revision_dialog import RevisionDialog
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.workspace import Workspace
from tests.gui.helpers import CTRL, SHIFT, failures

CODE = "Transmission belt"


@dataclass
class Clock:
    """The history's clock: still unless a test lets time pass (a pause ends a step)."""

    now: float = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Desk:
    """The window with a fresh fieldnote open, the cursor in its body."""

    qtbot: QtBot
    window: MainWindow
    journal: Journal
    entry_id: str
    clock: Clock
    refused: list[str] = field(default_factory=list)

    @property
    def workspace(self) -> Workspace:
        assert self.window.workspace is not None
        return self.window.workspace

    def keys(self, text: str) -> None:
        self.qtbot.keyClicks(self.focused(), text)

    def key(
        self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        self.qtbot.keyClick(self.focused(), key, modifiers)

    def focused(self) -> object:
        widget = QApplication.focusWidget()
        assert widget is not None and widget.window() is self.window
        return widget

    def undo(self) -> None:
        self.key(Qt.Key.Key_Z, CTRL)

    def redo(self) -> None:
        self.key(Qt.Key.Key_Z, CTRL | SHIFT)

    def select_last_words(self, count: int) -> None:
        self.key(Qt.Key.Key_End, CTRL)
        for _ in range(count):
            self.key(Qt.Key.Key_Left, CTRL | SHIFT)

    def code_selection(self, path: str = CODE) -> None:
        self.workspace.coding.pick_code = lambda _widget, _paths: (path, True)
        self.key(Qt.Key.Key_C, CTRL | SHIFT)

    @property
    def text(self) -> str:
        return self.workspace.editor.body.toPlainText()

    def coded(self) -> list[str]:
        """The words of each coded segment, in the journal; the editor must paint the same."""
        entry = self.journal.get_entry(self.entry_id)
        words = sorted(s.text for s in entry.segments)
        if entry.body == self.text:
            painted = sorted(
                self.text[m.start : m.end] for m in self.workspace.coding.highlighter.marks
            )
            assert painted == words
        return words

    def menu(self) -> tuple[str, str]:
        actions = self.window.menu_actions
        return actions.undo_action.text(), actions.redo_action.text()

    def saved(self) -> str:
        return self.journal.get_entry(self.entry_id).body


@pytest.fixture
def desk(qtbot: QtBot, window: MainWindow, gui_journal: Journal) -> Iterator[Desk]:
    workspace = window.workspace
    assert workspace is not None
    clock = Clock()
    workspace.history.clock = clock
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is workspace.editor.body)
    desk = Desk(qtbot, window, gui_journal, entry.id, clock)
    desk.refused = failures(workspace.ops)
    yield desk
    assert desk.refused == []


def test_the_reported_sequence_keeps_the_coding(desk: Desk) -> None:
    desk.keys("Orla said the delivery arm")
    desk.select_last_words(2)
    desk.code_selection()
    assert desk.coded() == ["delivery arm"]
    assert desk.menu() == (f"&Undo Apply {CODE}", "&Redo")

    desk.undo()  # the cursor in the text: the last thing done goes first, the coding
    assert (desk.text, desk.coded()) == ("Orla said the delivery arm", [])
    assert desk.menu() == ("&Undo Typing", f"&Redo Apply {CODE}")

    desk.undo()  # then the typing, a word at a time
    assert (desk.text, desk.saved()) == ("Orla said the delivery ", "Orla said the delivery ")
    desk.redo()
    assert (desk.text, desk.coded()) == ("Orla said the delivery arm", [])
    assert desk.menu() == ("&Undo Typing", f"&Redo Apply {CODE}")

    desk.redo()
    assert desk.coded() == ["delivery arm"]
    assert desk.menu() == (f"&Undo Apply {CODE}", "&Redo")
    desk.window.menu_actions.undo_action.trigger()  # Edit › Undo does what it says
    assert desk.coded() == []


def test_type_code_type_undone_and_redone_in_order(desk: Desk) -> None:
    desk.keys("Board")
    desk.key(Qt.Key.Key_A, CTRL)
    desk.code_selection("Meeting")
    desk.key(Qt.Key.Key_End, CTRL)
    desk.keys(" met")
    done = [
        ("Board met", ["Board"], ("&Undo Typing", "&Redo")),
        ("Board", ["Board"], ("&Undo Apply Meeting", "&Redo Typing")),
        ("Board", [], ("&Undo Typing", "&Redo Apply Meeting")),
        ("", [], ("&Undo", "&Redo Typing")),
    ]
    assert (desk.text, desk.coded(), desk.menu()) == done[0]
    for state in done[1:]:
        desk.undo()
        assert (desk.text, desk.saved(), desk.coded(), desk.menu()) == (state[0], *state)
    for state in reversed(done[:-1]):
        desk.redo()
        assert (desk.text, desk.saved(), desk.coded(), desk.menu()) == (state[0], *state)


def test_a_pause_or_a_new_word_ends_a_step(desk: Desk) -> None:
    desk.keys("Rain at ")
    desk.clock.now += 5  # a pause in the middle of a word
    desk.keys("nine")
    desk.undo()
    assert desk.text == "Rain at "
    desk.undo()
    assert desk.text == "Rain "
    desk.undo()
    assert desk.text == ""


def test_deleting_coded_words_and_undoing_brings_the_coding_back(desk: Desk) -> None:
    desk.keys("Orla said the delivery arm")
    desk.select_last_words(2)
    desk.code_selection()
    (segment,) = desk.journal.get_entry(desk.entry_id).segments
    desk.select_last_words(3)
    desk.key(Qt.Key.Key_Backspace)
    assert desk.workspace.save()
    assert (desk.saved(), desk.coded()) == ("Orla said ", [])
    assert desk.menu()[0] == "&Undo Deletion"

    desk.undo()
    assert (desk.text, desk.coded()) == ("Orla said the delivery arm", ["delivery arm"])
    assert desk.journal.get_entry(desk.entry_id).segments[0].id == segment.id
    desk.undo()  # the coding, which exists again to be undone
    assert (desk.text, desk.coded()) == ("Orla said the delivery arm", [])
    desk.redo()
    desk.redo()
    assert (desk.saved(), desk.coded()) == ("Orla said ", [])
    desk.undo()
    assert desk.coded() == ["delivery arm"]


def test_undoing_a_partial_deletion_gives_the_coding_its_words_back(desk: Desk) -> None:
    desk.keys("Orla said the delivery arm")
    desk.select_last_words(2)
    desk.code_selection()
    desk.key(Qt.Key.Key_End, CTRL)
    for _ in range(3):
        desk.key(Qt.Key.Key_Left)
    for _ in range(len("delivery ")):
        desk.key(Qt.Key.Key_Backspace)
    assert desk.workspace.save()
    assert desk.coded() == ["arm"]
    desk.undo()
    assert (desk.text, desk.coded()) == ("Orla said the delivery arm", ["delivery arm"])
    desk.redo()
    assert (desk.text, desk.coded()) == ("Orla said the arm", ["arm"])


def test_typing_inside_a_coded_passage_is_undone_with_it(desk: Desk) -> None:
    desk.keys("the delivery arm")
    desk.key(Qt.Key.Key_A, CTRL)
    desk.code_selection()
    desk.key(Qt.Key.Key_Home, CTRL)
    desk.key(Qt.Key.Key_Right, CTRL)
    desk.keys("real ")
    assert desk.workspace.save()
    assert desk.coded() == ["the real delivery arm"]
    desk.undo()
    assert desk.coded() == ["the delivery arm"]
    desk.redo()
    assert desk.coded() == ["the real delivery arm"]


def test_letters_typed_inside_a_coded_word_join_it_when_saved_and_redone(desk: Desk) -> None:
    """Typing "an" inside "Orla" could be read as typing it after the word, where it stays
    outside the coding: the save must agree with the keys, as a redo does."""
    desk.keys("Orla said")
    desk.key(Qt.Key.Key_Home, CTRL)
    desk.key(Qt.Key.Key_Right, CTRL | SHIFT)
    desk.code_selection()
    desk.key(Qt.Key.Key_Home, CTRL)
    for _ in range(3):
        desk.key(Qt.Key.Key_Right)
    desk.keys("an")
    assert desk.workspace.save()
    assert (desk.saved(), desk.coded()) == ("Orlana said", ["Orlana"])
    desk.undo()
    assert desk.coded() == ["Orla"]
    desk.redo()
    assert desk.coded() == ["Orlana"]


def test_undo_of_typing_in_another_entry_opens_it(desk: Desk) -> None:
    desk.keys("First note")
    first = desk.entry_id
    other = desk.workspace.new_entry(EntryKind.FIELDNOTE)
    assert other is not None
    desk.keys("Second")
    desk.undo()
    assert desk.text == ""
    desk.undo()
    assert desk.workspace.editor.entry_id == first
    assert (desk.text, desk.saved()) == ("First ", "First ")


def test_the_edit_menu_follows_the_focus(desk: Desk) -> None:
    desk.keys("Rain")
    title = desk.workspace.editor.title
    title.setFocus()
    desk.qtbot.waitUntil(lambda: QApplication.focusWidget() is title)
    assert desk.menu()[0] == "&Undo Typing"  # the field has nothing of its own to undo
    desk.keys("Drop-in")
    assert desk.menu()[0] == "&Undo typing in Entry title"
    desk.undo()
    assert (title.text(), desk.text) == ("", "Rain")
    assert desk.menu()[0] == "&Undo Typing"
    desk.undo()  # nothing left in the field: the window's history
    assert desk.text == ""

    field = desk.workspace.inspector.actor_name
    field.setFocus()
    desk.keys("Ann Example")
    desk.key(Qt.Key.Key_Return)
    assert desk.journal.get_entry(desk.entry_id).actor_names == ["Ann Example"]
    assert desk.menu()[0] == "&Undo Link Ann Example"
    desk.undo()
    assert desk.journal.get_entry(desk.entry_id).actors == ()


def test_a_step_whose_text_changed_elsewhere_is_refused_and_dropped(desk: Desk) -> None:
    desk.keys("Rain")
    assert desk.workspace.save()
    desk.journal.entries.update(desk.entry_id, body="Sun")  # another program
    desk.workspace.editor.load(desk.journal.get_entry(desk.entry_id))
    refused = list(desk.refused)
    desk.undo()
    assert desk.text == "Sun"
    assert desk.refused[len(refused) :] == [
        "Cannot undo the typing: the text of “Sun” was changed since by other means "
        "(another program, an import)"
    ]
    assert desk.window.undo_stack.count() == 0
    desk.refused.clear()


def test_the_body_menu_undoes_what_ctrl_z_does(desk: Desk) -> None:
    desk.keys("Rain")
    menu = desk.workspace.coding.context_menu(QPoint(4, 4))
    undo = next(a for a in menu.actions() if a.objectName() == "edit-undo")
    assert (undo.text(), undo.isEnabled()) == ("&Undo Typing", True)
    undo.trigger()
    assert desk.text == ""
    redo = next(a for a in menu.actions() if a.objectName() == "edit-redo")
    assert redo.text() == "&Redo Typing"
    menu.deleteLater()


def test_restoring_an_earlier_text_is_a_step_of_the_history(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.keys("Orla said the delivery arm")
    desk.select_last_words(2)
    desk.code_selection()
    (segment,) = desk.journal.get_entry(desk.entry_id).segments
    (earlier,) = desk.journal.revisions(desk.entry_id)  # the empty note, before the typing
    monkeypatch.setattr(RevisionDialog, "ask_restore", lambda _r, _p: (earlier.id, True))
    desk.workspace.view_revision(earlier.id)
    assert (desk.text, desk.coded()) == ("", [])
    assert desk.menu()[0] == "&Undo Restore earlier text"

    desk.undo()  # the text it replaced comes back, coded as it was
    assert (desk.text, desk.coded()) == ("Orla said the delivery arm", ["delivery arm"])
    assert desk.journal.get_entry(desk.entry_id).segments[0].id == segment.id
    desk.undo()
    desk.undo()  # and the typing before it is still there to undo
    assert (desk.text, desk.coded()) == ("Orla said the delivery ", [])
    for _ in range(3):
        desk.redo()
    assert (desk.text, desk.coded()) == ("", [])


def test_an_at_completion_is_undone_after_its_link_and_before_the_typing(desk: Desk) -> None:
    desk.journal.add_actor("Bilal Moorcroft")
    body = desk.workspace.editor.body
    desk.keys("Spoke with @bil")
    desk.qtbot.waitUntil(body.popup().isVisible)
    desk.qtbot.keyClick(body.popup(), Qt.Key.Key_Return)
    assert [a.name for a in desk.journal.get_entry(desk.entry_id).actors] == ["Bilal Moorcroft"]
    assert desk.menu()[0] == "&Undo Link Bilal Moorcroft"
    desk.undo()
    assert (desk.text, desk.journal.get_entry(desk.entry_id).actors) == (
        "Spoke with Bilal Moorcroft",
        (),
    )
    desk.undo()
    assert desk.text == "Spoke with @bil"
    desk.redo()
    desk.redo()
    assert desk.text == "Spoke with Bilal Moorcroft"
    assert [a.name for a in desk.journal.get_entry(desk.entry_id).actors] == ["Bilal Moorcroft"]
