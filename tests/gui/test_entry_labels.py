"""An untitled note is named by its first line alike in the timeline, search, the actors'
entry lists, the command line, and the file names offered for exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog

from fieldjournal import Journal
from fieldjournal.cli import main
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.search.model import SearchModel
from fieldjournal.gui.timeline.model import ENTRY_ID_ROLE, TimelineModel

BODY = "\n\nThe well at Millbrook ran dry on Tuesday\nSam Okoro brought water."
LINE = "The well at Millbrook ran dry on Tuesday"


def _timeline_label(journal: Journal, entry_id: str) -> str:
    model = TimelineModel(journal)
    model.fetchMore(QModelIndex())
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ENTRY_ID_ROLE) == entry_id:
            return str(index.data(Qt.ItemDataRole.DisplayRole))
    raise AssertionError("entry not in the timeline")


def test_untitled_note_reads_the_same_in_timeline_and_search(gui_journal: Journal) -> None:
    entry = gui_journal.add_entry(body=BODY, occurred_at="2016-04-05T10:00:00+01:00")
    gui_journal.add_entry(title="Market day", body="Stalls and the well.")
    search = SearchModel(gui_journal)
    search.run(EntryQuery(text="dry"))
    assert search.rowCount() == 1
    assert search.index(0, 0).data() == LINE == _timeline_label(gui_journal, entry.id)
    assert LINE in search.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert entry.label == LINE


def test_the_command_line_names_untitled_notes_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Journal.open(tmp_path / "cli-study") as journal:
        entry = journal.add_entry(body=BODY)
    for args in (["list"], ["search", "dry"], ["show", entry.id]):
        assert main(["--journal", str(tmp_path / "cli-study"), *args]) == 0
        out = capsys.readouterr().out
        assert LINE in out and "untitled" not in out


def test_export_offers_a_name_valid_everywhere(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[str] = []

    def fake_save(*args: object) -> tuple[str, str]:
        offered.append(str(args[2]))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    assert window.journal is not None
    monkeypatch.setattr(type(window.journal), "name", property(lambda _: "aux: 2016/17"))
    window.ask_export()
    assert Path(offered[0]).name == "aux - 2016 - 17.jsonl"
