"""The form for creating or editing an actor.

``ActorDialog.ask(parent, actor, organisations)`` returns ``(fields, accepted)``; the
fields are what ``Journal.add_actor`` / ``update_actor`` take, so the caller can diff
them against the actor and push an undoable edit of only what changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.enums import ActorKind, Consent, Sector
from fieldjournal.domain.records import Actor

SECTOR_LABELS = {
    Sector.VOLUNTARY: "Voluntary",
    Sector.NHS: "NHS",
    Sector.LOCAL_AUTHORITY: "Local authority",
    Sector.PRIVATE: "Private",
    Sector.COMMUNITY: "Community",
    Sector.ACADEMIC: "Academic",
    Sector.OTHER: "Other",
}
CONSENT_LABELS = {
    Consent.CONSENTED: "Consented",
    Consent.OBSERVE_ONLY: "Observe only",
    Consent.NO_QUOTES: "No quotes",
    Consent.WITHDRAWN: "Withdrawn",
    Consent.UNKNOWN: "Unknown",
}


class ActorDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, actor: Actor | None, organisations: list[str]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit {actor.name}" if actor else "New actor")
        self.setObjectName("actorDialog")
        self.setAccessibleName(self.windowTitle())
        self.name = self._line("Name", actor.name if actor else "")
        self.kind = self._combo("Kind", [(k.value.capitalize(), k.value) for k in ActorKind])
        self.sector = self._combo(
            "Sector", [("—", None), *((label, s.value) for s, label in SECTOR_LABELS.items())]
        )
        self.role = self._line("Role", actor.role if actor else "")
        self.affiliation = self._line("Affiliation", actor.affiliation or "" if actor else "")
        names = [o for o in organisations if not actor or o != actor.name]
        completer = QCompleter(names, self.affiliation)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.affiliation.setCompleter(completer)
        self.affiliation.setPlaceholderText("An organisation (new ones are created)")
        self.pseudonym = self._line("Pseudonym", actor.pseudonym if actor else "")
        self.pseudonym.setPlaceholderText("Used in everything that leaves the journal")
        self.aliases = self._text("Aliases", "\n".join(actor.aliases) if actor else "")
        self.aliases.setPlaceholderText("Other names the notes use, one per line")
        self.aliases.setFixedHeight(64)
        self.consent = self._combo(
            "Consent", [(label, c.value) for c, label in CONSENT_LABELS.items()]
        )
        self.common_word = QCheckBox("Its names are also ordinary words (Hope, Green)", self)
        self.common_word.setAccessibleName("Names are ordinary words")
        self.common_word.setToolTip(
            "Exports then replace these names only where they are written as names "
            "(with a capital), so that \u201cI hope\u201d stays as it is."
        )
        self.common_word.setChecked(bool(actor and actor.common_word))
        self.notes = self._text("Notes", actor.notes if actor else "")
        if actor:
            self._select(self.kind, actor.kind.value)
            self._select(self.sector, actor.sector.value if actor.sector else None)
            self._select(self.consent, actor.consent.value)
        else:
            self._select(self.consent, Consent.UNKNOWN.value)

        form = QFormLayout()
        for label, widget in (
            ("&Name", self.name),
            ("&Kind", self.kind),
            ("&Sector", self.sector),
            ("&Role", self.role),
            ("&Affiliation", self.affiliation),
            ("&Pseudonym", self.pseudonym),
            ("A&liases", self.aliases),
            ("&Consent", self.consent),
            ("", self.common_word),
            ("N&otes", self.notes),
        ):
            form.addRow(label, widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._validate)
        self._validate()
        self.resize(420, self.sizeHint().height())

    def _line(self, name: str, text: str) -> QLineEdit:
        widget = QLineEdit(text, self)
        widget.setAccessibleName(name)
        return widget

    def _text(self, name: str, text: str) -> QPlainTextEdit:
        widget = QPlainTextEdit(text, self)
        widget.setAccessibleName(name)
        widget.setTabChangesFocus(True)
        return widget

    def _combo(self, name: str, items: list[tuple[str, str | None]]) -> QComboBox:
        widget = QComboBox(self)
        widget.setAccessibleName(name)
        for label, value in items:
            widget.addItem(label, value)
        return widget

    @staticmethod
    def _select(combo: QComboBox, value: str | None) -> None:
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def _validate(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name.text().strip()))

    def values(self) -> dict[str, Any]:
        aliases = [a.strip() for a in self.aliases.toPlainText().splitlines() if a.strip()]
        return {
            "name": self.name.text().strip(),
            "kind": self.kind.currentData(),
            "sector": self.sector.currentData(),
            "role": self.role.text().strip(),
            "affiliation": self.affiliation.text().strip() or None,
            "pseudonym": self.pseudonym.text().strip(),
            "aliases": aliases,
            "consent": self.consent.currentData(),
            "notes": self.notes.toPlainText(),
            "common_word": self.common_word.isChecked(),
        }

    @classmethod
    def ask(
        cls, parent: QWidget | None, actor: Actor | None, organisations: list[str]
    ) -> tuple[dict[str, Any], bool]:
        dialog = cls(parent, actor, organisations)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        values = dialog.values()
        dialog.deleteLater()
        return values, accepted
