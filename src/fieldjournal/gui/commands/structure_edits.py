"""Structural edits of entries (links, codes, trash) requested from the window's panels.

Each is an undoable command on the window's ``QUndoStack``, pushed as an action of the
window's :class:`Operations`: what is typed is saved first, and a refused edit is reported
there and leaves the history untouched. Each method says whether the edit was made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack

from fieldjournal.domain.enums import MemoTarget
from fieldjournal.gui import commands as uc

if TYPE_CHECKING:
    from fieldjournal.gui.operations import Operations


class StructureEdits:
    def __init__(self, ops: Operations, undo_stack: QUndoStack) -> None:
        self.ops = ops
        self.journal = ops.journal
        self.undo_stack = undo_stack

    def _push(self, command: uc.JournalCommand) -> bool:
        return uc.push(self.undo_stack, command, initiator=self)

    def link_actor(self, entry_id: str, name: str, role: str) -> bool:
        return self._push(uc.LinkActorCommand(self.ops, entry_id, name, role))

    def unlink_actor(self, entry_id: str, name: str) -> bool:
        return self._push(uc.UnlinkActorCommand(self.ops, entry_id, name))

    def add_code(self, entry_id: str, path: str) -> bool:
        return self._push(uc.AddEntryCodeCommand(self.ops, entry_id, path))

    def remove_code(self, entry_id: str, path: str) -> bool:
        return self._push(uc.RemoveEntryCodeCommand(self.ops, entry_id, path))

    def link_memo(self, memo_id: str, target: MemoTarget, given: str) -> bool:
        return self._push(uc.LinkMemoCommand(self.ops, memo_id, target, given))

    def unlink_memo(self, memo_id: str, target: MemoTarget, target_id: str, label: str) -> bool:
        return self._push(uc.UnlinkMemoCommand(self.ops, memo_id, target, target_id, label))

    def trash(self, entry_id: str, title: str) -> bool:
        return self._push(uc.TrashEntryCommand(self.ops, entry_id, title))

    def restore(self, entry_id: str, title: str) -> bool:
        return self._push(uc.RestoreEntryCommand(self.ops, entry_id, title))

    def restore_revision(self, entry_id: str, revision_id: int) -> bool:
        return self._push(uc.RestoreRevisionCommand(self.ops, entry_id, revision_id))
