"""The coded passages behind a chart's mark, listed under its entries in the search panel.

Each row is one coded segment: its code, its words and the entry it is in. Enter or a
double click opens the entry with the passage selected; "Insert in chapter" (or dragging
rows into the chapter's prose) puts it in the chapter being written as a ``[[segment:ID]]``
excerpt, cited to its entry when the chapter is compiled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.chapters import ExcerptKind, ExcerptRef
from fieldjournal.domain.records import Segment
from fieldjournal.domain.wording import counted

PASSAGE_ROLE = Qt.ItemDataRole.UserRole + 20
SHOWN_CHARACTERS = 160  # of a passage's words in its row (the tooltip has them all)

AnyIndex = QModelIndex | QPersistentModelIndex


def excerpt_token(passage: Segment) -> str:
    """The chapter token that quotes ``passage``."""
    return ExcerptRef(ExcerptKind.SEGMENT, passage.id).token


def _words(text: str) -> str:
    return " ".join(text.split())


class PassageModel(QAbstractListModel):
    """Passages as rows; they drag out as their excerpt tokens (text/plain)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._passages: list[Segment] = []
        self._sources: dict[str, str] = {}

    def show(self, passages: Sequence[Segment], sources: dict[str, str]) -> None:
        """Show ``passages``; ``sources`` says where each entry is from (by entry id)."""
        self.beginResetModel()
        self._passages = list(passages)
        self._sources = dict(sources)
        self.endResetModel()

    def passage(self, row: int) -> Segment | None:
        return self._passages[row] if 0 <= row < len(self._passages) else None

    def source(self, passage: Segment) -> str:
        return self._sources.get(passage.entry_id, "")

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._passages)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        passage = self.passage(index.row()) if index.isValid() else None
        if passage is None:
            return None
        words = _words(passage.text)
        if role == Qt.ItemDataRole.DisplayRole:
            shown = words if len(words) <= SHOWN_CHARACTERS else words[:SHOWN_CHARACTERS] + "…"
            return f"[{passage.code_path}] {shown}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{passage.code_path}, in {self.source(passage)}: {words}"
        if role == PASSAGE_ROLE:
            return passage
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:
        return ["text/plain"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({index.row() for index in indexes})
        found = (self.passage(row) for row in rows)
        mime.setText("\n".join(excerpt_token(p) for p in found if p is not None))
        return mime


class PassageList(QWidget):
    """The passages behind a mark, ready to open or to put in a chapter."""

    passage_requested = Signal(str, int, int)  # entry id, start, end (code points)
    excerpt_requested = Signal(str)  # an excerpt token for the chapter being written

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Passages count")
        self.model = PassageModel(self)
        self.view = QListView()
        self.view.setAccessibleName("Coded passages")
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)  # one line each: thousands lay out at once
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)  # the tooltip has them all
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.activated.connect(lambda index: self.open_passage(index.row()))
        self.open_button = QPushButton("&Open passage")
        self.open_button.setToolTip("Open its entry with the passage selected (Enter)")
        self.open_button.clicked.connect(lambda: self.open_passage(self._current_row()))
        self.insert_button = QPushButton("Insert in c&hapter")
        self.insert_button.setToolTip(
            "Quote the selected passages in the chapter being written, each cited to its entry"
        )
        self.insert_button.clicked.connect(self.insert_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.insert_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def show_passages(
        self, passages: Sequence[Segment], sources: dict[str, str], description: str
    ) -> None:
        """List ``passages`` (hidden when there are none: the mark counts no passages)."""
        self.model.show(passages, sources)
        self.summary.setText(f"{counted(len(passages), 'coded passage')} behind {description}")
        if passages:
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.setVisible(bool(passages))

    def clear(self) -> None:
        self.model.show([], {})
        self.hide()

    def _current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def open_passage(self, row: int) -> None:
        passage = self.model.passage(row)
        if passage is not None:
            self.passage_requested.emit(passage.entry_id, passage.start, passage.end)

    def insert_selected(self) -> None:
        """The selected passages (or the current one), each as an excerpt, in list order."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        if not rows and self._current_row() >= 0:
            rows = [self._current_row()]
        for row in rows:
            passage = self.model.passage(row)
            if passage is not None:
                self.excerpt_requested.emit(excerpt_token(passage))
