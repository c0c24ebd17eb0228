"""The body's typing in the window's one history, with the coded segments following it.

Coded segments are anchored to offsets of the text. With the text editor's own undo, a
Ctrl+Z moved the text under them and the next save dropped or shifted them, while the
window's history still held the coding: the two histories disagreed. So the body keeps
no history of its own. :class:`TextHistory` records each edit of the open entry's body as
a :class:`~fieldjournal.gui.commands.typing.TypingCommand` on the window's stack, and
tracks where the open entry's segments are in the text being typed (the coding
controller hands over the segments it paints; each edit moves them as the journal
would). A step knows the segments it touched, before and after.

Undoing or redoing a step is one action of the window's runner, which first saves what
is typed: open the step's entry if another is shown, check the text is the one the step
left, save the text the step gives back together with its segments' exact places, then
show that text. A refused save changes nothing, and the step is dropped from the history.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor, QUndoStack

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.gui.commands.typing import TypingCommand, fingerprint
from fieldjournal.gui.editor.segment_marks import Utf16Map
from fieldjournal.gui.editor.typing_steps import (
    Step,
    TextChange,
    find_change,
    places_after,
    places_before,
)

if TYPE_CHECKING:
    from fieldjournal.domain.records import Entry, Outcome, Segment
    from fieldjournal.gui.editor.entry_editor import EntryEditor
    from fieldjournal.gui.operations import Operations

Clock = Callable[[], float]


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Positions:
    """UTF-16 positions of one text as code points; free when the text has no astral
    characters (the usual case), so a keystroke in a long note costs no scan."""

    def __init__(self, text: str) -> None:
        self._map = Utf16Map(text) if _utf16_length(text) != len(text) else None

    def code_point(self, u16: int) -> int:
        return self._map.to_code_point(u16) if self._map else u16

    def utf16(self, cp: int) -> int:
        return self._map.to_utf16(cp) if self._map else cp


class TextHistory(QObject):
    """Records the editor's body edits on ``undo_stack``; replays them on undo and redo.

    ``show_entry(entry_id)`` opens an entry in the editor (the workspace's way, which
    saves the one shown first); a step of an entry not shown opens it before it replays.
    """

    def __init__(
        self,
        editor: EntryEditor,
        ops: Operations,
        undo_stack: QUndoStack,
        show_entry: Callable[[str], object],
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__(editor)
        self.editor, self.ops, self.undo_stack = editor, ops, undo_stack
        self.journal = ops.journal
        self.show_entry = show_entry
        self.clock = clock
        self.body = editor.body
        self.body.document().setUndoRedoEnabled(False)  # this history is the only one
        self._text = self.body.toPlainText()
        self._places: dict[str, Segment] = {}
        self._touched: set[str] = set()  # segments typing moved since the last save
        self._replaying = False
        self.body.document().contentsChange.connect(self._contents_changed)
        editor.segments_moved = self.moved_since_save
        editor.saved.connect(self._touched.clear)

    # --- where the segments are --------------------------------------------------------
    def show_segments(self, places: Mapping[str, Segment]) -> None:
        """The open entry's segments on the text shown now (the coding controller's)."""
        self._places = dict(places)

    @property
    def places(self) -> Mapping[str, Segment]:
        return self._places

    def moved_since_save(self) -> dict[str, Segment | None]:
        """Where the edits since the last save took the segments they touched (None: its
        words are gone). The editor's save hands them to the journal, so the save and a
        later redo agree where a comparison of the texts could read the typing either way
        (a letter typed inside a coded word, or beside the same letter)."""
        return {key: self._places.get(key) for key in self._touched}

    # --- recording ---------------------------------------------------------------------
    def _contents_changed(self, pos: int, removed: int, added: int) -> None:
        old, text = self._text, self.body.toPlainText()
        if text == old:
            return  # formats only (a highlighter's pass)
        self._text = text
        entry_id = self.editor.entry_id
        if self._replaying or self.editor.loading or entry_id is None:
            return  # a replay saves its own segments; a load brings fresh ones
        positions = _Positions(old)
        change = find_change(
            old, text, positions.code_point(pos), positions.code_point(pos + removed)
        )
        if change is None:
            return
        step = Step.of(change, self._places, text)
        self._places = step.places_after(self._places)
        self._touched.update(step.before)
        self.undo_stack.push(TypingCommand(self, entry_id, step, old, text, self.clock()))

    # --- replaying ---------------------------------------------------------------------
    def replay(self, command: TypingCommand, *, forward: bool) -> Outcome[Any]:
        """Redo (``forward``) or undo ``command``: one save of the body and its segments."""
        if self.editor.entry_id != command.entry_id:
            self.show_entry(command.entry_id)
        entry = self.editor.entry
        if entry is None or entry.id != command.entry_id:
            raise InvalidInput("its entry could not be opened")
        if entry.deleted_at is not None:
            raise InvalidInput(f"“{entry.label}” is in the trash; restore it first")
        text = self.body.toPlainText()
        if fingerprint(text) != (command.text_before if forward else command.text_after):
            raise InvalidInput(
                f"the text of “{entry.label}” was changed since by other means "
                "(another program, an import)"
            )
        changes = [step.change for step in command.steps]
        if not forward:
            changes = [change.inverse() for change in reversed(changes)]
        placed: Mapping[str, Segment | None] = (
            places_after(command.steps) if forward else places_before(command.steps)
        )
        new_text = text
        for change in changes:
            new_text = change.apply(new_text)
        outcome: Outcome[Entry] = self.journal.entries.update(
            entry.id, autosave=True, base=entry, body=new_text, placed=placed
        )
        self._show(changes)
        self.editor.took_saved(outcome)
        self._places = {seg.id: seg for seg in outcome.value.segments}
        return outcome

    def _show(self, changes: list[TextChange]) -> None:
        """Make the saved changes in the editor, as one edit, and put the cursor after them."""
        cursor = self.body.textCursor()
        self._replaying = True
        try:
            cursor.beginEditBlock()
            for change in changes:
                positions = _Positions(self.body.toPlainText())
                start = positions.utf16(change.pos)
                cursor.setPosition(start)
                cursor.setPosition(
                    start + _utf16_length(change.removed), QTextCursor.MoveMode.KeepAnchor
                )
                self.body.insert_exact(cursor, change.added)
            cursor.endEditBlock()
        finally:
            self._replaying = False
        self.body.setTextCursor(cursor)
        self.body.ensureCursorVisible()
