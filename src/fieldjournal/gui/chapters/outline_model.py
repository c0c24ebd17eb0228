"""The chapter outline as a flat list model: one row per section, reordered by drag.

Rows hold the sections of the draft being edited (heading, level, body). Headings are
edited in place; levels show as indentation. Drag and drop moves rows inside the view
(the MIME data carries row numbers, so a drop from elsewhere is refused).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from fieldjournal.domain.chapters import MAX_LEVEL, Section

ROW_MIME = "application/x-fieldjournal-section-rows"
LevelRole = Qt.ItemDataRole.UserRole + 1
BodyRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class OutlineModel(QAbstractListModel):
    """Sections of the draft; drops and in-place renames ask the editor rather than change."""

    moveRequested = Signal(int, int)  # source row, destination row
    renameRequested = Signal(int, str)  # row, new heading

    def __init__(
        self, sections: list[Section] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._sections: list[Section] = list(sections or [])

    # --- reading --------------------------------------------------------------------
    def sections(self) -> list[Section]:
        return list(self._sections)

    def section(self, row: int) -> Section:
        return self._sections[row]

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._sections)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._sections):
            return None
        section = self._sections[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            label = section.heading or "(opening, no heading)"
            return "    " * (section.level - 1) + label
        if role == Qt.ItemDataRole.EditRole:
            return section.heading
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Heading {section.level}"
        if role == LevelRole:
            return section.level
        if role == BodyRole:
            return section.body
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (
            base
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsDragEnabled
        )

    # --- changing -------------------------------------------------------------------
    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A rename typed in the view is asked for (``renameRequested``), to be undoable."""
        if not index.isValid() or not 0 <= index.row() < len(self._sections):
            return False
        row = index.row()
        if role == Qt.ItemDataRole.EditRole:
            heading = " ".join(str(value).split())
            if heading != self._sections[row].heading:
                self.renameRequested.emit(row, heading)
            return True
        if role == LevelRole:
            return self._change(row, level=max(1, min(MAX_LEVEL, int(str(value)))))
        if role == BodyRole:
            return self._change(row, body=str(value))
        return False

    def set_heading(self, row: int, heading: str) -> None:
        self._change(row, heading=heading)

    def _change(self, row: int, **fields: Any) -> bool:
        section = self._sections[row]
        changed = replace(section, **fields)
        if changed != section:
            self._sections[row] = changed
            index = self.index(row)
            self.dataChanged.emit(index, index)
        return True

    def set_sections(self, sections: list[Section]) -> None:
        self.beginResetModel()
        self._sections = list(sections)
        self.endResetModel()

    def insert_section(self, row: int, section: Section) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._sections.insert(row, section)
        self.endInsertRows()

    def remove_section(self, row: int) -> Section:
        self.beginRemoveRows(QModelIndex(), row, row)
        section = self._sections.pop(row)
        self.endRemoveRows()
        return section

    def move_section(self, source: int, destination: int) -> bool:
        """Move row ``source`` so that it ends up at row ``destination``."""
        count = len(self._sections)
        if not (0 <= source < count and 0 <= destination < count) or source == destination:
            return False
        qt_destination = destination + 1 if destination > source else destination
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), qt_destination)
        self._sections.insert(destination, self._sections.pop(source))
        self.endMoveRows()
        return True

    # --- drag and drop --------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime.setData(ROW_MIME, QByteArray(",".join(map(str, rows)).encode()))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return action == Qt.DropAction.MoveAction and data.hasFormat(ROW_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Move the dragged row; the move itself is done here, so the view removes nothing."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        text = bytes(data.data(ROW_MIME).data()).decode()
        if not text:
            return False
        source = int(text.split(",")[0])
        target = parent.row() if row < 0 and parent.isValid() else row
        if target < 0:
            target = len(self._sections)
        destination = target - 1 if target > source else target
        if 0 <= source < len(self._sections) and destination != source:
            self.moveRequested.emit(source, destination)
        return False  # the editor moves the row as an undoable command; the view removes nothing
