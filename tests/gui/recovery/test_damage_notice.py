"""The app on a damaged journal: one message after the background check, with Salvage…."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.errors import JournalDamaged
from fieldjournal.gui.main_window import MainWindow
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
