"""Edit › Settings… (Ctrl+,): one dialog, kept with QSettings, applied at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.backups import BackupSettings
from fieldjournal.gui import settings_dialog
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.settings import AppSettings, Preferences
from fieldjournal.gui.settings_dialog import SettingsDialog


def test_preferences_survive_a_restart(tmp_path: Path) -> None:
    path = str(tmp_path / "prefs.ini")
    first = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    assert first.preferences() == Preferences()
    chosen = Preferences(author="A. Researcher", citation=(), font_family="Serif", font_size=15)
    first.save_preferences(chosen)
    again = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    assert again.preferences() == chosen
    one = Preferences(citation=("date",))
    again.save_preferences(one)
    assert AppSettings(QSettings(path, QSettings.Format.IniFormat)).preferences() == one


def test_the_dialog_reads_back_what_it_was_given(qtbot: QtBot) -> None:
    given = Preferences(author="Ana", citation=("kind", "title"), font_size=14)
    dialog = SettingsDialog(given, BackupSettings(interval_minutes=30))
    qtbot.addWidget(dialog)
    preferences, backups = dialog.value()
    assert preferences == given
    assert backups is not None and backups.interval_minutes == 30
    dialog.citation["site"].setChecked(True)
    dialog.font_size.setValue(0)
    assert dialog.preferences().citation == ("kind", "site", "title")
    assert dialog.font_size.text() == "System default"
    assert SettingsDialog(given).backups is None  # no journal open: no backups to set


def test_settings_from_the_edit_menu_apply_to_editors_exports_and_backups(
    window: MainWindow,
    gui_journal: Journal,
    app_settings: AppSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    action = window.settings_action
    assert action.shortcut() == QKeySequence("Ctrl+,")
    edit_menu = window.menuBar().actions()[1].menu()
    assert isinstance(edit_menu, QMenu) and action in edit_menu.actions()
    chosen = Preferences(author="Ana Researcher", citation=("date",), font_size=17)

    def answer(
        _cls: type[SettingsDialog],
        preferences: Preferences,
        backups: BackupSettings | None,
        _p: object,
    ) -> tuple[tuple[Preferences, BackupSettings | None], bool]:
        assert preferences == Preferences() and backups is not None
        return (chosen, BackupSettings(interval_minutes=45)), True

    monkeypatch.setattr(settings_dialog.SettingsDialog, "ask", classmethod(answer))
    action.trigger()
    assert app_settings.preferences() == chosen
    assert gui_journal.backup_settings().interval_minutes == 45
    workspace = window.workspace
    assert workspace is not None
    assert workspace.editor.body.font().pointSize() == 17
    defaults = workspace.codebook.report_defaults()
    assert defaults.author == "Ana Researcher" and defaults.citation.fields == ("date",)
    window.open_chapters()
    chapters = window._chapter_window
    assert chapters is not None
    assert chapters.editor.prose.font().pointSize() == 17
    assert chapters.editor.export_defaults.author == "Ana Researcher"
    chapters.close()
