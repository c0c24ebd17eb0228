"""Errors as clear messages in the window, never a traceback on the console.

``FieldjournalError`` carries a message written for the researcher and is shown as it
is. Anything else is a bug: the researcher sees a short apology with where the details
were logged, and the traceback goes to the log file.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from fieldjournal.domain.errors import FieldjournalError

log = logging.getLogger("fieldjournal")


def log_file() -> Path:
    from platformdirs import user_log_path

    return user_log_path("fieldjournal", appauthor=False) / "fieldjournal.log"


def setup_logging() -> Path:
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def message_for(error: BaseException) -> str:
    if isinstance(error, FieldjournalError):
        return str(error)
    if isinstance(error, OSError):
        return f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")
    return (
        f"Something went wrong inside Fieldjournal ({type(error).__name__}: {error}). "
        "Your saved work is safe; the details were written to the log file."
    )


def show_error(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """A window-modal message that does not block the event loop."""
    box = QMessageBox(parent)
    box.setIcon(
        QMessageBox.Icon.Warning
        if isinstance(error, FieldjournalError)
        else QMessageBox.Icon.Critical
    )
    box.setWindowTitle("Fieldjournal")
    box.setText(message_for(error))
    box.setAccessibleName("Error message")
    box.open()
    return box


def install_excepthook(parent: Callable[[], QWidget | None]) -> None:
    """Route every uncaught exception (Qt slots included) to a message and the log."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if not isinstance(error, FieldjournalError):
            log.error("".join(traceback.format_exception(kind, error, tb)))
        if isinstance(error, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        show_error(parent(), error)

    sys.excepthook = hook
