"""Analysis › Export…: the chart on screen as a figure for a thesis, or its numbers.

The same files as ``fieldjournal chart``: PNG at 300 dpi, SVG or PDF sized for the text
block of an A4 page, or CSV; pseudonymised unless the researcher says otherwise (the
window itself shows real names, as the app does everywhere). The format chosen and the
file's suffix follow each other.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QWidget

from fieldjournal.gui.widgets.pseudonymised_export import (
    REAL_NAMES_WARNING,
    PseudonymisedExportDialog,
)

FORMATS = (
    ("png", "PNG picture, 300 dpi"),
    ("svg", "SVG drawing"),
    ("pdf", "PDF"),
    ("csv", "CSV: the numbers behind the chart"),
)
REAL_NAMES_FIGURE_WARNING = REAL_NAMES_WARNING.replace("document", "chart")


class ChartExportDialog(PseudonymisedExportDialog):
    def __init__(self, suggested: Path, parent: QWidget | None = None) -> None:
        super().__init__(
            "Export the chart",
            suggested.with_suffix(".png"),
            suffix="png",
            file_filter="",
            warning=REAL_NAMES_FIGURE_WARNING,
            parent=parent,
        )
        self.setMinimumWidth(520)  # room for a folder path
        self.format_box = QComboBox()
        self.format_box.setAccessibleName("Format")
        for suffix, label in FORMATS:
            self.format_box.addItem(label, suffix)
        self.path_edit.textEdited.connect(self._path_edited)
        self.format_box.currentIndexChanged.connect(self._format_chosen)
        self.lay_out(before=[("Format", self.format_box)])

    def suffix(self) -> str:
        return str(self.format_box.currentData())

    def file_filter(self) -> str:
        return f"{self.format_box.currentText()} (*.{self.suffix()})"

    def with_suffix(self, chosen: str) -> str:
        """The chosen file with the format's suffix in place of its own."""
        return str(Path(chosen).with_suffix("." + self.suffix()))

    def _format_chosen(self) -> None:
        """The file's suffix follows the format (the export goes by the suffix)."""
        self.path_edit.setText(self.with_suffix(self.path_edit.text()))

    def _path_edited(self, text: str) -> None:
        """A suffix typed in picks its format."""
        found = self.format_box.findData(Path(text).suffix.lower().lstrip("."))
        if found >= 0 and found != self.format_box.currentIndex():
            self.format_box.blockSignals(True)
            self.format_box.setCurrentIndex(found)
            self.format_box.blockSignals(False)

    def value(self) -> tuple[Path, bool]:
        """Where to write, and whether with real names."""
        return self.target(), self.real_names()

    @classmethod
    def get_export(
        cls, suggested: Path, parent: QWidget | None = None
    ) -> tuple[tuple[Path, bool] | None, bool]:
        """``((path, real_names), True)`` when accepted, ``(None, False)`` otherwise."""
        return cls.ask(suggested, parent)
