"""The one export dialog shape: the four exports ask for the file and real names alike,
in the order Tab takes, with the names a screen reader says."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from fieldjournal.gui.analysis.export_dialog import ChartExportDialog
from fieldjournal.gui.chapters.export_dialog import ChapterExportDialog
from fieldjournal.gui.codebook.report_dialog import CodeReportDialog
from fieldjournal.gui.exchange.refi_dialogs import RefiExportDialog
from fieldjournal.gui.widgets.pseudonymised_export import (
    REAL_NAMES_LABEL,
    PseudonymisedExportDialog,
)


def tab_stops(dialog: QDialog) -> list[QWidget]:
    """The widgets Tab visits, from the first, once round."""
    stops: list[QWidget] = []
    widget = dialog.nextInFocusChain()
    while widget is not None and widget is not dialog and widget not in stops:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(dialog):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def dialogs(folder: Path) -> list[tuple[PseudonymisedExportDialog, list[str]]]:
    """Each export's dialog and its own fields before the names, in Tab's order."""
    chart = ChartExportDialog(folder / "Activity.png")
    chapter = ChapterExportDialog(folder / "c.docx")
    report = CodeReportDialog(["Trust", "Funding"], "Trust", folder)
    refi = RefiExportDialog(folder / "x.qdpx")
    return [
        (chart, ["format_box", "path_edit", "browse_button"]),
        (chapter, ["path_edit", "browse_button", "author_edit", "style_box", "sources_box"]),
        (
            report,
            ["code_combo", "path_edit", "browse_button", "author_edit"]
            + [f"citation:{name}" for name in report.citation_boxes],
        ),
        (refi, ["path_edit", "browse_button"]),
    ]


def test_every_export_asks_for_the_file_and_real_names_in_one_order(
    qtbot: QtBot, tmp_path: Path
) -> None:
    for dialog, fields in dialogs(tmp_path):
        qtbot.addWidget(dialog)
        assert isinstance(dialog, PseudonymisedExportDialog)
        expected = [
            dialog.citation_boxes[f.split(":")[1]]  # type: ignore[attr-defined]
            if f.startswith("citation:")
            else getattr(dialog, f)
            for f in fields
        ]
        stops = tab_stops(dialog)
        assert stops[: len(expected) + 1] == [*expected, dialog.real_names_box], type(dialog)
        assert dialog.path_edit.accessibleName() == "File"
        assert dialog.browse_button.accessibleName() == "Choose the file"
        assert dialog.real_names_box.text() == REAL_NAMES_LABEL
        assert not dialog.real_names_box.isChecked()  # pseudonymised unless asked
        assert not dialog.warning.isVisibleTo(dialog)
        dialog.real_names_box.setChecked(True)
        assert dialog.warning.isVisibleTo(dialog) and "name participants" in dialog.warning.text()


@pytest.mark.parametrize(
    ("make", "chosen", "written"),
    [
        (lambda f: ChapterExportDialog(f / "c.docx"), "draft", "draft.docx"),
        (lambda f: RefiExportDialog(f / "x.qdpx"), "study.qdpx", "study.qdpx"),
        (lambda f: CodeReportDialog(["Trust"], "Trust", f), "trust", "trust.docx"),
        (lambda f: ChartExportDialog(f / "Activity.png"), "chart.svg", "chart.png"),
    ],
)
def test_browse_keeps_the_exports_suffix(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: object,
    chosen: str,
    written: str,
) -> None:
    dialog = make(tmp_path)  # type: ignore[operator]
    qtbot.addWidget(dialog)
    filters: list[str] = []

    def pick(_parent: object, _title: str, _start: str, file_filter: str) -> tuple[str, str]:
        filters.append(file_filter)
        return str(tmp_path / chosen), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", pick)
    dialog.browse_button.click()
    assert dialog.path_edit.text() == str(tmp_path / written)
    assert f"*.{dialog.suffix()}" in filters[0]
    assert dialog.target() == tmp_path / written


def test_the_suggested_file_and_the_placeholders_show_whole(qtbot: QtBot, tmp_path: Path) -> None:
    """A suggested path cut at the field's edge cannot be checked before saving, and a cut
    placeholder does not say what a field is for."""
    suggested = Path("/home/sam/Thesis/Trust across sectors - draft 2016-04-05.docx")
    dialog = ChapterExportDialog(suggested)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for edit, text in (
        (dialog.path_edit, dialog.path_edit.text()),
        (dialog.author_edit, dialog.author_edit.placeholderText()),
    ):
        shown = edit.contentsRect().width() - edit.textMargins().left() - edit.textMargins().right()
        assert edit.fontMetrics().horizontalAdvance(text) <= shown, text
    # A path too long for any screen keeps the dialog narrow and shows the file's name
    long = ChapterExportDialog(tmp_path / ("deep folder " * 12) / "Trust.docx")
    qtbot.addWidget(long)
    long.show()
    qtbot.waitExposed(long)
    assert long.width() < 1024
    assert long.path_edit.cursorPosition() == len(long.path_edit.text())
