"""The snapshot list as a table model: time, age, size, entries, verified."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fieldjournal.domain.backups import BEFORE_UPGRADE, Snapshot

HEADERS = ("Taken", "Age", "Size", "Entries", "Check")
Index = QModelIndex | QPersistentModelIndex


def age_text(snapshot: Snapshot, now: datetime) -> str:
    seconds = max(0, int((now - snapshot.created_at).total_seconds()))
    for unit, size in (("d", 86_400), ("h", 3_600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def check_text(snapshot: Snapshot) -> str:
    if snapshot.kind == BEFORE_UPGRADE:
        return "before an upgrade"
    return "verified" if snapshot.verified else "not verified"


class SnapshotModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.snapshots: list[Snapshot] = []
        self._now = datetime.now(UTC)

    def reset(self, snapshots: list[Snapshot], now: datetime | None = None) -> None:
        self.beginResetModel()
        self.snapshots = list(snapshots)
        self._now = now or datetime.now(UTC)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.snapshots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.snapshots):
            return None
        snapshot = self.snapshots[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(snapshot.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return f"{snapshot.created_at.astimezone():%Y-%m-%d %H:%M:%S}"
        if column == 1:
            return age_text(snapshot, self._now)
        if column == 2:
            return f"{snapshot.size / 1e6:.1f} MB"
        if column == 3:
            return "" if snapshot.entries is None else f"{snapshot.entries:,}"
        return check_text(snapshot)

    def snapshot(self, row: int) -> Snapshot | None:
        return self.snapshots[row] if 0 <= row < len(self.snapshots) else None
