"""Any mix of typing, deleting, coding, undo and redo in the window's one history: undo
and redo bring back exactly the text and the segments that were there, nothing is ever
refused, and every segment lies on its words. Hypothesis drives the real window."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtGui import QTextCursor

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind
from fieldjournal.gui.main_window import MainWindow
from tests.gui.helpers import failures

WORDS = st.sampled_from(["Orla ", "said ", "the ", "arm", ".", "\n", "x"])
WHERE = st.sampled_from([0, 0.2, 0.4, 0.5, 0.6, 0.8, 1])
LENGTH = st.sampled_from([1, 3, 5, 9, 40])
SENTENCE = "Orla said the delivery arm of the board."
State = tuple[str, tuple[tuple[str, str, int, int], ...]]


class HistoryMachine(RuleBasedStateMachine):
    def __init__(self, window: MainWindow, journal: Journal) -> None:
        super().__init__()
        workspace = window.workspace
        assert workspace is not None
        self.workspace, self.journal = workspace, journal
        self.stack = window.undo_stack
        # Edit › Undo and Redo, as the menu and the keys run them (the focus is in the body)
        self.undo_action = window.menu_actions.undo_action
        self.redo_action = window.menu_actions.redo_action
        self.body = workspace.editor.body
        self.now = 0.0
        workspace.history.clock = lambda: self.now
        self.refused = failures(workspace.ops)

    @initialize(coded=st.sampled_from(["Orla", "the delivery arm", "board.", "said the"]))
    def open_a_coded_note(self, coded: str) -> None:
        """Each run starts from a typed note with a coding, the situation of the report."""
        entry = self.workspace.new_entry(EntryKind.FIELDNOTE)
        assert entry is not None
        self.entry_id = entry.id
        self.body.insertPlainText(SENTENCE)
        self.stack.clear()
        self.states: list[State | None] = [self.saved_state()]
        start = SENTENCE.index(coded)
        self.code_words(start, start + len(coded), "Voice")

    def saved_state(self) -> State:
        assert self.workspace.save()  # what the runner does before an undo or redo
        entry = self.journal.get_entry(self.entry_id)
        assert entry.body == self.body.toPlainText()
        segments = tuple(sorted((s.id, s.code_path, s.start, s.end) for s in entry.segments))
        return entry.body, segments

    def at(self, where: float) -> int:
        return round(where * len(self.body.toPlainText()))

    def after_edit(self, before: int) -> None:
        """An edit made a step, or joined the last one. What could be redone is gone;
        the step is undone and redone at once, which must give back both states."""
        index = self.stack.index()
        assert index in (before, before + 1)
        del self.states[index:]
        self.states.append(self.saved_state())
        if index:
            self.replay(self.undo_action.trigger, -1)
            self.replay(self.redo_action.trigger, +1)

    # --- what the researcher does ------------------------------------------------------
    @rule(where=WHERE, words=WORDS, pause=st.booleans())
    def type(self, where: float, words: str, pause: bool) -> None:
        self.now += 5 if pause else 0.1
        cursor = self.body.textCursor()
        cursor.setPosition(self.at(where))
        self.body.setTextCursor(cursor)
        before = self.stack.index()
        cursor.insertText(words)
        self.after_edit(before)

    def span(self, where: float, length: int) -> tuple[int, int]:
        start = self.at(where)
        return start, min(start + length, len(self.body.toPlainText()))

    @rule(where=WHERE, length=LENGTH)
    def delete(self, where: float, length: int) -> None:
        start, end = self.span(where, length)
        if start == end:
            return
        self.now += 0.1
        cursor = self.body.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        before = self.stack.index()
        cursor.removeSelectedText()
        self.after_edit(before)

    @rule(where=WHERE, length=LENGTH, path=st.sampled_from(["Trust", "Power"]))
    def code(self, where: float, length: int, path: str) -> None:
        start, end = self.span(where, length)
        text = self.body.toPlainText()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        entry = self.journal.get_entry(self.entry_id)
        taken = {(s.code_path, s.start, s.end) for s in entry.segments}
        if start < end and (path, start, end) not in taken:
            self.code_words(start, end, path)

    def code_words(self, start: int, end: int, path: str) -> None:
        cursor = self.body.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.body.setTextCursor(cursor)
        before = self.stack.index()
        assert self.workspace.coding.apply_code(path)
        self.after_edit(before)

    @precondition(lambda self: self.stack.canUndo())
    @rule()
    def undo(self) -> None:
        self.replay(self.undo_action.trigger, -1)

    @precondition(lambda self: self.stack.canRedo())
    @rule()
    def redo(self) -> None:
        self.replay(self.redo_action.trigger, +1)

    def replay(self, step: Any, direction: int) -> None:
        index = self.stack.index()
        self.states[index] = self.states[index] or self.saved_state()
        step()
        assert self.stack.index() == index + direction
        state = self.saved_state()
        expected = self.states[index + direction]
        if expected is None:
            self.states[index + direction] = state
        else:
            assert state == expected

    # --- always ------------------------------------------------------------------------
    @invariant()
    def nothing_refused_and_every_segment_on_its_words(self) -> None:
        assert self.refused == []
        entry = self.journal.get_entry(self.entry_id)
        for segment in entry.segments:
            assert segment.text.strip()
            assert entry.body[segment.start : segment.end] == segment.text


def test_any_history_of_typing_and_coding_replays_exactly(
    window: MainWindow, gui_journal: Journal
) -> None:
    class OnThisWindow(HistoryMachine):
        def __init__(self) -> None:
            super().__init__(window, gui_journal)

    # A few seconds, on purpose: each step saves the journal several times (undo,
    # redo, the checks), and fewer or shorter runs seldom delete coded words.
    run_state_machine_as_test(
        OnThisWindow,
        settings=settings(
            max_examples=4,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
