"""The window around the workspace: title, menus, remembered layout, journals, errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.app import choose_journal, open_journal
from fieldjournal.domain.errors import DiskFull, InvalidInput
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.settings import AppSettings
from fieldjournal.gui.widgets import errors
from fieldjournal.gui.widgets.on_screen import call_when_exposed
from fieldjournal.gui.workspace import pane_widths
from tests.gui.helpers import failures, retype


def test_title_menus_and_accessible_names(window: MainWindow) -> None:
    assert window.windowTitle() == "mcp-study — Fieldjournal"
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "Entry", "Code", "View", "Help"]
    unnamed = [
        w
        for w in window.findChildren(QWidget)
        if w.isVisible()
        and w.focusPolicy() != w.focusPolicy().NoFocus
        and not w.accessibleName()
        and type(w).__name__ not in {"QScrollBar", "QTabBar", "QToolButton", "QSplitterHandle"}
        and not w.objectName().startswith("qt_")
    ]
    assert [type(w).__name__ for w in unnamed] == []


def test_the_window_opens_a_journal_on_a_worker_thread_and_remembers_it(
    qtbot: QtBot, app_settings: AppSettings, tmp_path: Path
) -> None:
    window = MainWindow(app_settings, open_journal)
    qtbot.addWidget(window)
    window.show()
    path = str(tmp_path / "pilot-study")
    window.open_journal(path)
    assert window.windowTitle() == "pilot-study — Fieldjournal"  # at once, before opening
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert app_settings.last_journal == str(Path(path).resolve())
    assert app_settings.recent_journals()[0] == app_settings.last_journal
    # The offscreen screen is 800 wide: a window that needs more cannot be used on a small one.
    assert window.minimumSizeHint().width() < 790
    wide = window.minimumSizeHint().width() + 4
    window.resize(wide, 560)
    window.close()
    again = MainWindow(app_settings, open_journal)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (wide, 560)
    assert choose_journal(None, app_settings) in (
        app_settings.last_journal,
        str(tmp_path / "default-journal"),
    )


def test_open_journal_from_the_file_menu_reports_a_folder_that_is_no_journal(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "not-a-journal"
    empty.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(empty))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box.text()))
    reported: list[bool] = []  # the window's runner (no journal open) says why, once
    window.ops.failed.connect(lambda _error, loud, _who: reported.append(loud))
    window.menu_actions.open_journal_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "no journal at" in shown[0]
    assert window.workspace is None
    qtbot.waitUntil(lambda: not window._opener.busy)
    assert reported == [True] and len(shown) == 1
    assert window.statusBar().currentMessage() == "The journal could not be opened"


def test_errors_become_messages_and_unexpected_ones_are_logged(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: boxes.append(box))
    logged: list[str] = []
    monkeypatch.setattr(
        errors, "log_unexpected", lambda error, _where: logged.append(type(error).__name__)
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook(lambda: window)
    sys.excepthook(InvalidInput, InvalidInput("the end time is before the start time"), None)
    assert boxes[-1].text() == "the end time is before the start time"
    assert logged == []
    try:
        raise KeyError("boom")
    except KeyError as error:
        sys.excepthook(KeyError, error, error.__traceback__)
    assert "Something went wrong" in boxes[-1].text() and "KeyError" in logged[0]
    assert "boom" not in boxes[-1].text()  # a message may hold note text: never shown


def test_an_invalid_edit_is_refused_but_the_typed_text_is_saved(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry = gui_journal.add_entry(title="Visit", occurred_at="2016-04-05T10:00+01:00")
    workspace.open_entry(entry.id)
    editor = workspace.editor
    editor.has_end.setChecked(True)
    retype(qtbot, editor.ended, "09:00")
    qtbot.keyClicks(editor.body, "typed words survive")
    refused = failures(workspace.ops)
    assert not editor.save_now()
    assert len(refused) == 1 and "end time is before" in refused[0]  # reported once
    assert "end time is before" in window.statusBar().currentMessage()
    assert editor.dirty and gui_journal.get_entry(entry.id).body == "typed words survive"
    assert gui_journal.get_entry(entry.id).ended_at is None
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: boxes.append(box.text()))
    assert not window.close()  # refused: stays open to be fixed
    assert window.workspace is not None and len(boxes) == 1 and "end time" in boxes[0]
    editor.has_end.setChecked(False)


def test_many_void_calls_do_not_abort_pyside() -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None per void call and aborts."""
    code = (
        "from PySide6.QtWidgets import QApplication, QWidget\n"
        "app = QApplication([])\n"
        "w = QWidget()\n"
        "for n in range(300_000):\n"
        "    w.setWindowTitle('t')\n"
        "print('done')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "done"


def test_importing_the_app_does_not_import_the_storage_stack() -> None:
    """The window must show before SQLAlchemy loads (startup time of big journals)."""
    code = (
        "import sys, fieldjournal.app\n"
        "heavy = [m for m in ('sqlalchemy', 'alembic', 'whoosh') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stderr[-500:]


def test_new_journal_from_the_file_menu_switches_to_it_and_lists_it_as_recent(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = window.journal
    assert first is not None
    folder = tmp_path / "second-study"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(folder))
    window.menu_actions.new_journal_action.trigger()
    qtbot.waitUntil(
        lambda: window.journal is not None and window.journal is not first, timeout=10_000
    )
    assert window.windowTitle() == "second-study — Fieldjournal"
    assert (folder / "journal.db").exists()
    window.menu_actions.fill_recent()
    recent = [a.text() for a in window.menu_actions.recent_menu.actions()]
    assert recent[0] == str(folder.resolve())
    window.close()


def test_work_waits_until_the_window_is_on_screen(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    calls: list[bool] = []
    call_when_exposed(widget, lambda: calls.append(widget.windowHandle().isExposed()))
    assert calls == []  # not before the event loop has shown it
    qtbot.waitUntil(lambda: calls == [True], timeout=3000)
    qtbot.wait(50)
    assert calls == [True]  # once only


def test_the_plain_values_the_window_uses_before_it_shows_are_qts(window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    from fieldjournal.gui.main_window import ALIGN_CENTER
    from fieldjournal.gui.window_actions import TEXT_BESIDE_ICON

    assert Qt.AlignmentFlag.AlignCenter.value == ALIGN_CENTER
    assert Qt.ToolButtonStyle.ToolButtonTextBesideIcon.value == TEXT_BESIDE_ICON
    assert (
        window.menu_actions.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    )


def test_at_1024_by_768_the_text_gets_the_room_and_the_inspector_folds(
    qtbot: QtBot, app_settings: AppSettings, gui_journal: Journal
) -> None:
    assert pane_widths(1000, 380) == [380, 620, 0]  # folded below 1200 px
    assert pane_widths(1900, 380) == [380, 1230, 290]
    window = MainWindow(app_settings, open_journal)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.attach(gui_journal)
    window.show()
    qtbot.waitExposed(window)
    workspace = window.workspace
    assert workspace is not None
    navigator, text, inspector = workspace.sizes()
    assert inspector == 0 and text > navigator
    tabs = workspace.tabs.tabBar()
    assert tabs.tabRect(tabs.count() - 1).right() <= workspace.tabs.width()  # no tab hidden
    assert not window.menu_actions.inspector_action.isChecked()
    window.menu_actions.inspector_action.trigger()  # Ctrl+Shift+I
    assert workspace.inspector_shown and workspace.sizes()[2] >= 220
    assert workspace.sizes()[1] > workspace.sizes()[2]
    workspace.moveSplitter(workspace.width(), 2)  # dragged shut by its handle
    assert not workspace.inspector_shown and not window.menu_actions.inspector_action.isChecked()
    window.menu_actions.code_entry_action.trigger()  # Ctrl+K opens it again, at the code field
    assert workspace.inspector_shown and window.menu_actions.inspector_action.isChecked()
    window.detach()


def test_a_journal_read_as_it_stands_says_so_in_the_window(
    qtbot: QtBot, app_settings: AppSettings, tmp_path: Path
) -> None:
    """A full or read-only disk: the window's title and status bar say nothing is saved."""
    with Journal.open(tmp_path / "on-a-backup-drive") as first:
        first.add_entry(title="Kept", body="read as it stands")
    journal = Journal.open(tmp_path / "on-a-backup-drive")
    try:
        notice = "the disk that holds it is full: the journal was read as it stands"
        assert journal.database.read_as_it_stands(DiskFull("the disk is full"), notice)
        window = MainWindow(app_settings, open_journal)
        qtbot.addWidget(window)
        window.attach(journal)
        assert "(read only)" in window.windowTitle()
        assert window.statusBar().currentMessage().startswith("The disk that holds it is full")
        assert window.workspace is not None and window.workspace.entry_count == 1
        window.workspace.shutdown()
        window.workspace = None
        window.journal = None
    finally:
        journal.close()
