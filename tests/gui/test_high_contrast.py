"""A high-contrast palette: every field keeps its edges, warnings stay readable."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from fieldjournal.gui.widgets.contrast_style import ContrastStyle, caution_colour, caution_label
from tests.high_contrast import high_contrast_palette

FIELDS = (QLineEdit, QCheckBox, QComboBox, QDateTimeEdit, QListWidget, QPushButton)


def _light_pixels(image: QImage) -> int:
    return sum(
        image.pixelColor(x, y).lightnessF() > 0.5
        for x in range(image.width())
        for y in range(image.height())
    )


def _shown(qtbot: QtBot, kind: type[QWidget], palette: QPalette, style: ContrastStyle) -> QImage:
    widget = kind()
    qtbot.addWidget(widget)
    widget.setStyle(style)
    widget.setPalette(palette)
    widget.resize(120, 28) if kind is not QCheckBox else widget.resize(24, 24)
    return widget.grab().toImage()


@pytest.mark.parametrize("kind", FIELDS, ids=lambda k: k.__name__)
def test_an_empty_field_keeps_its_edge_on_black(qtbot: QtBot, kind: type[QWidget]) -> None:
    style = ContrastStyle("fusion")
    image = _shown(qtbot, kind, high_contrast_palette(), style)
    # Nothing is written in it: whatever is light on the black is its outline.
    assert _light_pixels(image) >= 2 * min(image.width(), image.height())


def test_a_light_palette_is_drawn_as_the_style_draws_it(qtbot: QtBot) -> None:
    plain = ContrastStyle("fusion")
    palette = QPalette(QColor("#efefef"))
    assert not palette.color(QPalette.ColorRole.Window).lightnessF() < 0.3
    outlined = _shown(qtbot, QLineEdit, palette, plain)
    base = QLineEdit()
    qtbot.addWidget(base)
    base.setStyle(plain.baseStyle())
    base.setPalette(palette)
    base.resize(120, 28)
    assert outlined == base.grab().toImage()


def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def _contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    "palette", [QPalette(QColor("#efefef")), high_contrast_palette()], ids=["light", "black"]
)
def test_warnings_read_at_4_5_to_1_on_the_window(palette: QPalette) -> None:
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        assert _contrast(caution_colour(palette), palette.color(role)) >= 4.5


def test_the_application_palette_decides_the_warning_colour(qtbot: QtBot) -> None:
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    before = app.palette()
    try:
        app.setPalette(high_contrast_palette())
        label = caution_label("Real names")
        qtbot.addWidget(label)
        assert caution_colour(high_contrast_palette()).name() in label.styleSheet()
    finally:
        app.setPalette(before)
