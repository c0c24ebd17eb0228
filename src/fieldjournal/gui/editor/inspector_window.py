"""The inspector in a window of its own, beside the main one.

On a small screen the writing gets the whole width of the main window while the links,
codes and revisions stay in view on a second screen or over another program. Closing the
window puts the inspector back in its pane.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from fieldjournal.gui.editor.inspector import Inspector


class InspectorWindow(QWidget):
    """Holds the inspector while it floats; ``docked`` when closed (put it back)."""

    docked = Signal()

    def __init__(self, inspector: Inspector, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Tool)
        self.setWindowTitle("Inspector — Fieldjournal")
        self.setAccessibleName("Inspector window")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(inspector)
        inspector.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.docked.emit()
