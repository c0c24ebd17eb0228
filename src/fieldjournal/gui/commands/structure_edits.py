"""Structural edits of entries (links, codes, trash) requested from the window's panels.

Each is an undoable command on the window's ``QUndoStack`` (see ``undo_commands``); a
refused edit raises its ``FieldjournalError`` and leaves the history untouched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack

from fieldjournal.gui.commands import structure as uc

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal


class StructureEdits:
    def __init__(self, journal: Journal, undo_stack: QUndoStack) -> None:
        self.journal = journal
        self.undo_stack = undo_stack

    def link_actor(self, entry_id: str, name: str, role: str) -> None:
        uc.push(self.undo_stack, uc.LinkActorCommand(self.journal, entry_id, name, role))

    def unlink_actor(self, entry_id: str, name: str) -> None:
        uc.push(self.undo_stack, uc.UnlinkActorCommand(self.journal, entry_id, name))

    def add_code(self, entry_id: str, path: str) -> None:
        uc.push(self.undo_stack, uc.AddEntryCodeCommand(self.journal, entry_id, path))

    def remove_code(self, entry_id: str, path: str) -> None:
        uc.push(self.undo_stack, uc.RemoveEntryCodeCommand(self.journal, entry_id, path))

    def trash(self, entry_id: str, title: str) -> None:
        uc.push(self.undo_stack, uc.TrashEntryCommand(self.journal, entry_id, title))

    def restore(self, entry_id: str, title: str) -> None:
        uc.push(self.undo_stack, uc.RestoreEntryCommand(self.journal, entry_id, title))
