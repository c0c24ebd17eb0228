"""A memo's "About" list: the entries, actors and codes it is about, with add and remove.

Like the rest of the inspector it only shows and asks: ``link`` and ``unlink`` are turned
into undoable commands by the window. Entries are added by dragging them from a list of
entries onto it, or by typing their title (a completer offers recent ones) or id.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.enums import MemoTarget
from fieldjournal.domain.records import MemoLink
from fieldjournal.gui.widgets.empty_state import EmptyState
from fieldjournal.gui.widgets.entry_drag import ENTRY_MIME, dropped_entries
from fieldjournal.gui.widgets.icons import icon

LINK_ROLE = Qt.ItemDataRole.UserRole + 1
_ICONS = {MemoTarget.ENTRY: "fieldnote", MemoTarget.ACTOR: "actor", MemoTarget.CODE: "code"}
_HINTS = {
    MemoTarget.ENTRY: "An entry's title or id (or drag entries here)…",
    MemoTarget.ACTOR: "An actor's name…",
    MemoTarget.CODE: "A code's path…",
}


EMPTY_HINT = "About nothing yet: add an entry, an actor or a code below, or drag entries here."


class AboutList(QListWidget):
    """Accepts entries dropped from the timeline, the memos or search."""

    entries_dropped = Signal(list)  # entry ids

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QListWidget.DragDropMode.DropOnly)
        # Empty, it says what it is for, as every other list of the inspector does.
        self.empty = EmptyState(self, EMPTY_HINT, margin=4)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(ENTRY_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(ENTRY_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        ids = dropped_entries(event.mimeData())
        if ids:
            event.acceptProposedAction()
            self.entries_dropped.emit(ids)
        else:
            event.ignore()


class MemoAbout(QWidget):
    link = Signal(object, str)  # MemoTarget, an entry id, actor name or code path
    unlink = Signal(object, str, str)  # MemoTarget, target id, label
    open_entry = Signal(str)

    def __init__(
        self, entry_choices: Callable[[], list[tuple[str, str]]], parent: QWidget | None = None
    ) -> None:
        """``entry_choices``: (label, id) of the entries the completer offers, read when the
        researcher starts typing an entry."""
        super().__init__(parent)
        self._entry_choices = entry_choices
        self._entry_ids: dict[str, str] = {}
        self._names: dict[MemoTarget, list[str]] = {MemoTarget.ACTOR: [], MemoTarget.CODE: []}
        self.list = AboutList()
        self.list.setAccessibleName("What this memo is about")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 5 + 12)
        self.list.entries_dropped.connect(self._link_entries)
        self.list.itemActivated.connect(self._open)
        self.list.itemDoubleClicked.connect(self._open)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of thing the memo is about")
        for target in (MemoTarget.ENTRY, MemoTarget.ACTOR, MemoTarget.CODE):
            self.kind.addItem(target.value.capitalize(), target)
        self.kind.setCurrentIndex(1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.target = QLineEdit()
        self.target.setAccessibleName("Add to what this memo is about")
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.target.setCompleter(completer)
        self.target.returnPressed.connect(self._link_typed)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove selected from what this memo is about")
        self.remove_button.clicked.connect(self._unlink_selected)
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(self.target, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        self._kind_changed()

    def set_names(self, actors: list[str], codes: list[str]) -> None:
        self._names = {MemoTarget.ACTOR: actors, MemoTarget.CODE: codes}
        self._kind_changed()

    def show_links(self, links: tuple[MemoLink, ...]) -> None:
        self.list.clear()
        for link in links:
            item = QListWidgetItem(
                icon(_ICONS[link.target_type]),
                f"{link.target_type.value}: {link.label or 'Untitled'}",
            )
            item.setData(LINK_ROLE, link)
            item.setToolTip(link.label)
            self.list.addItem(item)

    def current_kind(self) -> MemoTarget:
        return MemoTarget(self.kind.currentData())

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self.target.setPlaceholderText(_HINTS[kind])
        if kind is MemoTarget.ENTRY:
            self._entry_ids = dict(self._entry_choices())
            self._model.setStringList(list(self._entry_ids))
        else:
            self._model.setStringList(self._names[kind])

    def commit(self) -> None:
        """Add what is typed (Enter, focus leaving the row, another entry, closing)."""
        self._link_typed()

    def _link_typed(self) -> None:
        text = self.target.text().strip()
        if not text:
            return
        kind = self.current_kind()
        # Cleared first (no typing to undo: Ctrl+Z now undoes the link), since the link
        # runs the flush, which commits this field again.
        self.target.setText("")
        self.link.emit(kind, self._entry_ids.get(text, text) if kind is MemoTarget.ENTRY else text)

    def _link_entries(self, ids: list[str]) -> None:
        for entry_id in ids:
            self.link.emit(MemoTarget.ENTRY, entry_id)

    def _unlink_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            link: MemoLink = item.data(LINK_ROLE)
            self.unlink.emit(link.target_type, link.target_id, link.label)

    def _open(self, item: QListWidgetItem) -> None:
        link: MemoLink = item.data(LINK_ROLE)
        if link.target_type is MemoTarget.ENTRY:
            self.open_entry.emit(link.target_id)
