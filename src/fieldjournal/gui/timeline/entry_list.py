"""A list of entries over a ``TimelineModel``: the timeline, the memos and the trash."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.records import ChangeSet, Entry
from fieldjournal.domain.wording import counted
from fieldjournal.gui.timeline.delegate import TimelineDelegate
from fieldjournal.gui.timeline.model import ENTRY_ID_ROLE, TimelineModel
from fieldjournal.gui.widgets.empty_state import EmptyState

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fieldjournal.services.journal import Journal


class EntryView(QListView):
    """Down with nothing selected opens the newest entry.

    Focusing a list makes its first entry current without selecting it, so Qt's own Down
    would move past it (Ctrl+1, Down opened the second newest).
    """

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        if event.key() == Qt.Key.Key_Down and plain and not self.selectionModel().hasSelection():
            first = self._first_entry()
            if first.isValid():
                self.setCurrentIndex(first)  # single selection: this selects it too
                self.scrollTo(first)
                return
        super().keyPressEvent(event)

    def _first_entry(self) -> QModelIndex:
        model = self.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if model.flags(index) & Qt.ItemFlag.ItemIsSelectable:
                return index
        return QModelIndex()


class EntryList(QWidget):
    """Emits ``entry_selected`` when the researcher moves to an entry."""

    entry_selected = Signal(str)

    def __init__(
        self,
        journal: Journal,
        name: str,
        flt: EntryQuery | None = None,
        parent: QWidget | None = None,
        *,
        empty: Callable[[EntryQuery], str] = lambda _query: "No entries.",
    ) -> None:
        super().__init__(parent)
        self.model = TimelineModel(journal, flt)
        self.view = EntryView()
        self.view.setAccessibleName(name)
        self.view.setModel(self.model)
        self.view.setItemDelegate(TimelineDelegate(self.view))
        self.view.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setUniformItemSizes(False)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QListView.DragDropMode.DragOnly)
        self.setFocusProxy(self.view)
        self.count = QLabel()
        self.count.setAccessibleName(f"{name} count")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._top = layout
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self._empty_text = empty
        self.empty = EmptyState(self.view, self._empty_hint)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)

    def add_above(self, widget: QWidget) -> None:
        self._top.insertWidget(0, widget)

    def add_below(self, widget: QWidget) -> None:
        self._top.addWidget(widget)

    def set_filter(self, flt: EntryQuery) -> None:
        self.model.set_filter(flt)

    def apply_changes(
        self, changes: ChangeSet, current_id: str | None, fresh: Mapping[str, Entry] | None = None
    ) -> None:
        self.model.apply_changes(changes, fresh)
        self._update_count()  # a trashed or restored entry changes the count
        if current_id:
            self.show_entry(current_id, emit=False)

    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(index):
            return None
        value = index.data(ENTRY_ID_ROLE)
        return str(value) if value else None

    def show_entry(self, entry_id: str, *, emit: bool = True) -> bool:
        """Select ``entry_id`` if it is loaded; returns whether it was found."""
        row = self.model.row_of(entry_id)
        if row < 0:
            if emit is False:
                self.view.selectionModel().clearSelection()
            return False
        index = self.model.index(row, 0)
        if self.view.currentIndex() == index and self.view.selectionModel().isSelected(index):
            return True
        blocker = not emit
        if blocker:
            self.view.selectionModel().blockSignals(True)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        if blocker:
            self.view.selectionModel().blockSignals(False)
            self.view.viewport().update()
        return True

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            value = indexes[0].data(ENTRY_ID_ROLE)
            if value:
                self.entry_selected.emit(str(value))

    def _empty_hint(self) -> str:
        """Said once the list is known to be empty (not while its first page is coming)."""
        if self.model.canFetchMore(QModelIndex()):
            return ""
        return self._empty_text(self.model.filter)

    def _update_count(self, *_: object) -> None:
        if not self.model.counted:
            return
        total = self.model.total
        self.count.setText(counted(total, "entry"))
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight)
