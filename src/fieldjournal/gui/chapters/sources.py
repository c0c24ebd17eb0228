"""Where excerpts come from: entries found by search (whole or a passage) and the codebook.

Each choice becomes an excerpt token with the full id (the prose editor shows it short),
sent with ``tokenChosen`` or dragged as text/plain into the prose editor. Lists are
filled from the ``Journal`` facade on ``refresh()``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.chapters import ExcerptKind, ExcerptRef
from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.services.journal import Journal

TokenRole = Qt.ItemDataRole.UserRole + 10
ENTRY_LIMIT = 500


def token(kind: ExcerptKind, target: str, words: str = "") -> str:
    return ExcerptRef(kind, target, " ".join(words.split())).token


class TokenList(QListWidget):
    """A list whose items drag out as their excerpt token (text/plain).

    A long title is cut short with an ellipsis (its tooltip has it whole) rather than
    making the narrow side pane scroll sideways.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        mime = QMimeData()
        mime.setText("\n".join(str(item.data(TokenRole)) for item in items))
        return mime


class ExcerptSources(QTabWidget):
    tokenChosen = Signal(str)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.addTab(self._entries_tab(), "Entries")
        self.addTab(self._codes_tab(), "Codebook")
        self.setAccessibleName("Excerpt sources")
        self.tabBar().setAccessibleName("Excerpt sources: entries or codebook")

    # --- entries --------------------------------------------------------------------
    def _entries_tab(self) -> QWidget:
        tab = QWidget()
        self.entry_filter = QLineEdit()
        self.entry_filter.setPlaceholderText(
            "Search the journal (Enter); empty lists recent entries"
        )
        self.entry_filter.setClearButtonEnabled(True)
        self.entry_filter.setAccessibleName("Search entries to quote")
        self.entry_filter.returnPressed.connect(self.search_entries)
        self.entry_list = TokenList()
        self.entry_list.setAccessibleName("Entries to quote")
        self.entry_list.currentItemChanged.connect(self._show_entry)
        self.entry_text = QPlainTextEdit()
        self.entry_text.setReadOnly(True)
        self.entry_text.setAccessibleName("Text of the entry to quote")
        self.entry_text.setPlaceholderText("Select words here to quote a passage")
        whole = QPushButton("Insert whole entry")
        whole.clicked.connect(self._insert_entry)
        quote = QPushButton("Insert selected words")
        quote.clicked.connect(self._insert_quote)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.entry_list)
        split.addWidget(self.entry_text)
        buttons = QHBoxLayout()
        buttons.addWidget(whole)
        buttons.addWidget(quote)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.entry_filter)
        layout.addWidget(split)
        layout.addLayout(buttons)
        return tab

    def search_entries(self) -> None:
        """Full-text search through the facade; the hits become the list to quote from."""
        query = self.entry_filter.text().strip()
        if not query:
            self._fill_entries()
            return
        try:
            hits = self.journal.search(query, limit=ENTRY_LIMIT).hits
        except FieldjournalError as error:
            self.entry_filter.setToolTip(str(error))
            return
        self.entry_list.clear()
        for hit in hits:
            self._add_entry(hit.id, f"{hit.occurred_at:%Y-%m-%d}  {hit.label}", hit.snippet)

    def _add_entry(self, entry_id: str, label: str, tooltip: str = "") -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, entry_id)
        item.setData(TokenRole, token(ExcerptKind.ENTRY, entry_id))
        item.setToolTip(tooltip or label)  # the words found, or the whole title
        self.entry_list.addItem(item)

    def _fill_entries(self) -> None:
        self.entry_list.clear()
        for summary in self.journal.list_entries(limit=ENTRY_LIMIT):
            label = f"{summary.occurred_at:%Y-%m-%d}  {summary.label}"
            self._add_entry(summary.id, label)

    def _show_entry(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.entry_text.clear()
            return
        entry = self.journal.get_entry(str(item.data(Qt.ItemDataRole.UserRole)))
        self.entry_text.setPlainText(entry.body)

    def _current_entry_id(self) -> str | None:
        item = self.entry_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _insert_entry(self) -> None:
        entry_id = self._current_entry_id()
        if entry_id:
            self.tokenChosen.emit(token(ExcerptKind.ENTRY, entry_id))

    def _insert_quote(self) -> None:
        entry_id = self._current_entry_id()
        words = self.entry_text.textCursor().selectedText().replace("\u2029", " ")
        if entry_id and words.strip():
            self.tokenChosen.emit(token(ExcerptKind.QUOTE, entry_id, words))

    # --- codebook -------------------------------------------------------------------
    def _codes_tab(self) -> QWidget:
        tab = QWidget()
        self.code_list = TokenList()
        self.code_list.setAccessibleName("Codes")
        self.code_list.currentItemChanged.connect(self._show_segments)
        self.segment_list = TokenList()
        self.segment_list.setAccessibleName("Coded segments")
        insert_code = QPushButton("Insert everything coded")
        insert_code.clicked.connect(lambda: self._emit_current(self.code_list))
        insert_segment = QPushButton("Insert segment")
        insert_segment.clicked.connect(lambda: self._emit_current(self.segment_list))
        buttons = QHBoxLayout()
        buttons.addWidget(insert_code)
        buttons.addWidget(insert_segment)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.code_list)
        layout.addWidget(self.segment_list)
        layout.addLayout(buttons)
        return tab

    def _show_segments(self, item: QListWidgetItem | None) -> None:
        self.segment_list.clear()
        if item is None:
            return
        for segment in self.journal.list_segments(str(item.data(Qt.ItemDataRole.UserRole))):
            shown = QListWidgetItem(f"[{segment.code_path}] {segment.text[:80]}")
            shown.setData(TokenRole, token(ExcerptKind.SEGMENT, segment.id))
            self.segment_list.addItem(shown)

    def _emit_current(self, widget: QListWidget) -> None:
        item = widget.currentItem()
        if item is not None:
            self.tokenChosen.emit(str(item.data(TokenRole)))

    # --- filling --------------------------------------------------------------------
    def refresh(self) -> None:
        self.search_entries()
        self.code_list.clear()
        for code in self.journal.list_codes():
            item = QListWidgetItem("    " * code.path.count("/") + code.name)
            item.setData(Qt.ItemDataRole.UserRole, code.path)
            item.setData(TokenRole, token(ExcerptKind.CODE, code.path))
            self.code_list.addItem(item)
