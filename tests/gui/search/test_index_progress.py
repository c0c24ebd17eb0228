"""Index building shows as a progress bar in the status bar and repairs are reported."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import QProgressBar
from pytestqt.qtbot import QtBot

from fieldjournal.gui.search.index_progress import IndexProgress


@dataclass
class _Status:
    indexed: int
    total: int
    busy: bool
    problems: tuple[str, ...] = ()


@dataclass
class _Journal:
    statuses: list[_Status] = field(default_factory=list)

    def index_status(self) -> _Status:
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]


def test_progress_while_indexing_then_hidden_and_problems_said_once(qtbot: QtBot) -> None:
    bar = QProgressBar()
    qtbot.addWidget(bar)
    bar.show()
    journal = _Journal(
        [
            _Status(1200, 50_000, True),
            _Status(50_000, 50_000, False, ("3 entries were missing from the index",)),
        ]
    )
    # a stand-in with only index_status(), all IndexProgress reads of its Journal
    progress = IndexProgress(journal, bar)  # type: ignore[arg-type]
    assert bar.isVisible() and (bar.value(), bar.maximum()) == (1200, 50_000)
    with qtbot.waitSignal(progress.message) as told:
        progress.poll()
    assert not bar.isVisible()
    assert "3 entries were missing" in told.args[0]
    with qtbot.assertNotEmitted(progress.message):
        progress.poll()
    progress.stop()
