"""An earlier text of an entry, read only, with the choice to bring it back."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.records import Revision
from fieldjournal.gui.widgets.formatting import short_date


class RevisionDialog(QDialog):
    def __init__(self, revision: Revision, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Revision of {short_date(revision.saved_at.astimezone())}")
        self.setAccessibleName("Revision")
        title = QLabel(revision.title or "(untitled)")
        title.setAccessibleName("Revision title")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.text = QPlainTextEdit(revision.body)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Revision text")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton(
            "Restore this text", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setAccessibleName("Restore this text")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(640, 480)

    @classmethod
    def ask_restore(cls, revision: Revision, parent: QWidget | None = None) -> tuple[int, bool]:
        """Show the revision; returns ``(revision id, True)`` when the researcher restores it."""
        dialog = cls(revision, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return revision.id, accepted
