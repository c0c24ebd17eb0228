"""The snapshot table model passes QAbstractItemModelTester and shows what a row means."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType

from PySide6.QtTest import QAbstractItemModelTester

from fieldjournal.domain.backups import BEFORE_UPGRADE, Snapshot
from fieldjournal.gui.backups.snapshot_model import SnapshotModel

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def test_rows_say_time_age_size_entries_and_check() -> None:
    model = SnapshotModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    good = Snapshot(
        Path("snapshot-a.db"),
        NOW - timedelta(hours=3),
        2_500_000,
        MappingProxyType({"entry": 1234}),
        verified=True,
    )
    upgrade = Snapshot(
        Path("journal-before.db"), NOW - timedelta(days=40), 100, kind=BEFORE_UPGRADE
    )
    unchecked = Snapshot(Path("snapshot-b.db"), NOW - timedelta(seconds=20), 10)
    model.reset([unchecked, good, upgrade], now=NOW)
    rows = [[model.index(r, c).data() for c in range(1, 5)] for r in range(3)]
    assert rows == [
        ["just now", "0.0 MB", "", "not verified"],
        ["3 h ago", "2.5 MB", "1,234", "verified"],
        ["40 d ago", "0.0 MB", "", "before an upgrade"],
    ]
    assert model.snapshot(1) == good and model.snapshot(3) is None
    model.reset([])
    assert model.rowCount() == 0
    del tester
