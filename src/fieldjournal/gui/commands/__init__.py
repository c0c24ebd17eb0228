"""Undoable edits (``QUndoCommand``), one module per subject; each ``redo`` and ``undo`` is
one service call run as an action of the window's :class:`Operations` (see ``base``).

Callers use the package as ``from fieldjournal.gui import commands as uc``.
"""

from fieldjournal.gui.commands.actors import (
    CreateActorCommand,
    EditActorCommand,
    MergeActorsCommand,
    fields_of,
)
from fieldjournal.gui.commands.base import JournalCommand, push
from fieldjournal.gui.commands.codebook import (
    CreateCodeCommand,
    DeleteCodeCommand,
    MergeCodesCommand,
    MoveCodeCommand,
    RenameCodeCommand,
    UpdateCodeCommand,
)
from fieldjournal.gui.commands.codings import ApplySegmentCommand, RemoveSegmentCommand
from fieldjournal.gui.commands.entries import (
    RestoreEntryCommand,
    RestoreRevisionCommand,
    TrashEntryCommand,
)
from fieldjournal.gui.commands.links import (
    AddEntryCodeCommand,
    LinkActorCommand,
    RemoveEntryCodeCommand,
    UnlinkActorCommand,
)
from fieldjournal.gui.commands.memo_links import LinkMemoCommand, UnlinkMemoCommand

__all__ = [
    "AddEntryCodeCommand",
    "ApplySegmentCommand",
    "CreateActorCommand",
    "CreateCodeCommand",
    "DeleteCodeCommand",
    "EditActorCommand",
    "JournalCommand",
    "LinkActorCommand",
    "LinkMemoCommand",
    "MergeActorsCommand",
    "MergeCodesCommand",
    "MoveCodeCommand",
    "RemoveEntryCodeCommand",
    "RemoveSegmentCommand",
    "RenameCodeCommand",
    "RestoreEntryCommand",
    "RestoreRevisionCommand",
    "TrashEntryCommand",
    "UnlinkActorCommand",
    "UnlinkMemoCommand",
    "UpdateCodeCommand",
    "fields_of",
    "push",
]
