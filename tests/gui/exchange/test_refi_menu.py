"""File › Export › REFI-QDA… and File › Import › REFI-QDA…: off the GUI thread, with
progress; an import shows its dry run first and changes nothing until Import."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.gui.exchange.refi_dialogs import RefiExportDialog, RefiPreviewDialog
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.workspace import Workspace
from tests.gui.conftest import OpenNewEntry


def _finish(qtbot: QtBot, window: MainWindow) -> None:
    tasks = window.tasks
    assert tasks is not None
    qtbot.waitUntil(lambda: not tasks.busy, timeout=20_000)


def _text_of(project: Path) -> str:
    """Every part of an exported project, as one text."""
    with zipfile.ZipFile(project) as zipped:
        return b"".join(zipped.read(n) for n in zipped.namelist()).decode("utf-8")


def _project(tmp_path: Path) -> Path:
    with Journal.open(tmp_path / "other") as other:
        other.add_actor("Tamsin Loveday", sector="voluntary", pseudonym="Ria Penrose")
        entry = other.add_entry(title="Clinic queue", body="Tamsin waited long.")
        other.code_segment(entry.id, "access/waiting", 7, 19)
        path = tmp_path / "other.qdpx"
        other.export_qdpx(path, real_names=True)
    return path


def test_the_menus_hold_the_refi_actions(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    texts = {a.text() for a in file_menu.actions()}
    assert {"&Import", "&Export"} <= texts
    assert window.menu_actions.refi_import_action.text().startswith("&REFI-QDA")
    assert (
        window.menu_actions.refi_export_action.isEnabled()
        and window.menu_actions.refi_codebook_action.isEnabled()
    )


def test_export_a_project_pseudonymised_off_the_gui_thread(
    qtbot: QtBot,
    window: MainWindow,
    gui_journal: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gui_journal.add_actor("Tamsin Loveday", pseudonym="Ria Penrose")
    gui_journal.add_entry(title="Harbour", body="Tamsin mended nets at Porthkerris.")
    target = tmp_path / "study.qdpx"
    monkeypatch.setattr(window.refi, "ask_export", lambda *a: ((target, False), True))
    window.menu_actions.refi_export_action.trigger()
    assert not window.menu_actions.refi_export_action.isEnabled() and window.progress.isVisible()
    _finish(qtbot, window)
    text = _text_of(target)
    assert "Ria mended nets" in text and "Tamsin" not in text
    assert "wrote" in window.statusBar().currentMessage()


def test_the_export_has_what_was_typed_a_moment_ago(
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    open_new_entry: OpenNewEntry,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The task goes through the workspace's runner, which saves the editor first."""
    open_new_entry(title="Quay", body="")
    qtbot.keyClicks(workspace.editor.body, "nets drying on the quay")
    assert workspace.editor.dirty
    target = tmp_path / "study.qdpx"
    monkeypatch.setattr(window.refi, "ask_export", lambda *a: ((target, False), True))
    window.menu_actions.refi_export_action.trigger()
    assert not workspace.editor.dirty
    _finish(qtbot, window)
    assert "nets drying on the quay" in _text_of(target)


def test_export_the_codebook(
    qtbot: QtBot,
    window: MainWindow,
    gui_journal: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gui_journal.add_code("access/waiting", description="Queues")
    target = tmp_path / "codes.qdc"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.menu_actions.refi_codebook_action.trigger()
    _finish(qtbot, window)
    assert b'name="waiting"' in target.read_bytes()


@pytest.mark.parametrize("accept", [True, False])
def test_import_previews_then_imports_only_on_import(
    qtbot: QtBot,
    window: MainWindow,
    gui_journal: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    accept: bool,
) -> None:
    source = _project(tmp_path)
    shown: list[str] = []

    def ask(name: str, report: str, parent: object) -> tuple[None, bool]:
        shown.append(report)
        assert gui_journal.list_entries() == []  # nothing changed by the preview
        return None, accept

    monkeypatch.setattr(window.refi, "ask_preview", ask)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    window.menu_actions.refi_import_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "would import other.qdpx" in shown[0] and "entries: 1 created" in shown[0]
    _finish(qtbot, window)
    titles = [e.title for e in gui_journal.list_entries()]
    assert titles == (["Clinic queue"] if accept else [])


def test_a_hostile_file_is_refused_in_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    shown: list[str] = []

    def ask(*_: object) -> tuple[None, bool]:
        shown.append("asked")
        return None, True

    monkeypatch.setattr(window.refi, "ask_preview", ask)
    monkeypatch.setattr("fieldjournal.gui.main_window.show_error", lambda *a: None)
    window.refi.preview(bad)
    _finish(qtbot, window)
    assert shown == [] and window.refi.pending is None
    assert "not a zip archive" in window.statusBar().currentMessage()


def test_the_dialogs_return_what_was_chosen(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = RefiExportDialog(tmp_path / "x.qdpx")
    qtbot.addWidget(dialog)
    assert not dialog.warning.isVisibleTo(dialog)
    dialog.real_names_box.setChecked(True)
    assert dialog.warning.isVisibleTo(dialog)
    assert dialog.value() == (tmp_path / "x.qdpx", True)
    preview = RefiPreviewDialog("x.qdpx", "would import x.qdpx:")
    qtbot.addWidget(preview)
    assert preview.text.toPlainText() == "would import x.qdpx:"
    assert preview.import_button.text() == "Import"


@pytest.mark.parametrize("accept", [True, False])
def test_import_a_codebook_previews_then_imports_only_on_import(
    qtbot: QtBot,
    window: MainWindow,
    gui_journal: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    accept: bool,
) -> None:
    with Journal.open(tmp_path / "other") as other:
        other.add_code("access/waiting", description="Queues")
        other.export_qdc(tmp_path / "codes.qdc")
    shown: list[str] = []

    def ask(name: str, report: str, parent: object) -> tuple[None, bool]:
        shown.append(report)
        assert gui_journal.codes.all() == []  # nothing changed by the preview
        return None, accept

    monkeypatch.setattr(window.refi, "ask_preview", ask)
    path = str(tmp_path / "codes.qdc")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (path, ""))
    window.menu_actions.refi_codebook_import_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "would import codes.qdc" in shown[0] and "codes: 2 created" in shown[0]
    _finish(qtbot, window)
    paths = [c.path for c in gui_journal.codes.all()]
    assert paths == (["access", "access/waiting"] if accept else [])
    if accept:
        assert "Imported codes.qdc" in window.statusBar().currentMessage()
