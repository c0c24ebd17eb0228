"""The main window opens no larger than the screen, so nothing falls off its bottom."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from fieldjournal.gui.widgets.fit_screen import fit_on_screen


def test_a_window_larger_than_the_screen_is_trimmed_to_it(qtbot: QtBot) -> None:
    screen = QApplication.primaryScreen()
    free = screen.availableGeometry()
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(free.width() + 480, free.height() + 100)  # 1280×800 on a small laptop
    window.move(free.x() + 40, free.y() + 30)
    fit_on_screen(window)  # before it is shown, as the app does
    assert window.width() <= free.width() and window.height() <= free.height()
    assert free.contains(window.geometry())  # the frame is the window manager's to add


def test_a_window_that_fits_is_left_alone(qtbot: QtBot) -> None:
    free = QApplication.primaryScreen().availableGeometry()
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(free.width() // 2, free.height() // 2)
    window.move(free.x() + 10, free.y() + 10)
    fit_on_screen(window)
    assert (window.width(), window.height()) == (free.width() // 2, free.height() // 2)
    assert (window.x(), window.y()) == (free.x() + 10, free.y() + 10)
