"""The actor register: a filterable table of actors with create, edit and merge, and the
entries linked to the selected actor (``entry_requested(id)`` opens one)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.enums import ActorKind
from fieldjournal.domain.records import Actor
from fieldjournal.domain.wording import counted
from fieldjournal.gui import commands as uc
from fieldjournal.gui.actors.dialog import ActorDialog
from fieldjournal.gui.actors.models import (
    ACTOR_ROLE,
    ENTRY_ID_ROLE,
    FILTER_ROLE,
    ActorTableModel,
    LinkedEntriesModel,
)
from fieldjournal.gui.codebook.panel import ChoiceAsker, Confirmer, ask_choice, confirm
from fieldjournal.gui.widgets.empty_state import EmptyState
from fieldjournal.gui.widgets.errors import message_for

if TYPE_CHECKING:
    from fieldjournal.gui.operations import Changed, Operations

ActorAsker = Callable[[QWidget, Actor | None, list[str]], tuple[dict[str, Any], bool]]


# Columns of ACTOR_COLUMNS as shown: Name, Pseudonym, Consent, Entries, Sector, Role, Kind.
VISUAL_ORDER = (0, 4, 5, 6, 2, 3, 1)


class ActorPanel(QWidget):
    entry_requested = Signal(str)

    def __init__(self, ops: Operations, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("actorPanel")
        self.setAccessibleName("Actors")
        self.ops, self.journal, self.undo_stack = ops, ops.journal, undo_stack
        self.ask_actor: ActorAsker = ActorDialog.ask
        self.ask_choice: ChoiceAsker = ask_choice
        self.confirm: Confirmer = confirm

        self.model = ActorTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(FILTER_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        # Made first, as they read: the buttons above the filter, the table, the entries.
        tool_buttons = [QToolButton(self) for _ in range(3)]
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by name, alias, pseudonym or role")
        self.filter.setAccessibleName("Filter actors")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QTableView(self)
        self.table.setObjectName("actorTable")
        self.table.setAccessibleName("Actor list")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # What a researcher checks before quoting comes first: name, pseudonym, consent
        # (visible without scrolling in a 1024-px window); kind, sector and role after.
        for visual, logical in enumerate(VISUAL_ORDER):
            header.moveSection(header.visualIndex(logical), visual)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.linked_model = LinkedEntriesModel(self)
        self.linked = QListView(self)
        self.linked.setObjectName("linkedEntries")
        self.linked.setAccessibleName("Entries linked to this actor")
        self.linked.setModel(self.linked_model)
        self.linked.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.empty = EmptyState(self.table, self._empty_hint)
        self.filter.textChanged.connect(self.empty.update_hint)
        self.linked_empty = EmptyState(self.linked, self._linked_hint)
        self.linked_label = QLabel("Linked entries", self)
        self.linked_label.setBuddy(self.linked)

        self.status = QLabel(self)
        self.status.setAccessibleName("Actor register status")
        self.status.setWordWrap(True)

        self.actions_by_name: dict[str, QAction] = {}
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for name, text, shortcut, slot in (
            ("new", "New actor…", "Ctrl+Shift+A", self.new_actor),
            ("edit", "Edit…", "Return", self.edit_current),
            ("merge", "Merge into…", "", self.merge_current),
        ):
            action = QAction(text, self)
            action.setObjectName(f"actor_{name}")
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
            self.actions_by_name[name] = action
            button = tool_buttons.pop(0)
            button.setDefaultAction(action)
            button.setAccessibleName(text.rstrip("…"))
            button.setAutoRaise(True)
            buttons.addWidget(button)
        self.actions_by_name["new"].setShortcutContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        self.addAction(self.actions_by_name["new"])
        buttons.addStretch(1)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.linked_label)
        lower_layout.addWidget(self.linked)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.filter)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda *_: self.edit_current())
        self.linked.activated.connect(self._open_entry)
        ops.changed.connect(self._on_changed)
        ops.failed.connect(self._failed)
        self.reload()

    # --- state -------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.current_actor()
        actors = self.journal.list_actors()
        self.model.set_actors(actors)
        self.table.resizeColumnsToContents()  # names whole; narrow panels scroll sideways
        if current is not None:
            self.select_actor(current.id)
        self._current_changed()
        people = sum(1 for a in actors if a.kind is ActorKind.PERSON)
        self.status.setText(f"{counted(len(actors), 'actor')}, {counted(people, 'person')}")

    def _empty_hint(self) -> str:
        wanted = self.filter.text().strip()
        if wanted:
            return f"No actor matches “{wanted}”."
        return (
            "No actors yet.\n\nCtrl+Shift+A adds a person or an organisation. Names typed "
            "in an entry's Attendees or linked with Ctrl+L are added as you link them."
        )

    def _linked_hint(self) -> str:
        actor = self.current_actor()
        if actor is None:
            return "Select an actor to see the entries linked to them."
        return f"No entry is linked to {actor.name} yet."

    def _on_changed(self, changed: Changed) -> None:
        changes = changed.changes
        if changes.actors or changes.removed_entries:
            self.reload()

    def current_actor(self) -> Actor | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        actor = index.data(ACTOR_ROLE)
        return actor if isinstance(actor, Actor) else None

    def select_actor(self, actor_id: str) -> None:
        row = self.model.row_of(actor_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _current_changed(self, *_: object) -> None:
        actor = self.current_actor()
        for name in ("edit", "merge"):
            self.actions_by_name[name].setEnabled(actor is not None)
        if actor is None:
            self.linked_model.set_entries([])
            self.linked_label.setText("Linked entries")
            return
        entries = self.journal.list_entries(actor=actor.id)
        self.linked_model.set_entries(entries)
        self.linked_label.setText(f"Entries linked to {actor.name} ({len(entries)})")

    def _open_entry(self, index: QModelIndex) -> None:
        entry_id = index.data(ENTRY_ID_ROLE)
        if entry_id:
            self.entry_requested.emit(str(entry_id))

    def _organisations(self) -> list[str]:
        return [a.name for a in self.journal.list_actors() if a.kind is not ActorKind.PERSON]

    # --- commands ----------------------------------------------------------------------
    def _push(self, factory: Callable[[], uc.JournalCommand]) -> bool:
        return uc.push(self.undo_stack, factory(), initiator=self)

    def _failed(self, error: BaseException, _loud: bool, initiator: object) -> None:
        if initiator is self:
            self.status.setText(message_for(error))  # beside the actor it is about, too

    def new_actor(self) -> None:
        values, ok = self.ask_actor(self, None, self._organisations())
        if not ok or not values.get("name"):
            return
        name = values.pop("name")
        fields = {k: v for k, v in values.items() if v not in (None, "", [])}
        command = uc.CreateActorCommand(self.ops, name, **fields)
        if self._push(lambda: command) and command.actor_id:
            self.select_actor(command.actor_id)

    def edit_current(self) -> None:
        actor = self.current_actor()
        if actor is None:
            return
        values, ok = self.ask_actor(self, actor, self._organisations())
        if not ok:
            return
        before = uc.fields_of(actor)
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if changed:
            self._push(lambda: uc.EditActorCommand(self.ops, actor.id, **changed))

    def merge_current(self) -> None:
        actor = self.current_actor()
        if actor is None:
            return
        others = [a.name for a in self.journal.list_actors() if a.id != actor.id]
        if not others:
            self.status.setText("There is no other actor to merge into.")
            return
        target, ok = self.ask_choice(
            self, "Merge actor", f"Merge {actor.name} into (its links move there):", others
        )
        if not ok or not target:
            return
        if not self.confirm(
            self,
            "Merge actors",
            f"Merge {actor.name} into {target}? {actor.name} becomes an alias of {target}. "
            "A merge cannot be undone.",
        ):
            return
        if self._push(lambda: uc.MergeActorsCommand(self.ops, actor.name, target)):
            self.select_actor(self.journal.get_actor(target).id)
