"""The When and Ends fields: a date and time typed as the researcher writes it.

The field is plain text, so a date is typed in one go (``5/4/2016 10:00`` in the locale's
order, ``2016-04-05 10:00``, ``5 Apr 2016``, or just ``11:30``) instead of section by
section; Up and Down still step the part under the cursor. Beside it the value it will
save is spelled out in words, or what could not be
understood; parsing is the domain's (:mod:`fieldjournal.domain.typed_dates`), the field
only shows it. A value that does not parse is never saved: :meth:`moment` is None.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QLineEdit, QWidget

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.typed_dates import (
    EXAMPLE,
    DateOrder,
    parse_typed,
    spoken,
    stepped,
    typed_form,
)

DAY_AT = 9  # the cursor on the day of "2016-04-05 10:00"


def locale_order(locale: QLocale | None = None) -> DateOrder:
    """Which number comes first in the numeric dates of ``locale`` (the default one)."""
    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    return DateOrder.of_format(pattern)


def hint(order: DateOrder) -> str:
    """What the field takes, with the numeric example in the locale's own order."""
    numeric = {
        DateOrder.DAY_FIRST: "5/4/2016 10:00",
        DateOrder.MONTH_FIRST: "4/5/2016 10:00",
        DateOrder.YEAR_FIRST: "2016/4/5 10:00",
    }[order]
    return (
        f"A date and a time: {numeric}, {EXAMPLE} or 5 Apr 2016 2:30 pm (5 April 2016); "
        "a date or a time alone keeps the rest. Up and Down step the part under the cursor."
    )


class MomentField(QWidget):
    """A date-and-time text field with its parsed value (or its problem) beside it."""

    edited = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setAccessibleName(name)
        self.edit.setPlaceholderText(EXAMPLE)
        width = self.edit.fontMetrics().horizontalAdvance("2016-04-05 10:00+05:30") + 16
        self.edit.setMinimumWidth(width)
        self.edit.setMaximumWidth(width + 80)
        self.note = QLabel()
        self.note.setAccessibleName(f"{name}, as understood")
        self.note.setWordWrap(True)
        self._layout = layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.note, 1)
        self.setFocusProxy(self.edit)
        self._base: datetime | None = None
        self._parsed: datetime | None = None
        self._problem: str | None = None
        self.edit.textEdited.connect(self._typed)
        self.edit.installEventFilter(self)

    def set_moment(self, moment: datetime) -> None:
        """Show ``moment``; what is typed later leaves out what it keeps from it."""
        self._base = moment
        self.edit.setText(typed_form(moment))
        self.edit.setToolTip(hint(locale_order()))  # the locale as parsing reads it
        self._read()

    def moment(self) -> datetime | None:
        """The value typed, or None when it does not parse (never saved then)."""
        return self._parsed

    def problem(self) -> str | None:
        """Why what is typed does not parse, for the researcher; None when it does."""
        return self._problem

    def text(self) -> str:
        return self.edit.text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Too narrow for the value in words on one line beside the field (the inspector
        open on a small screen): the words go under it, on a line of their own."""
        super().resizeEvent(event)
        self._place_note()

    def _place_note(self) -> None:
        words = self.note.fontMetrics().horizontalAdvance(self.note.text())
        edit = self.edit
        field = max(edit.minimumWidth(), min(edit.sizeHint().width(), edit.maximumWidth()))
        beside = field + self._layout.spacing() + words <= self.width()
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self._layout.direction() != direction:
            self._layout.setDirection(direction)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down step the part under the cursor (year, month, day, hour, minute)."""
        if watched is self.edit and isinstance(event, QKeyEvent):
            steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(Qt.Key(event.key()))
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if steps is not None and plain and event.type() == QEvent.Type.KeyPress:
                self.step(steps)
                return True
        return super().eventFilter(watched, event)

    def step(self, steps: int) -> None:
        """Move the value by ``steps`` of the part under the cursor; the day when what is
        typed is in another form (which is then shown in the field's own)."""
        parsed = self._parsed
        if parsed is None or self.edit.isReadOnly():
            return
        position = self.edit.cursorPosition()
        if self.edit.text() != typed_form(parsed):
            position = DAY_AT
        self.edit.setText(typed_form(stepped(parsed, position, steps)))
        self.edit.setCursorPosition(position)
        self._typed(self.edit.text())

    def _typed(self, _text: str) -> None:
        self._read()
        self.edited.emit()

    def _read(self) -> None:
        if self._base is None:
            return
        try:
            self._parsed = parse_typed(self.edit.text(), base=self._base, order=locale_order())
            self._problem = None
        except InvalidInput as refusal:
            self._parsed, self._problem = None, str(refusal)
        self._show()

    def _show(self) -> None:
        """The value in words (with its offset when it differs), or bold: the problem."""
        parsed = self._parsed
        if parsed is None:
            self.note.setText(f"Not understood, not saved: {self._problem}")
            self.note.setStyleSheet("font-weight: bold")
        else:
            text = spoken(parsed)
            if self._base is not None and parsed.utcoffset() != self._base.utcoffset():
                text += f" ({_offset(parsed)})"
            self.note.setText(text)
            self.note.setStyleSheet("")
        self.edit.setAccessibleDescription(self.note.text())
        self._place_note()


def _offset(moment: datetime) -> str:
    """``UTC+05:30``: an offset typed that differs from the one the value had."""
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'-' if minutes < 0 else '+'}{hours:02}:{rest:02}"
