"""Yes/no questions before what cannot be undone (tests patch ``confirm``)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(parent: QWidget | None, question: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Fieldjournal",
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes
