"""Paint coded passages over a ``QPlainTextEdit`` in their codes' colours.

A transparent overlay on the editor's viewport draws, for each coded segment, a light
wash of its colour (overlapping codes blend) and an underline band (overlapping codes get
separate bands, so two or three codes on the same words stay visible). An overlay keeps
out of the editor's own formats: a Markdown highlighter or search highlights (extra
selections) set by the window are untouched. Hovering shows the codes in a tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLineF, QObject, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCursor,
    QTextLayout,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from fieldjournal.gui.editor.segment_marks import Mark, assign_bands, marks_at, shift_marks

WASH_ALPHA = 46
BAND_WIDTH = 2.0
BAND_STEP = 3.0


def _x(line: QTextLine, pos: int) -> float:
    """``QTextLine.cursorToX`` (PySide returns ``(x, pos)``) as the x alone."""
    result: object = line.cursorToX(pos)
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class SegmentHighlighter(QWidget):
    """The overlay; ``reset_needed`` fires when the whole text was replaced (a new entry
    was loaded) so the controller reads the segments again."""

    reset_needed = Signal()

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor.viewport())
        self.setObjectName("segmentHighlighter")
        self.setAccessibleName("Coded passages")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.editor = editor
        self.marks: list[Mark] = []
        self._text = editor.toPlainText()
        self._length = utf16_length(self._text)
        self.setGeometry(editor.viewport().rect())
        self._viewport = editor.viewport()
        self._viewport.installEventFilter(self)
        editor.updateRequest.connect(self._scrolled)
        editor.document().contentsChange.connect(self._contents_changed)
        self.show()

    # --- marks -------------------------------------------------------------------------
    def set_marks(self, marks: list[Mark]) -> None:
        assign_bands(marks)
        self.marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._text = self.editor.toPlainText()
        self._length = utf16_length(self._text)
        self.update()

    def marks_at(self, pos: int) -> list[Mark]:
        return marks_at(self.marks, pos)

    def _contents_changed(self, pos: int, removed: int, added: int) -> None:
        text = self.editor.toPlainText()
        if text == self._text:
            return  # a format-only change (e.g. a syntax highlighter's pass)
        length = utf16_length(text)
        whole = pos == 0 and removed >= self._length
        consistent = length - self._length == added - removed
        self._text, self._length = text, length
        if whole or not consistent:
            self.marks = []
            self.reset_needed.emit()
        else:
            self.marks = shift_marks(self.marks, pos, removed, added)
            assign_bands(self.marks)
        self.update()

    def _scrolled(self, *_: object) -> None:
        self.update()

    # --- events ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport:
            if event.type() == QEvent.Type.Resize:
                self.setGeometry(self.editor.viewport().rect())
            elif event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
                text = self.tooltip_at(event.pos())
                if text:
                    QToolTip.showText(event.globalPos(), text, self.editor.viewport())
                    return True
        return False

    def tooltip_at(self, point: QPoint) -> str:
        """The codes under viewport point ``point``, or "" when none."""
        cursor = self.editor.cursorForPosition(point)
        paths = sorted({m.code_path for m in self.marks_at(cursor.position())})
        return "Coded: " + ", ".join(paths) if paths else ""

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.marks:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        block = self.editor.firstVisibleBlock()
        bottom = self.height()
        while block.isValid():
            layout = block.layout()
            if block.isVisible() and layout is not None and layout.lineCount():
                first_line = layout.lineAt(0)
                corner = self.editor.cursorRect(QTextCursor(block))
                origin_y = corner.top() - first_line.y()
                if origin_y > bottom:
                    break
                origin_x = corner.left() - _x(first_line, 0)
                self._paint_block(
                    painter, block.position(), block.length(), layout, origin_x, origin_y
                )
            block = block.next()
        painter.end()

    def _paint_block(
        self, painter: QPainter, start: int, length: int, layout: QTextLayout, ox: float, oy: float
    ) -> None:
        """Paint the marks inside one block (paragraph), on the visible wrapped lines only."""
        end = start + length - 1  # the paragraph separator belongs to no mark
        top, bottom = -oy, self.height() - oy  # the visible band, in layout coordinates
        for mark in self.marks:  # sorted by start
            if mark.start >= end:
                break
            if mark.end <= start:
                continue
            colour = QColor(mark.colour)
            wash = QColor(colour)
            wash.setAlpha(WASH_ALPHA)
            painter.setPen(QPen(colour, BAND_WIDTH))
            first = layout.lineForTextPosition(max(mark.start, start) - start).lineNumber()
            last = layout.lineForTextPosition(min(mark.end, end) - start).lineNumber()
            for number in range(max(first, 0), (last if last >= 0 else first) + 1):
                line = layout.lineAt(number)
                if line.y() + line.height() < top or line.y() > bottom:
                    continue
                line_start = start + line.textStart()
                a = max(mark.start, line_start)
                b = min(mark.end, line_start + line.textLength())
                if a >= b:
                    continue
                x1 = _x(line, a - start)
                x2 = _x(line, b - start)
                rect = QRectF(ox + min(x1, x2), oy + line.y(), abs(x2 - x1), line.height())
                painter.fillRect(rect, wash)
                y = rect.bottom() - BAND_WIDTH / 2 - mark.band * BAND_STEP
                painter.drawLine(QLineF(rect.left(), y, rect.right(), y))
