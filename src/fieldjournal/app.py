"""The one place that wires settings, storage, search and the GUI together.

``run`` shows the window before the storage stack is even imported, then opens the
journal on a worker thread: the window appears as fast as a bare Qt window would.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from fieldjournal.gui.main_window import MainWindow, window_title
from fieldjournal.gui.settings import AppSettings
from fieldjournal.gui.single_instance import show_other_window
from fieldjournal.gui.widgets.contrast_style import ContrastStyle
from fieldjournal.gui.widgets.errors import install_excepthook
from fieldjournal.gui.widgets.fit_screen import fit_on_screen
from fieldjournal.gui.widgets.icons import app_icon
from fieldjournal.gui.widgets.on_screen import call_when_exposed
from fieldjournal.services.log_file import setup_logging
from fieldjournal.storage.location import ENV_VAR, default_journal_dir

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal

ORGANISATION = "Fieldjournal"
APPLICATION = "Fieldjournal"


def open_journal(path: str | None, create: bool) -> Journal:
    """Open (or create) a journal; runs on the opener's worker thread."""
    from fieldjournal.services.journal import Journal

    return Journal.open(path, create=create)


def choose_journal(given: str | None, settings: AppSettings) -> str | None:
    """``--journal`` wins, then ``$FIELDJOURNAL_JOURNAL``, then the last journal opened.

    None means the default journal in the user data folder.
    """
    return given or os.environ.get(ENV_VAR) or settings.last_journal


def make_application(qt_options: Sequence[str] = ()) -> QApplication:
    """The application, given Qt's own options from the command line (``-style Fusion``)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # High-DPI: Qt 6 scales by the screen's exact factor (PassThrough) by default.
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication([*sys.argv[:1], *qt_options])
    app.setStyle(ContrastStyle(app.style().name()))  # frames a high-contrast theme shows
    app.setDesktopFileName("fieldjournal")
    app.setWindowIcon(app_icon())
    return app


def run(journal_path: str | None, qt_options: Sequence[str] = ()) -> int:
    app = make_application(qt_options)
    settings = AppSettings()
    window = MainWindow(settings, open_journal)
    install_excepthook(lambda: window)
    path = choose_journal(journal_path, settings) or str(default_journal_dir())
    if not window.single_instance.claim(path):  # another window has this journal open
        show_other_window(None, window.single_instance, Path(path).expanduser())
        return 0
    window.setWindowTitle(window_title(Path(path).expanduser().name))
    fit_on_screen(window)  # a small laptop: the status bar and last buttons stay in reach
    window.show()

    def once_on_screen() -> None:  # the log file and the journal wait for the window
        setup_logging()
        window.open_journal(path)

    call_when_exposed(window, once_on_screen)
    return app.exec()
