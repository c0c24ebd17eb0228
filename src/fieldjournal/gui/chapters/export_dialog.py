"""Ask where and how to export a chapter; pseudonymised unless the researcher says otherwise."""

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

from fieldjournal.gui.widgets.contrast_style import caution_label
from fieldjournal.services.chapter_service import ExportOptions

STYLES = (
    ("apa", "APA 7th"),
    ("harvard", "Harvard (Cite Them Right)"),
    ("chicago", "Chicago author-date (18th edition)"),
    ("chicago-17", "Chicago author-date (17th edition)"),
)
REAL_NAMES_LABEL = "Use real names (not pseudonymised)"
REAL_NAMES_WARNING = (
    "The document will name participants. Share it with no one who may not see their names."
)


class ChapterExportDialog(QDialog):
    def __init__(
        self,
        suggested: Path,
        parent: QWidget | None = None,
        defaults: ExportOptions | None = None,
    ) -> None:
        super().__init__(parent)
        self._defaults = defaults or ExportOptions()
        self.setWindowTitle("Export chapter to DOCX")
        self.path_edit = QLineEdit(str(suggested))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(browse)
        self.author_edit = QLineEdit(self._defaults.author)
        self.author_edit.setPlaceholderText("the author named in the document (optional)")
        self.style_box = QComboBox()  # how the literature is cited; a .csl file stays offered
        for key, label in STYLES:
            self.style_box.addItem(label, key)
        if self.style_box.findData(self._defaults.style) < 0:
            self.style_box.addItem(Path(self._defaults.style).name, self._defaults.style)
        self.style_box.setCurrentIndex(self.style_box.findData(self._defaults.style))
        self.sources_box = QCheckBox("Append a Sources table")
        self.real_names_box = QCheckBox(REAL_NAMES_LABEL)
        self.warning = caution_label(REAL_NAMES_WARNING)
        self.warning.setVisible(False)
        self.real_names_box.toggled.connect(self.warning.setVisible)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("File", row)
        form.addRow("Author", self.author_edit)
        form.addRow("Citation style", self.style_box)
        form.addRow("", self.sources_box)
        form.addRow("Names", self.real_names_box)
        form.addRow("", self.warning)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export chapter", self.path_edit.text(), "Word documents (*.docx)"
        )
        if path:
            self.path_edit.setText(path if path.endswith(".docx") else path + ".docx")

    def value(self) -> tuple[Path, ExportOptions]:
        options = ExportOptions(
            real_names=self.real_names_box.isChecked(),
            author=self.author_edit.text().strip(),
            citation=self._defaults.citation,
            sources=self.sources_box.isChecked(),
            style=str(self.style_box.currentData()),
        )
        return Path(self.path_edit.text()).expanduser(), options

    @classmethod
    def get_export(
        cls, suggested: Path, parent: QWidget | None = None, defaults: ExportOptions | None = None
    ) -> tuple[tuple[Path, ExportOptions] | None, bool]:
        """``((path, options), True)`` when accepted, ``(None, False)`` otherwise."""
        dialog = cls(suggested, parent, defaults)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return (dialog.value() if accepted else None), accepted
