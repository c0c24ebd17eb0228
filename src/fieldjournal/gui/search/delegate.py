"""Paints a search hit: kind icon, title and date, then the snippet with matches in bold."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from fieldjournal.domain.search import SearchHit
from fieldjournal.gui.search.model import HIT_ROLE
from fieldjournal.gui.widgets.formatting import short_date
from fieldjournal.gui.widgets.icons import kind_icon

PAD = 6
ICON = 18
SNIPPET_LINES = 3


def _snippet_document(hit: SearchHit, option: QStyleOptionViewItem, width: int) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultFont(option.font)
    document.setDocumentMargin(0)
    document.setDefaultStyleSheet("b.match { background-color: rgba(255, 214, 10, 110); }")
    document.setHtml(hit.snippet_html)
    document.setTextWidth(width)
    return document


class SearchDelegate(QStyledItemDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(240, line * (1 + SNIPPET_LINES) + 3 * PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            return
        painter.save()
        try:
            self._paint(painter, option, hit)
        finally:
            painter.restore()

    def _paint(self, painter: QPainter, option: QStyleOptionViewItem, hit: SearchHit) -> None:
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = option.palette.color(role)
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        line = QFontMetrics(option.font).height()
        kind_icon(hit.kind).paint(painter, QRect(rect.left(), rect.top(), ICON, ICON))
        left = rect.left() + ICON + PAD
        date = short_date(hit.occurred_at)
        metrics = QFontMetrics(option.font)
        date_width = metrics.horizontalAdvance(date) + PAD
        painter.setPen(
            colour if selected else option.palette.color(QPalette.ColorRole.PlaceholderText)
        )
        painter.drawText(
            QRect(rect.right() - date_width, rect.top(), date_width, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            date,
        )
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(colour)
        title_width = rect.right() - date_width - left
        painter.drawText(
            QRect(left, rect.top(), title_width, line),
            Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(hit.label, Qt.TextElideMode.ElideRight, title_width),
        )
        width = rect.right() - left
        document = _snippet_document(hit, option, width)
        painter.translate(left, rect.top() + line + PAD // 2)
        clip = QRectF(0, 0, width, line * SNIPPET_LINES)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, colour)
        context.clip = clip
        document.documentLayout().draw(painter, context)
