"""A list box as tall as what it holds: its rows (up to a few), or its empty hint.

The inspector stacks five lists in a narrow column. With fixed heights an entry with three
actors scrolled inside a box sized for text rows (the actors' icons make rows taller),
while an empty list kept the room of four rows for one sentence. Here the height follows
the rows actually shown, up to ``rows`` of them (more scroll), and an empty list is as tall
as its hint wrapped to the box's width.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QListWidget, QSizePolicy, QWidget

from fieldjournal.gui.widgets.empty_state import EmptyState

HINT_MARGIN = 4


class FittedList(QListWidget):
    def __init__(self, name: str, rows: int, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self._rows = rows
        self._hint = hint
        self.empty_state = EmptyState(self, hint, margin=HINT_MARGIN)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setUniformItemSizes(True)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        model = self.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.updateGeometry)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        frame = 2 * self.frameWidth()
        if self.count() == 0:
            inner = max(width - frame - 2 * HINT_MARGIN, 40)
            flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)
            text = self.fontMetrics().boundingRect(QRect(0, 0, inner, 10_000), flags, self._hint)
            return frame + text.height() + 2 * HINT_MARGIN + 2
        shown = min(self.count(), self._rows)
        return frame + sum(self.sizeHintForRow(i) for i in range(shown))

    def sizeHint(self) -> QSize:
        width = super().sizeHint().width()
        return QSize(width, self.heightForWidth(self.width() if self.width() > 50 else width))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())
