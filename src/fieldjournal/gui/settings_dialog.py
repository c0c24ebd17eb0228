"""Edit › Settings… (Ctrl+,): the researcher's preferences in one dialog.

The author named in exports and the fields a citation shows (offered first by File ›
Export chapter and Codes › Report to Word…), the writing font of the entry and chapter
editors, and, while a journal is open, that journal's backup settings (kept in the
journal folder, so they travel with it; the rest is kept with QSettings).
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.backups import BackupSettings
from fieldjournal.exchange.chapter_blocks import CITATION_FIELDS
from fieldjournal.gui.backups.settings_form import BackupSettingsForm
from fieldjournal.gui.settings import Preferences
from fieldjournal.gui.widgets.buddy_label import buddy_label

SYSTEM_FONT = "System default"
CITATION_NAMES = {"kind": "&Kind", "date": "&Date", "site": "S&ite", "title": "&Title"}


class SettingsDialog(QDialog):
    def __init__(
        self,
        preferences: Preferences,
        backups: BackupSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        writing = QGroupBox("Exports")
        form = QFormLayout(writing)
        self.author = QLineEdit(preferences.author)
        self.author.setAccessibleName("Author named in exports")
        self.author.setPlaceholderText("your name, as documents should give it (optional)")
        form.addRow(buddy_label("&Author", self.author), self.author)
        self.citation: dict[str, QCheckBox] = {}
        row = QHBoxLayout()
        for name in CITATION_FIELDS:
            box = QCheckBox(CITATION_NAMES[name])
            box.setAccessibleName(f"Citations show the {name}")
            box.setChecked(name in preferences.citation)
            self.citation[name] = box
            row.addWidget(box)
        row.addStretch(1)
        form.addRow("Citations show", row)

        editor = QGroupBox("Writing")
        form = QFormLayout(editor)
        self.font_family = QComboBox()
        self.font_family.setAccessibleName("Editor font")
        self.font_family.addItem(SYSTEM_FONT, "")
        for family in QFontDatabase.families():
            self.font_family.addItem(family, family)
        self.font_family.setCurrentIndex(max(0, self.font_family.findData(preferences.font_family)))
        self.font_size = QSpinBox()
        self.font_size.setAccessibleName("Editor font size")
        self.font_size.setRange(0, 48)
        self.font_size.setSpecialValueText(SYSTEM_FONT)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(preferences.font_size)
        form.addRow(
            buddy_label("&Font of entries and chapters", self.font_family), self.font_family
        )
        form.addRow(buddy_label("Font si&ze", self.font_size), self.font_size)

        layout = QVBoxLayout(self)
        layout.addWidget(writing)
        layout.addWidget(editor)
        self.backups = BackupSettingsForm(backups) if backups is not None else None
        if self.backups is not None:
            layout.addWidget(self.backups)
        else:
            layout.addWidget(QLabel("Backup settings belong to a journal: open one to set them."))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def preferences(self) -> Preferences:
        return Preferences(
            author=self.author.text().strip(),
            citation=tuple(name for name, box in self.citation.items() if box.isChecked()),
            font_family=str(self.font_family.currentData() or ""),
            font_size=self.font_size.value(),
        )

    def value(self) -> tuple[Preferences, BackupSettings | None]:
        return self.preferences(), self.backups.value() if self.backups is not None else None

    @classmethod
    def ask(
        cls,
        preferences: Preferences,
        backups: BackupSettings | None = None,
        parent: QWidget | None = None,
    ) -> tuple[tuple[Preferences, BackupSettings | None] | None, bool]:
        """``((preferences, backup settings), True)`` when accepted, else ``(None, False)``."""
        dialog = cls(preferences, backups, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return (dialog.value() if accepted else None), accepted
