"""Typing in an entry's body as steps of the window's one history.

The body's own undo is off: every edit becomes a :class:`TypingCommand` on the same
``QUndoStack`` as codings and links, so Ctrl+Z undoes text and structure in the order
they were made. Edits join into word-sized steps (see ``typing_steps.joins``) while the
typing goes on without a pause. A step carries the coded segments it touched, and its
undo and redo are one save of the body that puts those segments exactly where they were
or where the edit left them (see :class:`~fieldjournal.gui.editor.text_history.TextHistory`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldjournal.gui.commands.base import JournalCommand
from fieldjournal.gui.editor.typing_steps import Step, joins

if TYPE_CHECKING:
    from fieldjournal.domain.records import Outcome
    from fieldjournal.gui.editor.text_history import TextHistory

TYPING_ID = 0x7E57  # one id for every typing step, so the stack asks them to merge
PAUSE_S = 2.0  # a pause in typing this long ends a step


def fingerprint(text: str) -> tuple[int, int]:
    """What a step checks before it replays: the text must be the one it left."""
    return len(text), hash(text)


class TypingCommand(JournalCommand):
    """Edits of one entry's body, made already when the command is pushed."""

    def __init__(
        self,
        history: TextHistory,
        entry_id: str,
        step: Step,
        before: str,
        after: str,
        at: float,
    ) -> None:
        super().__init__(history.ops, "Deletion" if not step.change.added else "Typing")
        self.history, self.entry_id = history, entry_id
        self.steps = [step]
        self.text_before, self.text_after = fingerprint(before), fingerprint(after)
        self.at = at  # when its last edit was made, on the history's clock
        self._done = True  # pushed after the edit: the stack's first redo does nothing

    def id(self) -> int:
        return TYPING_ID

    def mergeWith(self, other: Any) -> bool:
        if not (
            isinstance(other, TypingCommand)
            and other.entry_id == self.entry_id
            and other.text_before == self.text_after
            and other.at - self.at < PAUSE_S
            and joins(self.steps[-1].change, other.steps[0].change, after_word=self._has_word())
        ):
            return False
        self.steps.extend(other.steps)
        self.text_after, self.at = other.text_after, other.at
        return True

    def _has_word(self) -> bool:
        return any(not step.change.added.isspace() for step in self.steps if step.change.added)

    def refusal(self, undoing: bool) -> str:
        return f"Cannot {'undo' if undoing else 'redo'} the {self.text().lower()}"

    def apply(self) -> Outcome[Any]:
        return self.history.replay(self, forward=True)

    def revert(self) -> Outcome[Any]:
        return self.history.replay(self, forward=False)
