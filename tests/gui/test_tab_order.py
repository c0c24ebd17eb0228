"""Tab moves through every navigator panel as it reads, and every stop has a name."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from fieldjournal import Journal
from fieldjournal.gui.main_window import MainWindow


def _stops(panel: QWidget) -> list[QWidget]:
    """The widgets Tab stops at inside ``panel``, in Tab's order."""
    stops: list[QWidget] = []
    widget: QWidget | None = panel.nextInFocusChain()
    while widget is not None and widget is not panel and len(stops) < 200:
        if (
            panel.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and type(widget).__name__ not in {"QScrollBar", "QLineEditIconButton"}
            and not widget.objectName().startswith("qt_")
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def test_tab_follows_the_screen_in_every_panel(window: MainWindow, gui_journal: Journal) -> None:
    gui_journal.add_entry(title="Visit", actors=["Sam Okoro"], codes=["Trust"])
    workspace = window.workspace
    assert workspace is not None
    for tab in range(workspace.tabs.count()):
        workspace.show_tab(tab)
        panel = workspace.tabs.widget(tab)
        assert panel is not None
        stops = _stops(panel)
        assert stops, tab
        places = [(w.mapTo(window, QPoint(0, 0)), w) for w in stops]
        for (before, _), (here, widget) in pairwise(places):
            below = here.y() >= before.y() + 4
            beside = abs(here.y() - before.y()) < 4 and here.x() > before.x()
            assert below or beside, (workspace.tabs.tabText(tab), widget.accessibleName())
        assert [type(w).__name__ for w in stops if not w.accessibleName()] == [], tab
