"""What a researcher would see as cut off: a label or button narrower than its words, a
list that scrolls sideways or hides one of its few rows, a short note squeezed onto many
lines, a control that sticks out of the pane that holds it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QLabel,
    QTableView,
    QWidget,
)

FEW_ROWS = 4  # a list box this short is sized to show them all
SHORT_TEXT = 40  # a note this short, wrapped on more than two lines, is squeezed


def _name(widget: QWidget) -> str:
    return widget.accessibleName() or widget.objectName() or type(widget).__name__


def _in_scrolled_content(widget: QWidget) -> bool:
    """Inside a scroll area's contents, where sticking out is what scrolling is for."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def clipped(root: QWidget) -> list[str]:
    """Every visible widget under ``root`` that is cut off, said in a line each."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        name = _name(widget)
        if isinstance(widget, QLabel) and widget.wordWrap() and widget.text():
            lines = widget.heightForWidth(widget.width()) // widget.fontMetrics().lineSpacing()
            if len(widget.text()) <= SHORT_TEXT and lines > 2:
                problems.append(f"{name}: {len(widget.text())} characters on {lines} lines")
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            if isinstance(widget, QLabel) and not widget.text():
                continue
            needed = widget.minimumSizeHint().width()
            if widget.width() < needed:
                problems.append(f"{name}: {widget.width()} px wide, its words need {needed}")
        if (
            isinstance(widget, QAbstractItemView)
            and not isinstance(widget, QTableView)  # a table's later columns may scroll
            and widget.horizontalScrollBar().isVisible()
        ):
            problems.append(f"{name}: scrolls sideways")
        if isinstance(widget, QAbstractItemView) and widget.verticalScrollBar().isVisible():
            model = widget.model()
            rows = model.rowCount() if model is not None else 0
            if rows <= FEW_ROWS:
                problems.append(f"{name}: scrolls to show its {rows} rows")
        parent = widget.parentWidget()
        if (
            parent is not None
            and not widget.isWindow()
            and not _in_scrolled_content(widget)
            and not parent.rect().contains(widget.geometry())
        ):
            problems.append(f"{name}: sticks out of {_name(parent)} ({widget.geometry()})")
    return problems
