"""A view's numbers as a table: one row per mark, the two labels then the count."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fieldjournal.domain.analysis import ChartData, Mark

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class ChartTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._data: ChartData | None = None

    def show(self, data: ChartData) -> None:
        self.beginResetModel()
        self._data = data
        self.endResetModel()

    def mark(self, row: int) -> Mark | None:
        marks = self._data.marks if self._data is not None else ()
        return marks[row] if 0 <= row < len(marks) else None

    def as_text(self) -> str:
        """Tab-separated, with the header: what Copy puts on the clipboard."""
        if self._data is None:
            return ""
        lines = ["\t".join(self._data.headers)]
        lines += ["\t".join(str(v) for v in row) for row in self._data.rows()]
        return "\n".join(lines) + "\n"

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() or self._data is None else len(self._data.marks)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        mark = self.mark(index.row()) if index.isValid() else None
        if mark is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (mark.first, mark.second, mark.count)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if self._data is None:
            return ("", "", "count")[section]
        return self._data.headers[section]
