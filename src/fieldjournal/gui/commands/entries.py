"""Undoable moves of an entry to the trash and back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldjournal.gui.commands.base import JournalCommand

if TYPE_CHECKING:
    from fieldjournal.domain.records import Outcome
    from fieldjournal.gui.operations import Operations


class TrashEntryCommand(JournalCommand):
    def __init__(self, ops: Operations, entry_id: str, title: str = "") -> None:
        super().__init__(ops, f"Move {title or 'entry'} to the trash")
        self.entry_id = entry_id

    def apply(self) -> Outcome[Any]:
        return self.journal.entries.delete(self.entry_id)

    def revert(self) -> Outcome[Any] | None:
        return self.journal.entries.restore(self.entry_id)


class RestoreEntryCommand(JournalCommand):
    def __init__(self, ops: Operations, entry_id: str, title: str = "") -> None:
        super().__init__(ops, f"Restore {title or 'entry'}")
        self.entry_id = entry_id

    def apply(self) -> Outcome[Any]:
        return self.journal.entries.restore(self.entry_id)

    def revert(self) -> Outcome[Any] | None:
        return self.journal.entries.delete(self.entry_id)
