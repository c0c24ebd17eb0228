"""The two REFI-QDA dialogs: where to export (and whether with real names), and the
preview of an import (the dry run's report) that asks before anything changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.gui.widgets.pseudonymised_export import PseudonymisedExportDialog

PROJECT_FILTER = "REFI-QDA projects (*.qdpx);;All files (*)"
CODEBOOK_FILTER = "REFI-QDA codebooks (*.qdc);;All files (*)"
REAL_NAMES_WARNING = (
    "The project will name participants in every text, case and memo. Share it with no "
    "one who may not see their names."
)


class RefiExportDialog(PseudonymisedExportDialog):
    """File › Export › REFI-QDA project…: the file, and real names only when ticked."""

    def __init__(self, suggested: Path, parent: QWidget | None = None) -> None:
        super().__init__(
            "Export a REFI-QDA project",
            suggested,
            suffix="qdpx",
            file_filter=PROJECT_FILTER,
            warning=REAL_NAMES_WARNING,
            parent=parent,
        )
        note = QLabel(
            "For QualCoder, NVivo, ATLAS.ti and MAXQDA. Revisions, the trash, chapters and "
            "consent are not part of the format."
        )
        note.setWordWrap(True)
        self.lay_out(after=[("", note)])

    def value(self) -> tuple[Path, bool]:
        return self.target(), self.real_names()

    @classmethod
    def get_export(
        cls, suggested: Path, parent: QWidget | None = None
    ) -> tuple[tuple[Path, bool] | None, bool]:
        """``((path, real_names), True)`` when accepted, ``(None, False)`` otherwise."""
        return cls.ask(suggested, parent)


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
