"""The one shape of every export dialog: a file to write, and real names only when ticked.

Whatever leaves the journal is pseudonymised unless the researcher says otherwise, so
every export (a chart, a chapter, a code report, a REFI-QDA project) asks the same two
things the same way: the file (typed, or chosen with Browse…, its suffix kept) and a
"Use real names" box whose warning shows while it is ticked. Each dialog adds its own
rows around them; the rows are laid out in the order given, which is also the order Tab
takes (a widget joins the focus chain when the form adopts it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QStyle,
    QWidget,
)

from fieldjournal.gui.widgets.contrast_style import caution_label

REAL_NAMES_LABEL = "Use real names (not pseudonymised)"
REAL_NAMES_WARNING = (
    "The document will name participants. Share it with no one who may not see their names."
)
# A row of the form: its label (text, or a label with a buddy), and a widget or a layout.
Row = tuple[str | QLabel, QWidget | QLayout]


# The widest a field grows to show its text: a long path scrolls beyond this many
# average characters rather than pushing the dialog off a small screen.
FIT_CHARACTERS = 64


def fit_to_text(edit: QLineEdit) -> None:
    """Make ``edit`` wide enough to show its text and its placeholder whole (up to
    ``FIT_CHARACTERS``): a suggested file name cut at both ends cannot be checked, and a
    cut placeholder does not say what the field is for."""
    metrics = edit.fontMetrics()
    widest = max(
        metrics.horizontalAdvance(edit.text()), metrics.horizontalAdvance(edit.placeholderText())
    )
    margins = edit.textMargins()
    frame = 2 * edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth) + 12
    needed = widest + margins.left() + margins.right() + frame
    edit.setMinimumWidth(min(needed, FIT_CHARACTERS * metrics.averageCharWidth()))


class PseudonymisedExportDialog(QDialog):
    """The file row, the real-names box and its warning, Save and Cancel.

    A subclass makes its own widgets, then calls :meth:`lay_out` with the rows that go
    before the file, between the file and the names, and after the warning.
    """

    def __init__(
        self,
        title: str,
        suggested: Path,
        *,
        suffix: str,
        file_filter: str,
        warning: str = REAL_NAMES_WARNING,
        browse_title: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._suffix = suffix
        self._filter = file_filter
        self._browse_title = browse_title or title
        self.path_edit = QLineEdit(str(suggested))
        self.path_edit.setAccessibleName("File")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAccessibleName("Choose the file")
        self.browse_button.clicked.connect(self._browse)
        self.file_row = QHBoxLayout()
        self.file_row.addWidget(self.path_edit, 1)
        self.file_row.addWidget(self.browse_button)
        self.real_names_box = QCheckBox(REAL_NAMES_LABEL)
        self.warning = caution_label(warning)
        self.warning.setVisible(False)
        self.real_names_box.toggled.connect(self.warning.setVisible)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def lay_out(
        self,
        before: Sequence[Row] = (),
        between: Sequence[Row] = (),
        after: Sequence[Row] = (),
        *,
        file_label: str | QLabel = "File",
    ) -> None:
        """The form, top to bottom (and in Tab's order): ``before``, the file,
        ``between``, the names and their warning, ``after``, the buttons."""
        form = QFormLayout(self)
        rows: list[Row] = [*before, (file_label, self.file_row), *between]
        rows += [("Names", self.real_names_box), ("", self.warning), *after]
        for label, field in rows:
            form.addRow(label, field)
            if isinstance(field, QLineEdit):
                fit_to_text(field)
        fit_to_text(self.path_edit)
        form.addRow(self.buttons)

    # --- the file --------------------------------------------------------------------
    def suffix(self) -> str:
        """The suffix the file is written with (without its dot)."""
        return self._suffix

    def file_filter(self) -> str:
        return self._filter

    def with_suffix(self, chosen: str) -> str:
        """A file chosen in the file dialog, with the export's suffix added if missing."""
        ending = "." + self.suffix()
        return chosen if chosen.endswith(ending) else chosen + ending

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self._browse_title, self.path_edit.text(), self.file_filter()
        )
        if path:
            self.path_edit.setText(self.with_suffix(path))

    # --- the answer ------------------------------------------------------------------
    def target(self) -> Path:
        return Path(self.path_edit.text()).expanduser()

    def real_names(self) -> bool:
        return self.real_names_box.isChecked()

    def value(self) -> Any:
        """Where to write, and whether with real names (a subclass adds its options)."""
        return self.target(), self.real_names()

    @classmethod
    def ask(cls, *args: Any, **kwargs: Any) -> tuple[Any, bool]:
        """``(value, True)`` when accepted, ``(None, False)`` otherwise (the dialog is
        made with ``args``; tests patch ``exec`` to drive it without a modal loop)."""
        dialog = cls(*args, **kwargs)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return (dialog.value() if accepted else None), accepted
