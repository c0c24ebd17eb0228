"""Ask where and how to export a chapter; pseudonymised unless the researcher says otherwise."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from fieldjournal.gui.widgets.pseudonymised_export import (
    REAL_NAMES_LABEL,
    REAL_NAMES_WARNING,
    PseudonymisedExportDialog,
)
from fieldjournal.services.chapter_service import ExportOptions

__all__ = ["REAL_NAMES_LABEL", "REAL_NAMES_WARNING", "STYLES", "ChapterExportDialog"]

STYLES = (
    ("apa", "APA 7th"),
    ("harvard", "Harvard (Cite Them Right)"),
    ("chicago", "Chicago author-date (18th edition)"),
    ("chicago-17", "Chicago author-date (17th edition)"),
)
WORD_FILTER = "Word documents (*.docx)"


class ChapterExportDialog(PseudonymisedExportDialog):
    def __init__(
        self,
        suggested: Path,
        parent: QWidget | None = None,
        defaults: ExportOptions | None = None,
    ) -> None:
        super().__init__(
            "Export chapter to DOCX",
            suggested,
            suffix="docx",
            file_filter=WORD_FILTER,
            browse_title="Export chapter",
            parent=parent,
        )
        self._defaults = defaults or ExportOptions()
        self.author_edit = QLineEdit(self._defaults.author)
        self.author_edit.setPlaceholderText("the author named in the document (optional)")
        self.style_box = QComboBox()  # how the literature is cited; a .csl file stays offered
        for key, label in STYLES:
            self.style_box.addItem(label, key)
        if self.style_box.findData(self._defaults.style) < 0:
            self.style_box.addItem(Path(self._defaults.style).name, self._defaults.style)
        self.style_box.setCurrentIndex(self.style_box.findData(self._defaults.style))
        self.sources_box = QCheckBox("Append a Sources table")
        self.lay_out(
            between=[
                ("Author", self.author_edit),
                ("Citation style", self.style_box),
                ("", self.sources_box),
            ]
        )

    def value(self) -> tuple[Path, ExportOptions]:
        options = ExportOptions(
            real_names=self.real_names(),
            author=self.author_edit.text().strip(),
            citation=self._defaults.citation,
            sources=self.sources_box.isChecked(),
            style=str(self.style_box.currentData()),
        )
        return self.target(), options

    @classmethod
    def get_export(
        cls, suggested: Path, parent: QWidget | None = None, defaults: ExportOptions | None = None
    ) -> tuple[tuple[Path, ExportOptions] | None, bool]:
        """``((path, options), True)`` when accepted, ``(None, False)`` otherwise."""
        return cls.ask(suggested, parent, defaults)
