"""File › References…: the journal's works, and for the one selected, the memos and
chapters that cite it; opening a memo shows it in the editor.

Read through the facade (``list_references``, ``reference_cited_by``), afresh each time
the dialog opens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.references import CitedBy, Reference
from fieldjournal.domain.timeutil import format_long_date
from fieldjournal.domain.wording import counted
from fieldjournal.services.journal import Journal

COLUMNS = ("Citekey", "Authors", "Year", "Title")
MEMO_ROLE = Qt.ItemDataRole.UserRole + 1  # a memo item's entry id
CHAPTER_ROLE = Qt.ItemDataRole.UserRole + 2  # a chapter item's chapter id
AnyIndex = QModelIndex | QPersistentModelIndex


class ReferenceTableModel(QAbstractTableModel):
    """The works, one row each, in citekey order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._works: list[Reference] = []

    def set_references(self, works: list[Reference]) -> None:
        self.beginResetModel()
        self._works = list(works)
        self.endResetModel()

    def reference(self, row: int) -> Reference:
        return self._works[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._works)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        work = self._works[index.row()]
        return (work.citekey, work.authors, work.year, work.title)[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class ReferencesDialog(QDialog):
    def __init__(
        self,
        journal: Journal,
        open_memo: Callable[[str], object],
        parent: QWidget | None = None,
        open_chapter: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("References")
        self.journal = journal
        self._open_memo = open_memo
        self._open_chapter = open_chapter
        self.model = ReferenceTableModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Works")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.summary = QLabel("Choose a work to see where it is cited.")
        self.summary.setWordWrap(True)
        self.cited = QListWidget()
        self.cited.setAccessibleName("Cited in")
        self.cited.itemActivated.connect(self._activated)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.summary)
        side_layout.addWidget(self.cited, 1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(900, 480)
        selection = self.table.selectionModel()
        assert selection is not None
        selection.currentRowChanged.connect(lambda current, _old: self._show(current.row()))
        self.refresh()

    def refresh(self) -> None:
        """Read the works again (a linked bibliography changed)."""
        self.model.set_references(self.journal.list_references())
        self.cited.clear()
        if self.model.rowCount():
            self.table.selectRow(0)

    def _show(self, row: int) -> None:
        self.cited.clear()
        if row < 0:
            return
        work = self.model.reference(row)
        cited: CitedBy = self.journal.reference_cited_by(work.citekey)
        self.summary.setText(
            f"@{work.citekey} is cited in {counted(len(cited.memos), 'memo')} and "
            f"{counted(len(cited.chapters), 'chapter')}."
        )
        for memo in cited.memos:
            label = f"Memo, {format_long_date(memo.occurred_at)}: {memo.title or memo.first_line}"
            item = QListWidgetItem(label)
            item.setData(MEMO_ROLE, memo.id)
            self.cited.addItem(item)
        for chapter in cited.chapters:
            item = QListWidgetItem(f"Chapter: {chapter.title}")
            item.setData(CHAPTER_ROLE, chapter.id)
            self.cited.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        """Enter (or a double click) opens the memo, or the chapter in its editor."""
        memo_id, chapter_id = item.data(MEMO_ROLE), item.data(CHAPTER_ROLE)
        if memo_id:
            self._open_memo(str(memo_id))
        elif chapter_id and self._open_chapter is not None:
            self._open_chapter(str(chapter_id))


__all__ = ["ReferenceTableModel", "ReferencesDialog"]
