"""Long lines are hard to read: past about 80 characters a text editor centres its text.

Used by the entry body and the chapter prose, so that on a wide screen the words keep a
readable measure in the middle of their pane instead of running the full width.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

READABLE_COLUMNS = 82  # characters per line before the text is centred with margins


def fit_readable_column(edit: QPlainTextEdit) -> None:
    """Centre ``edit``'s text in a column of ``READABLE_COLUMNS``; call it first in
    ``resizeEvent`` (the base class then lays the text out for the new viewport)."""
    column = edit.fontMetrics().averageCharWidth() * READABLE_COLUMNS
    side = max(0, edit.width() - column - 40) // 2
    if edit.viewportMargins().left() != side:
        edit.setViewportMargins(side, 0, side, 0)  # resizes the viewport: comes back here
