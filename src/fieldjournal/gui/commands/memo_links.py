"""Undoable links of a memo to what it is about: entries, actors and codes.

A link keeps the target's id (an actor or code renamed in between is still found), and
learns from the ``Outcome`` whether it was there already, in which case undo does nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldjournal.domain.enums import MemoTarget
from fieldjournal.gui.commands.base import JournalCommand

if TYPE_CHECKING:
    from fieldjournal.domain.records import MemoLink, Outcome
    from fieldjournal.gui.operations import Operations


class LinkMemoCommand(JournalCommand):
    """Say the memo is about ``given`` (an entry id, an actor name, a code path)."""

    def __init__(self, ops: Operations, memo_id: str, target: MemoTarget, given: str) -> None:
        super().__init__(ops, f"Link memo to {target.value} {given}")
        self.memo_id, self.target, self.given = memo_id, target, given
        self._target_id: str | None = None  # None: it was linked so already

    def apply(self) -> Outcome[Any]:
        outcome: Outcome[MemoLink] = self.journal.memos.link(self.memo_id, self.target, self.given)
        self.given = outcome.value.target_id
        self._target_id = None if outcome.before is not None else outcome.value.target_id
        if outcome.value.label:
            self.setText(f"Link memo to {self.target.value} {outcome.value.label}")
        return outcome

    def revert(self) -> Outcome[Any] | None:
        if self._target_id is None:
            return None
        return self.journal.memos.unlink(self.memo_id, self.target, self._target_id)


class UnlinkMemoCommand(JournalCommand):
    def __init__(
        self, ops: Operations, memo_id: str, target: MemoTarget, target_id: str, label: str
    ) -> None:
        super().__init__(ops, f"Unlink memo from {target.value} {label}")
        self.memo_id, self.target, self.target_id = memo_id, target, target_id

    def apply(self) -> Outcome[Any]:
        return self.journal.memos.unlink(self.memo_id, self.target, self.target_id)

    def revert(self) -> Outcome[Any] | None:
        return self.journal.memos.link(self.memo_id, self.target, self.target_id)
