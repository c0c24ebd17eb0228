"""Undoable moves of an entry to the trash and back, and restores of an earlier text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldjournal.gui.commands.base import JournalCommand

if TYPE_CHECKING:
    from fieldjournal.domain.records import Entry, Outcome
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


class RestoreRevisionCommand(JournalCommand):
    """Bring back an earlier text of an entry; undo puts back the text it replaced, with
    every coding where it was (those the earlier text had no words for come back too)."""

    def __init__(self, ops: Operations, entry_id: str, revision_id: int) -> None:
        super().__init__(ops, "Restore earlier text")
        self.entry_id, self.revision_id = entry_id, revision_id
        self._before: Entry | None = None

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.entries.restore_revision(self.entry_id, self.revision_id)
        self._before = outcome.before
        return outcome

    def revert(self) -> Outcome[Any] | None:
        before = self._before
        assert before is not None
        return self.journal.entries.update(
            self.entry_id,
            title=before.title,
            body=before.body,
            placed={segment.id: segment for segment in before.segments},
        )
