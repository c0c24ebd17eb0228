"""Item models of the actor register: the actors table and an actor's linked entries."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QGuiApplication

from fieldjournal.domain.records import Actor, EntrySummary
from fieldjournal.gui.actors.dialog import CONSENT_LABELS, SECTOR_LABELS
from fieldjournal.gui.widgets.contrast_style import caution_colour

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
ACTOR_ROLE = Qt.ItemDataRole.UserRole + 1
FILTER_ROLE = Qt.ItemDataRole.UserRole + 2
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 3
ACTOR_COLUMNS = ("Name", "Kind", "Sector", "Role", "Pseudonym", "Consent", "Entries")


def _cells(actor: Actor) -> tuple[str | int, ...]:
    return (
        actor.name,
        actor.kind.value.capitalize(),
        SECTOR_LABELS[actor.sector] if actor.sector else "",
        actor.role,
        actor.pseudonym,
        CONSENT_LABELS[actor.consent],
        actor.entry_count,
    )


def actor_tooltip(actor: Actor) -> str:
    lines = [actor.name]
    if actor.aliases:
        lines.append("Also called: " + ", ".join(actor.aliases))
    if actor.affiliation:
        lines.append("Affiliation: " + actor.affiliation)
    if not actor.consent.may_quote:
        lines.append("Consent: do not quote")
    if actor.notes:
        lines.append(actor.notes if len(actor.notes) < 200 else actor.notes[:199] + "…")
    return "\n".join(lines)


class ActorTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actors: list[Actor] = []

    def set_actors(self, actors: list[Actor]) -> None:
        self.beginResetModel()
        self._actors = sorted(actors, key=lambda a: a.name.casefold())
        self.endResetModel()

    def actor_at(self, row: int) -> Actor | None:
        return self._actors[row] if 0 <= row < len(self._actors) else None

    def row_of(self, actor_id: str) -> int:
        return next((i for i, a in enumerate(self._actors) if a.id == actor_id), -1)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._actors)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(ACTOR_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(ACTOR_COLUMNS)
        ):
            return ACTOR_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        actor = self._actors[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _cells(actor)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return actor_tooltip(actor)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == len(ACTOR_COLUMNS) - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 5 and not actor.consent.may_quote:
            # No quotes / withdrawn: the researcher must notice, on any palette.
            return caution_colour(QGuiApplication.palette())
        if role == ACTOR_ROLE:
            return actor
        if role == FILTER_ROLE:
            return " ".join((actor.name, *actor.aliases, actor.pseudonym, actor.role))
        return None


class LinkedEntriesModel(QAbstractListModel):
    """Entries linked to one actor, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[EntrySummary] = []

    def set_entries(self, entries: list[EntrySummary]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{entry.occurred_at:%Y-%m-%d}  {entry.label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.kind.label}, {entry.occurred_at:%d %B %Y %H:%M}\n{entry.first_line}"
        if role == ENTRY_ID_ROLE:
            return entry.id
        return None
