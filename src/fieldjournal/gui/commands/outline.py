"""Undoable edits of a chapter outline: add, remove, rename, move, change level."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from fieldjournal.domain.chapters import Section
from fieldjournal.gui.chapters.outline_model import LevelRole, OutlineModel


class AddSection(QUndoCommand):
    def __init__(self, model: OutlineModel, row: int, section: Section) -> None:
        super().__init__(f"Add section {section.heading!r}")
        self.model, self.row, self.section = model, row, section

    def redo(self) -> None:
        self.model.insert_section(self.row, self.section)

    def undo(self) -> None:
        self.model.remove_section(self.row)


class RemoveSection(QUndoCommand):
    def __init__(self, model: OutlineModel, row: int) -> None:
        super().__init__(f"Remove section {model.section(row).heading!r}")
        self.model, self.row = model, row
        self.section = model.section(row)

    def redo(self) -> None:
        self.section = self.model.remove_section(self.row)

    def undo(self) -> None:
        self.model.insert_section(self.row, self.section)


class RenameSection(QUndoCommand):
    def __init__(self, model: OutlineModel, row: int, heading: str) -> None:
        super().__init__(f"Rename section to {heading!r}")
        self.model, self.row = model, row
        self.before, self.after = model.section(row).heading, heading

    def _set(self, heading: str) -> None:
        self.model.set_heading(self.row, heading)

    def redo(self) -> None:
        self._set(self.after)

    def undo(self) -> None:
        self._set(self.before)


class SetLevel(QUndoCommand):
    def __init__(self, model: OutlineModel, row: int, level: int) -> None:
        super().__init__(f"Make {model.section(row).heading!r} heading {level}")
        self.model, self.row = model, row
        self.before, self.after = model.section(row).level, level

    def redo(self) -> None:
        self.model.setData(self.model.index(self.row), self.after, LevelRole)

    def undo(self) -> None:
        self.model.setData(self.model.index(self.row), self.before, LevelRole)


class MoveSection(QUndoCommand):
    def __init__(self, model: OutlineModel, source: int, destination: int) -> None:
        super().__init__(f"Move section {model.section(source).heading!r}")
        self.model, self.source, self.destination = model, source, destination

    def redo(self) -> None:
        self.model.move_section(self.source, self.destination)

    def undo(self) -> None:
        self.model.move_section(self.destination, self.source)
