"""Analysis › Export…: the chart on screen as a figure for a thesis, or its numbers.

The same files as ``fieldjournal chart``: PNG at 300 dpi, SVG or PDF sized for the text
block of an A4 page, or CSV; pseudonymised unless the researcher says otherwise (the
window itself shows real names, as the app does everywhere).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from fieldjournal.gui.chapters.export_dialog import REAL_NAMES_LABEL, REAL_NAMES_WARNING
from fieldjournal.gui.widgets.contrast_style import caution_label

FORMATS = (
    ("png", "PNG picture, 300 dpi"),
    ("svg", "SVG drawing"),
    ("pdf", "PDF"),
    ("csv", "CSV: the numbers behind the chart"),
)
REAL_NAMES_FIGURE_WARNING = REAL_NAMES_WARNING.replace("document", "chart")


class ChartExportDialog(QDialog):
    def __init__(self, suggested: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export the chart")
        self.setMinimumWidth(520)  # room for a folder path
        self.format_box = QComboBox()
        self.format_box.setAccessibleName("Format")
        for suffix, label in FORMATS:
            self.format_box.addItem(label, suffix)
        self.path_edit = QLineEdit(str(suggested.with_suffix(".png")))
        self.path_edit.setAccessibleName("File")
        self.path_edit.textEdited.connect(self._path_edited)
        self.format_box.currentIndexChanged.connect(self._format_chosen)
        browse = QPushButton("&Browse…")
        browse.setAccessibleName("Choose the file")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.real_names_box = QCheckBox(REAL_NAMES_LABEL)
        self.warning = caution_label(REAL_NAMES_FIGURE_WARNING)
        self.warning.setVisible(False)
        self.real_names_box.toggled.connect(self.warning.setVisible)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format", self.format_box)
        form.addRow("File", row)
        form.addRow("Names", self.real_names_box)
        form.addRow("", self.warning)
        form.addRow(buttons)

    def suffix(self) -> str:
        return str(self.format_box.currentData())

    def _format_chosen(self) -> None:
        """The file's suffix follows the format (the export goes by the suffix)."""
        path = Path(self.path_edit.text())
        self.path_edit.setText(str(path.with_suffix("." + self.suffix())))

    def _path_edited(self, text: str) -> None:
        """A suffix typed in picks its format."""
        found = self.format_box.findData(Path(text).suffix.lower().lstrip("."))
        if found >= 0 and found != self.format_box.currentIndex():
            self.format_box.blockSignals(True)
            self.format_box.setCurrentIndex(found)
            self.format_box.blockSignals(False)

    def _browse(self) -> None:
        label = self.format_box.currentText()
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the chart", self.path_edit.text(), f"{label} (*.{self.suffix()})"
        )
        if path:
            self.path_edit.setText(str(Path(path).with_suffix("." + self.suffix())))

    def value(self) -> tuple[Path, bool]:
        """Where to write, and whether with real names."""
        return Path(self.path_edit.text()).expanduser(), self.real_names_box.isChecked()

    @classmethod
    def get_export(
        cls, suggested: Path, parent: QWidget | None = None
    ) -> tuple[tuple[Path, bool] | None, bool]:
        """``((path, real_names), True)`` when accepted, ``(None, False)`` otherwise."""
        dialog = cls(suggested, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return (dialog.value() if accepted else None), accepted
