"""File > Import… and File > Export…: off the GUI thread, progress in the status bar,
errors as a message in the window, views refreshed after an import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.records import Entry
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.timeline.model import BULK_CHANGES


def _answer_dialog(monkeypatch: pytest.MonkeyPatch, name: str, path: Path) -> None:
    """Stand in for the file dialog: no modal loop, the researcher picks ``path``."""
    monkeypatch.setattr(QFileDialog, name, lambda *args, **kw: (str(path), ""))


def _finish(qtbot: QtBot, window: MainWindow) -> None:
    tasks = window.tasks
    assert tasks is not None
    qtbot.waitUntil(lambda: not tasks.busy, timeout=10_000)


def _exported_journal(tmp_path: Path) -> Path:
    """A small journal of another researcher, exported as JSON Lines."""
    with Journal.open(tmp_path / "other") as other:
        other.add_actor("Tamsin Loveday", sector="voluntary")
        other.add_code("access/waiting")
        other.add_entry(title="Clinic queue", body="Long wait.", actors=["Tamsin Loveday"])
        other.add_entry(title="Coffee", body="Tamsin on waiting.", codes=["access/waiting"])
        path = tmp_path / "other.jsonl"
        path.write_text("".join(line + "\n" for line in other.export_lines()), "utf-8")
    return path


def test_export_writes_the_whole_journal_off_the_gui_thread(
    qtbot: QtBot,
    window: MainWindow,
    gui_journal: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gui_journal.add_entry(title="Harbour walk", body="Nets drying at Porthkerris.")
    target = tmp_path / "out" / "study.jsonl"
    target.parent.mkdir()
    _answer_dialog(monkeypatch, "getSaveFileName", target)
    window.menu_actions.export_action.trigger()
    # Until the worker's answer is delivered the window shows it is busy.
    assert window.progress.isVisible() and not window.menu_actions.export_action.isEnabled()
    assert "Exporting" in window.statusBar().currentMessage()
    _finish(qtbot, window)
    assert target.read_text("utf-8").splitlines() == list(gui_journal.export_lines())
    assert [p.name for p in target.parent.iterdir()] == ["study.jsonl"]  # no temp file left
    assert not window.progress.isVisible() and window.menu_actions.export_action.isEnabled()
    assert "Exported" in window.statusBar().currentMessage()


def test_import_refreshes_timeline_actors_and_codebook(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer_dialog(monkeypatch, "getOpenFileName", _exported_journal(tmp_path))
    workspace = window.workspace
    assert workspace is not None
    window.menu_actions.import_action.trigger()
    assert not window.menu_actions.import_action.isEnabled()
    _finish(qtbot, window)
    qtbot.waitUntil(lambda: workspace.timeline.model.total == 2)
    qtbot.waitUntil(lambda: workspace.actors.model.rowCount() == 1)
    assert "access/waiting" in workspace.codebook.model.paths()
    assert "Imported 2 entries" in window.statusBar().currentMessage()


def test_a_bad_line_is_reported_and_nothing_is_imported(
    qtbot: QtBot,
    window: MainWindow,
    gui_journal: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good = _exported_journal(tmp_path).read_text("utf-8").splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([*good, "{not json"]) + "\n", "utf-8")
    _answer_dialog(monkeypatch, "getOpenFileName", broken)
    window.menu_actions.import_action.trigger()
    _finish(qtbot, window)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and f"line {len(good) + 1}" in boxes[0].text()
    assert gui_journal.count_entries() == 0 and gui_journal.list_actors() == []
    assert window.menu_actions.import_action.isEnabled() and not window.progress.isVisible()


def test_a_file_that_is_not_utf8_gets_a_clear_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"title": "Café"}\n'.encode("latin-1"))
    _answer_dialog(monkeypatch, "getOpenFileName", latin)
    window.menu_actions.import_action.trigger()
    _finish(qtbot, window)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "not UTF-8 text" in boxes[0].text()


def test_cancelled_dialog_starts_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    window.menu_actions.export_action.trigger()
    assert window.tasks is not None and not window.tasks.busy
    assert not window.progress.isVisible()


def test_a_large_import_reloads_the_timeline_instead_of_reading_each_entry(
    qtbot: QtBot,
    window: MainWindow,
    gui_journal: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with Journal.open(tmp_path / "big") as big:
        for n in range(BULK_CHANGES + 1):
            big.add_entry(title=f"Visit {n}", body="Gulls over Polwithen.")
        lines = list(big.export_lines())
    source = tmp_path / "big.jsonl"
    source.write_text("\n".join(lines) + "\n", "utf-8")
    looked_up: list[int] = []
    real = gui_journal.get_entries

    def counted(ids: list[str]) -> list[Entry]:
        looked_up.append(len(ids))
        return real(ids)

    monkeypatch.setattr(gui_journal, "get_entries", counted)
    _answer_dialog(monkeypatch, "getOpenFileName", source)
    window.menu_actions.import_action.trigger()
    _finish(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    qtbot.waitUntil(lambda: workspace.timeline.model.total == BULK_CHANGES + 1)
    assert all(count <= BULK_CHANGES for count in looked_up)  # never one read per entry
