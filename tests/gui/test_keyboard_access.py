"""Keyboard and screen-reader details: Tab, the end time, Ctrl+1, the hint's contrast, names."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.domain.enums import EntryKind
from fieldjournal.gui.chapters.window import open_chapter_editor
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.workspace import Workspace
from tests.gui.helpers import CTRL, SHIFT, press, retype


def mounted(window: MainWindow) -> Workspace:
    assert window.workspace is not None
    return window.workspace


def active(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_tab_in_the_body_moves_on_and_ctrl_tab_types_a_tab(
    qtbot: QtBot, window: MainWindow
) -> None:
    workspace = mounted(window)
    active(qtbot, window)
    workspace.new_entry(EntryKind.FIELDNOTE)
    body = workspace.editor.body
    qtbot.keyClicks(body, "Drop-in")
    qtbot.keyClick(body, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not body
    assert body.toPlainText() == "Drop-in"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, SHIFT)
    assert QApplication.focusWidget() is body
    qtbot.keyClick(body, Qt.Key.Key_Tab, CTRL)
    assert body.toPlainText() == "Drop-in\t"
    assert QApplication.focusWidget() is body


def test_ended_at_is_disabled_until_ticked_and_ticking_keeps_what_was_there(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = mounted(window)
    entry = gui_journal.add_entry(title="Lunch club", occurred_at="2016-04-05T12:00+01:00")
    workspace.open_entry(entry.id)
    editor = workspace.editor
    assert not editor.has_end.isChecked() and not editor.ended.isEnabled()

    editor.has_end.setChecked(True)
    assert editor.ended.isEnabled()
    retype(qtbot, editor.ended, "13:30")
    editor.has_end.setChecked(False)
    assert not editor.ended.isEnabled()
    editor.save_now()
    assert gui_journal.get_entry(entry.id).ended_at is None
    editor.has_end.setChecked(True)
    assert editor.ended.text() == "13:30"  # what was typed is still there
    editor.save_now()
    ended = gui_journal.get_entry(entry.id).ended_at
    assert ended is not None and ended.isoformat() == "2016-04-05T13:30:00+01:00"


def test_a_trashed_entry_and_one_without_an_end_keep_ended_at_disabled(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = mounted(window)
    with_end = gui_journal.add_entry(
        title="Board", occurred_at="2016-04-05T10:00+01:00", ended_at="2016-04-05T11:00+01:00"
    )
    without = gui_journal.add_entry(title="Corridor", occurred_at="2016-04-06T10:00+01:00")
    workspace.open_entry(with_end.id)
    assert workspace.editor.ended.isEnabled()
    workspace.open_entry(without.id)
    assert not workspace.editor.ended.isEnabled()
    gui_journal.delete_entry(with_end.id)
    workspace.open_entry(with_end.id)
    assert not workspace.editor.ended.isEnabled() and not workspace.editor.has_end.isEnabled()


def test_ctrl_1_then_down_opens_the_newest_entry(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_entry(title="Older", occurred_at="2016-01-12T10:00+00:00")
    newest = gui_journal.add_entry(title="Newest", occurred_at="2016-02-03T10:00+00:00")
    workspace = mounted(window)
    active(qtbot, window)
    qtbot.waitUntil(lambda: workspace.timeline.model.rowCount() == 4)  # two month headings
    press(qtbot, window, Qt.Key.Key_1)
    assert QApplication.focusWidget() is workspace.timeline.view
    qtbot.keyClick(workspace.timeline.view, Qt.Key.Key_Down)
    assert workspace.editor.entry_id == newest.id


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast(one: QColor, other: QColor) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_nothing_open_hint_has_at_least_4_5_to_1_contrast(window: MainWindow) -> None:
    workspace = mounted(window)
    hint = workspace.centre.widget(0)
    assert isinstance(hint, QLabel) and "Nothing open" in hint.text()
    group = QPalette.ColorGroup.Active if hint.isEnabled() else QPalette.ColorGroup.Disabled
    palette = hint.palette()
    text = palette.color(group, hint.foregroundRole())
    background = palette.color(group, hint.backgroundRole())
    assert contrast(text, background) >= 4.5


def test_the_contrast_formula_matches_wcags_figures() -> None:
    assert round(contrast(QColor("#000000"), QColor("#ffffff")), 1) == 21.0
    assert round(contrast(QColor("#767676"), QColor("#ffffff")), 2) == 4.54


def test_every_focusable_widget_of_the_chapter_editor_has_an_accessible_name(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with Journal.open(tmp_path / "j") as journal:
        journal.add_entry(title="Steering group", body="The lunch club ran on goodwill.")
        chapter = journal.add_chapter("Arms", [Section("One", 1, "First.")])
        window = open_chapter_editor(journal)
        qtbot.addWidget(window)
        window.editor.load(chapter.id)
        qtbot.waitExposed(window)
        focusable = [
            widget
            for widget in window.findChildren(QWidget)
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisibleTo(window)
        ]
        unnamed = [
            f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r}"
            for widget in focusable
            if not any(c.isalpha() for c in widget.accessibleName())
            and not (
                isinstance(widget, QAbstractButton) and any(c.isalpha() for c in widget.text())
            )
        ]
        window.close()
    assert len(focusable) >= 15
    assert unnamed == []
