"""Errors as clear messages in the window, never a traceback on the console.

``FieldjournalError`` carries a message written for the researcher and is shown as it
is. Anything else is a bug: the researcher sees a short apology with where the details
were logged, and the traceback (types and frames, never a message that could hold note
text) goes to the log file (``services.log_file``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from fieldjournal.domain.errors import FieldjournalError, JournalDamaged
from fieldjournal.services.log_file import log_path, log_unexpected


def log_file() -> Path:
    return log_path()


def message_for(error: BaseException) -> str:
    if isinstance(error, FieldjournalError):
        return str(error)
    if isinstance(error, OSError):
        return f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")
    return (
        f"Something went wrong inside Fieldjournal ({type(error).__name__}). "
        f"Your saved work is safe; the details were written to {log_file()}."
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
            log_unexpected(error, "the app")
        if isinstance(error, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        window = parent()
        notice = getattr(window, "damage_notice", None)
        if isinstance(error, JournalDamaged) and notice is not None:
            notice.show(error)  # once, with Salvage…: every read of a bad page raises it
            return
        show_error(window, error)

    sys.excepthook = hook
