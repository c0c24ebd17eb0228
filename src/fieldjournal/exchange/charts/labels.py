"""Labels that make way for each other: a dense network names the nodes it has room for.

Imported only when a network is drawn (it imports matplotlib).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure, SubFigure
from matplotlib.text import Text
from matplotlib.transforms import Bbox, ScaledTranslation

GAP = 1.1  # a label keeps a tenth of its size clear around it
LIFT = 7  # points between a node's centre and its label
BACKING = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}


class ThinnedLabels(Artist):
    """Which labels are drawn is decided when the figure is drawn, at its final size and
    layout (so a resized window, or a 300 dpi export, thins them again): each label in
    turn is drawn unless it would overlap one already drawn. Give the most important
    first. Every name stays in the table, and a click on its mark lists its entries."""

    def __init__(self, texts: Sequence[Text]) -> None:
        super().__init__()
        self.set_zorder(3)  # over the nodes and edges
        self.texts = list(texts)
        self.shown: list[Text] = []  # those the last drawing showed

    @classmethod
    def above(cls, axes: Axes, points: Sequence[tuple[Any, str]]) -> ThinnedLabels:
        """A label centred a little above each ``(x, y)`` in data coordinates."""
        lift = ScaledTranslation(0, LIFT / 72, axes.figure.dpi_scale_trans)
        lifted = axes.transData + lift
        return cls(
            [
                Text(
                    float(x),
                    float(y),
                    label,
                    ha="center",
                    va="bottom",
                    transform=lifted,
                    bbox=BACKING,  # a patch, not a stroke: the words stay text in PDF and SVG
                )
                for (x, y), label in points
            ]
        )

    def set_figure(self, fig: Figure | SubFigure) -> None:
        super().set_figure(fig)
        for text in self.texts:
            text.set_figure(fig)

    def draw(self, renderer: RendererBase) -> None:
        if not self.get_visible():
            return
        placed: list[Bbox] = []
        self.shown = []
        for text in self.texts:
            box = text.get_window_extent(renderer)
            room = box.expanded(GAP, GAP)
            if not any(room.overlaps(other) for other in placed):
                placed.append(box)
                self.shown.append(text)
                text.draw(renderer)
        self.stale = False
