"""Codes panel › Report to Word…: which code, where, and the command line's options.

``fieldjournal report --code PATH OUT [--real-names] [--author A] [--citation FIELDS]``
asks the same: pseudonymised unless the researcher says otherwise, the author named in
the document and what each citation shows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from fieldjournal.domain.filenames import file_name
from fieldjournal.exchange.chapter_blocks import CITATION_FIELDS, CitationStyle
from fieldjournal.gui.widgets.buddy_label import buddy_label
from fieldjournal.gui.widgets.pseudonymised_export import PseudonymisedExportDialog
from fieldjournal.services.chapter_service import ExportOptions

CITATION_LABELS = {"kind": "&kind", "date": "&date", "site": "s&ite", "title": "&title"}


def suggested_name(code: str) -> str:
    return file_name(f"Code report - {code}", ".docx", "code report")


class CodeReportDialog(PseudonymisedExportDialog):
    def __init__(
        self,
        codes: list[str],
        current: str,
        folder: Path,
        defaults: ExportOptions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Code report to Word",
            folder / suggested_name(current),
            suffix="docx",
            file_filter="Word documents (*.docx)",
            browse_title="Code report",
            parent=parent,
        )
        defaults = defaults or ExportOptions()
        self.folder = folder
        self.code_combo = QComboBox()
        self.code_combo.addItems(codes)
        self.code_combo.setCurrentText(current)
        self._suggested = self.path_edit.text()
        self.code_combo.currentTextChanged.connect(self._code_changed)
        self.author_edit = QLineEdit(defaults.author)
        self.author_edit.setPlaceholderText("the author named in the document (optional)")
        self.citation_boxes: dict[str, QCheckBox] = {}
        citation_row = QHBoxLayout()
        for name in CITATION_FIELDS:
            box = QCheckBox(CITATION_LABELS[name])
            box.setAccessibleName(f"Citations show the {name}")
            box.setChecked(name in defaults.citation.fields)
            box.toggled.connect(self._check)
            self.citation_boxes[name] = box
            citation_row.addWidget(box)
        citation_row.addStretch(1)
        self.lay_out(
            before=[(buddy_label("&Code", self.code_combo), self.code_combo)],
            between=[
                (buddy_label("&Author", self.author_edit), self.author_edit),
                ("Citations", citation_row),
            ],
            file_label=buddy_label("&File", self.path_edit),
        )

    def _code_changed(self, code: str) -> None:
        """The suggested file follows the code, until the researcher names one."""
        if self.path_edit.text() == self._suggested:
            self.path_edit.setText(str(self.folder / suggested_name(code)))
            self._suggested = self.path_edit.text()

    def _check(self) -> None:
        """A citation shows at least one field (as ``--citation`` requires)."""
        chosen = any(box.isChecked() for box in self.citation_boxes.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(chosen)

    def value(self) -> tuple[str, Path, ExportOptions]:
        fields = tuple(n for n in CITATION_FIELDS if self.citation_boxes[n].isChecked())
        options = ExportOptions(
            real_names=self.real_names(),
            author=self.author_edit.text().strip(),
            citation=CitationStyle(fields),
        )
        return self.code_combo.currentText(), self.target(), options

    @classmethod
    def get_report(
        cls,
        codes: list[str],
        current: str,
        folder: Path,
        defaults: ExportOptions | None = None,
        parent: QWidget | None = None,
    ) -> tuple[tuple[str, Path, ExportOptions] | None, bool]:
        """``((code, path, options), True)`` when accepted, ``(None, False)`` otherwise."""
        return cls.ask(codes, current, folder, defaults, parent)
