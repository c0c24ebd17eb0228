"""Codes panel › Report to Word…: the command line's options, progress, the export report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialogButtonBox, QProgressDialog, QWidget
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.exchange.chapter_blocks import CitationStyle
from fieldjournal.gui.codebook.panel import CodebookPanel
from fieldjournal.gui.codebook.report_dialog import CodeReportDialog
from fieldjournal.gui.operations import Operations
from fieldjournal.gui.widgets.export_progress import ExportProgress
from fieldjournal.services.chapter_service import ExportOptions, ExportReport

BODY = "Rhian Gwyther said the council had stopped listening."


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j") as j:
        j.add_actor("Rhian Gwyther", pseudonym="Nia", consent="consented")
        entry = j.add_entry(
            kind="meeting",
            title="Forum",
            body=BODY,
            occurred_at="2016-04-05T10:00+01:00",
            site="Chapel vestry",
            actors=["Rhian Gwyther"],
        )
        j.code_segment(entry.id, "Trust/System trust", 0, len(BODY))
        yield j


@pytest.fixture
def panel(qtbot: QtBot, journal: Journal) -> CodebookPanel:
    widget = CodebookPanel(Operations(journal), QUndoStack(), None)
    qtbot.addWidget(widget)
    return widget


def test_the_dialog_asks_what_the_command_line_does(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CodeReportDialog(
        ["Trust", "Trust/System trust"],
        "Trust/System trust",
        tmp_path,
        ExportOptions(author="A. Writer", citation=CitationStyle(("kind", "date"))),
    )
    qtbot.addWidget(dialog)
    code, path, options = dialog.value()
    assert code == "Trust/System trust" and not options.real_names  # pseudonymised
    assert path == tmp_path / "Code report - Trust - System trust.docx"  # no "/" or ":"
    assert options.author == "A. Writer" and options.citation.fields == ("kind", "date")
    dialog.code_combo.setCurrentText("Trust")  # the offered file follows the code
    assert dialog.value()[1] == tmp_path / "Code report - Trust.docx"
    for box in dialog.citation_boxes.values():
        box.setChecked(False)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()  # a citation shows something
    dialog.citation_boxes["title"].setChecked(True)
    dialog.real_names_box.setChecked(True)
    assert save.isEnabled() and dialog.value()[2].citation.fields == ("title",)
    assert dialog.value()[2].real_names


def test_report_to_word_with_progress_and_the_report(
    qtbot: QtBot, panel: CodebookPanel, tmp_path: Path
) -> None:
    out = tmp_path / "trust.docx"
    asked: list[tuple[list[str], str]] = []

    def answer(
        parent: QWidget, codes: list[str], current: str, folder: Path, defaults: ExportOptions
    ) -> tuple[tuple[str, Path, ExportOptions] | None, bool]:
        asked.append((codes, current))
        return (current, out, ExportOptions(citation=CitationStyle(("site",)))), True

    shown: list[ExportReport] = []
    panel.ask_report = answer
    panel.show_report = lambda parent, report: shown.append(report)
    panel.select_code("Trust")
    assert panel.actions_by_name["report"].isEnabled()
    panel.actions_by_name["report"].trigger()
    export = panel._export
    assert export is not None
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert asked == [(["Trust", "Trust/System trust"], "Trust")]
    (report,) = shown
    assert report.path == out and report.excerpts == 1 and not report.real_names
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Nia said the council" in text and "Rhian" not in text
    assert "(Chapel vestry)" in text  # the citation as asked
    assert "Exported 1 excerpt" in panel.status.text() and "pseudonymised" in panel.status.text()
    assert export.last is not None and export.last.stage == "check"  # progress was followed


def test_a_cancelled_report_writes_nothing(
    qtbot: QtBot, panel: CodebookPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "never.docx"
    panel.ask_report = lambda *args: (("Trust", out, ExportOptions()), True)
    panel.show_report = lambda parent, report: pytest.fail("nothing was exported")
    start = ExportProgress.start

    def cancelled_at_once(self: ExportProgress, *args: Any, **kwargs: Any) -> bool:
        self.dialog.canceled.emit()  # Cancel pressed before the first step
        return start(self, *args, **kwargs)

    monkeypatch.setattr(ExportProgress, "start", cancelled_at_once)
    panel.select_code("Trust")
    assert panel.report_current()
    qtbot.waitUntil(lambda: "cancelled" in panel.status.text(), timeout=10_000)
    assert not out.exists() and panel._export is None
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in panel.children())
