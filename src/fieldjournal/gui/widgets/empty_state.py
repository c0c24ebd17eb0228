"""What an empty list says: why it is empty and what to do, over the list itself.

A blank panel reads as broken (did the search run? is the trash gone?). The hint is a
label laid over the view's viewport while its model has no rows, so it needs no change
to the views or their models; the view's accessible description says it too, so a
screen reader hears it when it reaches the empty list. A hint is only worked out while
its view is on screen (a hidden tab's lazy model is never asked to count).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

Hint = str | Callable[[], str]


class EmptyState(QLabel):
    def __init__(self, view: QAbstractItemView, hint: Hint, margin: int = 16) -> None:
        super().__init__(view.viewport())
        self._view = view
        self._hint = hint
        self._description = view.accessibleDescription()  # what the view says when full
        self.setObjectName("empty-state")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMargin(margin)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.layoutChanged,
        ):
            signal.connect(self.update_hint)
        self.update_hint()

    def set_hint(self, hint: Hint) -> None:
        self._hint = hint
        self.update_hint()

    @property
    def shown(self) -> bool:
        """Whether the list is empty and says so (visible or not on screen yet)."""
        return not self.isHidden()

    def update_hint(self, *_: object) -> None:
        empty = self._view.isVisible() and self._view.model().rowCount() == 0
        text = (self._hint() if callable(self._hint) else self._hint) if empty else ""
        self.setText(text)
        self._view.setAccessibleDescription(text or self._description)
        self.setGeometry(self._view.viewport().rect())
        self.setVisible(bool(text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self._view.viewport().rect())
        elif event.type() == QEvent.Type.Show:
            self.update_hint()
        return False
