"""A form label that moves the focus to its field: `&When` makes Alt+W reach When.

Every form of the app labels its fields this way, so a researcher working by keyboard
reaches any field in one chord, and a screen reader reads the label with the field.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
