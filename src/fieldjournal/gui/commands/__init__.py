"""Undoable edits (QUndoCommand): each calls the journal in redo and its inverse in undo."""
