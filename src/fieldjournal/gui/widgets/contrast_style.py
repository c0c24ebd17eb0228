"""Frames that stay visible on a dark or high-contrast palette.

Qt's Fusion style (the default where no desktop style is installed) draws the outline of
buttons, text fields, lists, combo boxes, date fields and check boxes in the window colour made a
little darker. On a black window (a desktop's high-contrast theme) that is black on black:
the fields lose their edges and an unchecked check box is not there at all. This proxy
draws the style's own frame first and, only when the window colour is dark, an outline in
the text colour over it; on a light palette nothing changes. Warnings are written in a
red that reads on the palette's window, light or dark.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

DARK_WINDOW = 0.3  # window lightness below this: Fusion's outlines disappear
OUTLINED_PRIMITIVES = (
    QStyle.PrimitiveElement.PE_FrameLineEdit,
    QStyle.PrimitiveElement.PE_Frame,
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_PanelButtonCommand,  # push buttons
)
OUTLINED_CONTROLS = (
    QStyle.ComplexControl.CC_ComboBox,
    QStyle.ComplexControl.CC_SpinBox,  # date and time fields too
)


def needs_outlines(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < DARK_WINDOW


def _outline(option: QStyleOption, painter: QPainter, rect: QRect | None = None) -> None:
    if not needs_outlines(option.palette):
        return
    group = (
        QPalette.ColorGroup.Disabled
        if not option.state & QStyle.StateFlag.State_Enabled
        else QPalette.ColorGroup.Active
    )
    colour = QColor(option.palette.color(group, QPalette.ColorRole.WindowText))
    painter.save()
    painter.setPen(colour)
    painter.setBrush(QColor(0, 0, 0, 0))
    painter.drawRect((rect or option.rect).adjusted(0, 0, -1, -1))
    painter.restore()


class ContrastStyle(QProxyStyle):
    """The application's style with outlines a dark palette can show."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in OUTLINED_PRIMITIVES and option.rect.width() > 2:
            _outline(option, painter)

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in OUTLINED_CONTROLS:
            _outline(option, painter)


# Warnings (real names in an export, consent that forbids quoting): a dark red on a light
# window, a light red on a dark one; each reads at 4.5:1 or more on its background.
CAUTION_ON_LIGHT = "#a33333"
CAUTION_ON_DARK = "#ff8a80"


def caution_colour(palette: QPalette) -> QColor:
    """The colour of a warning's words on ``palette``'s window and lists."""
    return QColor(CAUTION_ON_DARK if needs_outlines(palette) else CAUTION_ON_LIGHT)


def caution_label(text: str) -> QLabel:
    """A warning that wraps, in the caution colour of the application's palette."""
    label = QLabel(text)
    label.setStyleSheet(f"color: {caution_colour(QGuiApplication.palette()).name()}")
    label.setWordWrap(True)
    return label
