"""The chapter editor's side pane: excerpt sources and the preview, beside the prose.

Narrow, they share the pane as two tabs; wide, they stand side by side. The editor hides
or shows the whole pane (View › Sources and preview) and says which arrangement fits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget


class SidePane(QWidget):
    previewShown = Signal()  # the preview came into view: it should be fresh

    def __init__(self, sources: QWidget, preview: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sources = sources
        self.preview = preview
        self.setAccessibleName("Sources and preview")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Sources or preview")
        self.tabs.tabBar().setAccessibleName("Sources or preview")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.columns = QSplitter(Qt.Orientation.Horizontal)
        self.columns.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        layout.addWidget(self.columns)
        self._side_by_side: bool | None = None
        self.set_side_by_side(False)

    def side_by_side(self) -> bool:
        return bool(self._side_by_side)

    def set_side_by_side(self, on: bool) -> None:
        if on == self._side_by_side:
            return
        self._side_by_side = on
        self.tabs.blockSignals(True)
        if on:
            self.tabs.clear()
            for widget in (self.sources, self.preview):
                self.columns.addWidget(widget)
                widget.show()  # a page the tabs did not show stays hidden otherwise
        else:
            self.tabs.addTab(self.sources, "S&ources")
            self.tabs.addTab(self.preview, "&Preview")
        self.tabs.blockSignals(False)
        self.tabs.setVisible(not on)
        self.columns.setVisible(on)
        if on:
            self.previewShown.emit()

    def preview_visible(self) -> bool:
        return self.isVisible() and (
            self.side_by_side() or self.tabs.currentWidget() is self.preview
        )

    def show_preview(self) -> None:
        """Bring the preview into view (its tab, when the pane is narrow)."""
        if not self.side_by_side() and self.tabs.currentWidget() is not self.preview:
            self.tabs.setCurrentWidget(self.preview)  # the tab change says it is shown
        else:
            self.previewShown.emit()

    def show_sources(self) -> None:
        if not self.side_by_side():
            self.tabs.setCurrentWidget(self.sources)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.preview:
            self.previewShown.emit()
