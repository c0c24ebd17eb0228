"""Tab moves through a panel as it reads: top to bottom, left to right.

Qt's default order is the order widgets were made in, which put the timeline's list
before the filters above it, and the actors' buttons after the table below them.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtWidgets import QWidget


def tab_in_order(*widgets: QWidget) -> None:
    """Tab goes from each of ``widgets`` to the next; the first keeps its place."""
    for before, after in pairwise(widgets):
        QWidget.setTabOrder(before, after)
