"""Structural edits of entries (links, codes, trash) requested from the window's panels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal


class StructureEdits:
    def __init__(self, journal: Journal, undo_stack: QUndoStack) -> None:
        self.journal = journal
        self.undo_stack = undo_stack

    def link_actor(self, entry_id: str, name: str, role: str) -> None:
        self.journal.link_actor(entry_id, name, role)

    def unlink_actor(self, entry_id: str, name: str) -> None:
        self.journal.unlink_actor(entry_id, name)

    def add_code(self, entry_id: str, path: str) -> None:
        self.journal.add_entry_code(entry_id, path)

    def remove_code(self, entry_id: str, path: str) -> None:
        self.journal.remove_entry_code(entry_id, path)

    def trash(self, entry_id: str, title: str) -> None:
        self.journal.delete_entry(entry_id)

    def restore(self, entry_id: str, title: str) -> None:
        self.journal.restore_entry(entry_id)
