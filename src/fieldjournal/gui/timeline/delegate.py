"""Paints timeline rows: month headings, and entries as icon, date, title and first line.

Colours come from the palette so light and dark desktop themes both read well.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from fieldjournal.domain.records import EntrySummary
from fieldjournal.gui.timeline.model import HEADING_ROLE, SUMMARY_ROLE
from fieldjournal.gui.widgets.formatting import short_date
from fieldjournal.gui.widgets.icons import kind_icon

PAD = 6
ICON = 20


class TimelineDelegate(QStyledItemDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = QFontMetrics(option.font).height()
        if index.data(HEADING_ROLE):
            return QSize(200, line + 2 * PAD)
        return QSize(200, 2 * line + 3 * PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        try:
            if index.data(HEADING_ROLE):
                self._paint_heading(painter, option, str(index.data()))
            else:
                summary = index.data(SUMMARY_ROLE)
                if isinstance(summary, EntrySummary):
                    self._paint_entry(painter, option, summary)
        finally:
            painter.restore()

    def _paint_heading(self, painter: QPainter, option: QStyleOptionViewItem, text: str) -> None:
        palette = option.palette
        active = QPalette.ColorGroup.Active  # headings are not enabled items, yet read fully
        painter.fillRect(option.rect, palette.color(active, QPalette.ColorRole.AlternateBase))
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(palette.color(active, QPalette.ColorRole.Text))
        painter.drawText(
            option.rect.adjusted(PAD, 0, -PAD, 0),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            text,
        )

    def _paint_entry(
        self, painter: QPainter, option: QStyleOptionViewItem, summary: EntrySummary
    ) -> None:
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        muted = palette.color(text_role)
        if not selected:
            muted = palette.color(QPalette.ColorRole.PlaceholderText)
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        line = QFontMetrics(option.font).height()
        kind_icon(summary.kind).paint(painter, QRect(rect.left(), rect.top(), ICON, ICON))
        left = rect.left() + ICON + PAD

        small = QFont(option.font)
        small.setPointSizeF(max(small.pointSizeF() * 0.9, 7.0))
        painter.setFont(small)
        painter.setPen(muted)
        date = short_date(summary.occurred_at)
        date_width = QFontMetrics(small).horizontalAdvance(date) + PAD
        painter.drawText(
            QRect(rect.right() - date_width, rect.top(), date_width, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            date,
        )

        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(text_role))
        title_rect = QRect(left, rect.top(), rect.right() - date_width - left, line)
        title = QFontMetrics(bold).elidedText(
            summary.label, Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter, title)

        painter.setFont(option.font)
        painter.setPen(muted)
        second = summary.first_line if summary.title else summary.site
        body_rect = QRect(left, rect.top() + line + PAD // 2, rect.right() - left, line)
        painter.drawText(
            body_rect,
            Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(option.font).elidedText(
                second, Qt.TextElideMode.ElideRight, body_rect.width()
            ),
        )
