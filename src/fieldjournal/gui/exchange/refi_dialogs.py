"""The two REFI-QDA dialogs: where to export (and whether with real names), and the
preview of an import (the dry run's report) that asks before anything changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.gui.widgets.contrast_style import caution_label

PROJECT_FILTER = "REFI-QDA projects (*.qdpx);;All files (*)"
CODEBOOK_FILTER = "REFI-QDA codebooks (*.qdc);;All files (*)"
REAL_NAMES_LABEL = "Use real names (not pseudonymised)"
REAL_NAMES_WARNING = (
    "The project will name participants in every text, case and memo. Share it with no "
    "one who may not see their names."
)


class RefiExportDialog(QDialog):
    """File › Export › REFI-QDA project…: the file, and real names only when ticked."""

    def __init__(self, suggested: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export a REFI-QDA project")
        self.path_edit = QLineEdit(str(suggested))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(browse)
        self.real_names_box = QCheckBox(REAL_NAMES_LABEL)
        self.warning = caution_label(REAL_NAMES_WARNING)
        self.warning.setVisible(False)
        self.real_names_box.toggled.connect(self.warning.setVisible)
        note = QLabel(
            "For QualCoder, NVivo, ATLAS.ti and MAXQDA. Revisions, the trash, chapters and "
            "consent are not part of the format."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("File", row)
        form.addRow("Names", self.real_names_box)
        form.addRow("", self.warning)
        form.addRow("", note)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export a REFI-QDA project", self.path_edit.text(), PROJECT_FILTER
        )
        if path:
            self.path_edit.setText(path if path.endswith(".qdpx") else path + ".qdpx")

    def value(self) -> tuple[Path, bool]:
        return Path(self.path_edit.text()).expanduser(), self.real_names_box.isChecked()

    @classmethod
    def get_export(
        cls, suggested: Path, parent: QWidget | None = None
    ) -> tuple[tuple[Path, bool] | None, bool]:
        """``((path, real_names), True)`` when accepted, ``(None, False)`` otherwise."""
        dialog = cls(suggested, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None, False
        return dialog.value(), True


class RefiPreviewDialog(QDialog):
    """What an import would create, match and skip; Import applies exactly that."""

    def __init__(self, name: str, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {name}")
        self.resize(640, 420)
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("What the import will do")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Nothing has changed yet. The import will do this:"))
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, name: str, report: str, parent: QWidget | None = None) -> tuple[None, bool]:
        """``(None, True)`` when the researcher chose Import."""
        dialog = cls(name, report, parent)
        return None, dialog.exec() == QDialog.DialogCode.Accepted
