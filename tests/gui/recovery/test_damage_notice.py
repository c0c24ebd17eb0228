"""The app on a damaged journal: one message after the background check, with Salvage…."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.errors import JournalDamaged
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.recovery.damage_notice import DamageNotice
from fieldjournal.gui.settings import AppSettings
from fieldjournal.gui.widgets.errors import install_excepthook
from tests.storage.damage import DAMAGES, fill_sample_journal


@pytest.mark.parametrize("damage", ["revision table leaf", "entry table interior"])
def test_a_damaged_journal_says_so_once_and_offers_salvage(
    qtbot: QtBot,
    app_settings: AppSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: str,
) -> None:
    folder = tmp_path / "journal"
    facts = fill_sample_journal(folder, entries=30)
    DAMAGES[damage](folder / "journal.db")
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box))
    informed: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: informed.append(text))
    target = tmp_path / "rescued.jsonl"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    journal = Journal.open(folder, create=False)
    window = MainWindow(app_settings, lambda *_a: journal)
    qtbot.addWidget(window)
    hook = sys.excepthook
    install_excepthook(lambda: window)  # as the app does: reads that fail reach the notice
    try:
        with qtbot.capture_exceptions() as raised:
            window.attach(journal)  # the listing may already fail: the notice says why
            qtbot.waitUntil(lambda: bool(shown), timeout=20_000)  # after the integrity check
        for _kind, error, trace in raised:
            assert isinstance(error, JournalDamaged)
            sys.excepthook(type(error), error, trace)
        notice = window.damage_notice
        assert notice is not None and notice.salvage_button is not None
        text = shown[0].text()
        assert "is damaged" in text and "read-only" in text and "Salvage" not in text
        assert "\n" not in text and "http" not in text
        with qtbot.waitSignal(notice.salvaged, timeout=30_000):
            notice.salvage_button.click()
        records = [json.loads(line) for line in target.read_text(encoding="utf-8").split("\n")[:-1]]
        salvaged = {r["id"] for r in records if r["type"] == "entry"}
        assert salvaged and salvaged <= set(facts["entries"])
        assert informed and informed[0].startswith("Saved ")
        assert len(shown) == 1  # once, not at every check or save
    finally:
        sys.excepthook = hook
        window.detach()
        journal.close()


def test_the_check_and_salvage_run_through_the_windows_runner_off_the_gui_thread(
    qtbot: QtBot,
    window: MainWindow,
    gui_journal: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A journal too damaged to list has no workspace: the window's runner runs both, and
    a salvage that fails is said where every refused action is (status bar and dialog)."""
    checked_on: list[threading.Thread] = []
    verify = gui_journal.verify_database

    def watched() -> JournalDamaged | None:
        checked_on.append(threading.current_thread())
        return verify()

    monkeypatch.setattr(gui_journal, "verify_database", watched)
    reports: list[tuple[str, bool]] = []
    window.ops.failed.connect(lambda error, loud, _who: reports.append((str(error), loud)))
    notice = DamageNotice(gui_journal, window.ops, window)
    notice.start()
    qtbot.waitUntil(lambda: bool(checked_on))
    assert checked_on[0] is not threading.main_thread()
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box))

    def refused(_target: object) -> None:
        assert threading.current_thread() is not threading.main_thread()
        raise OSError(28, "No space left on device", str(tmp_path / "rescued.jsonl"))

    monkeypatch.setattr(gui_journal, "salvage", refused)
    notice.salvage_to(tmp_path / "rescued.jsonl")
    qtbot.waitUntil(lambda: bool(reports), timeout=10_000)
    assert len(reports) == 1 and reports[0][1]  # once, loud: the researcher waited
    assert "No space left on device" in window.statusBar().currentMessage()
    assert shown and "No space left on device" in shown[-1].text()  # the runner's dialog
    notice.wait()
