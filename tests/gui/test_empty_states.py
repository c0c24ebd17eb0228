"""Every list says why it is empty and what to do, on screen and to a screen reader."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.widgets.empty_state import EmptyState
from fieldjournal.gui.workspace import (
    TAB_ACTORS,
    TAB_CODES,
    TAB_MEMOS,
    TAB_SEARCH,
    TAB_TIMELINE,
    TAB_TRASH,
)


def _said(empty: EmptyState) -> str:
    """The hint when it is shown (and told to assistive technology), else ''."""
    if not empty.isVisible():
        return ""
    viewport = empty.parentWidget()
    view = viewport.parentWidget() if viewport is not None else None
    assert view is not None and view.accessibleDescription() == empty.text()
    return empty.text()


def test_a_new_journal_says_what_each_panel_is_for(window: MainWindow, qtbot: QtBot) -> None:
    ws = window.workspace
    assert ws is not None
    expected = {
        TAB_TIMELINE: (ws.timeline.empty, "No entries yet"),
        TAB_MEMOS: (ws.memos.empty, "Ctrl+M writes one"),
        TAB_TRASH: (ws.trash.empty, "The trash is empty"),
        TAB_SEARCH: (ws.search.empty, "Type words to find them"),
        TAB_CODES: (ws.codebook.empty, "No codes yet"),
        TAB_ACTORS: (ws.actors.empty, "No actors yet"),
    }
    for tab, (empty, words) in expected.items():
        ws.show_tab(tab)
        assert words in _said(empty), tab
    assert "Select an actor" in _said(ws.actors.linked_empty)


def test_hints_follow_filters_queries_and_new_entries(
    window: MainWindow, gui_journal: Journal, qtbot: QtBot
) -> None:
    ws = window.workspace
    assert ws is not None
    ws.show_tab(TAB_TIMELINE)
    ws.new_entry(EntryKind.FIELDNOTE)
    assert _said(ws.timeline.empty) == ""  # an entry: the list speaks for itself
    ws.filters.kind.setCurrentIndex(ws.filters.kind.findData(EntryKind.MEMO.value))
    assert "No entries match these filters" in _said(ws.timeline.empty)
    ws.show_tab(TAB_SEARCH)
    ws.search.query.setText("zebra")
    ws.search.run_now()
    assert _said(ws.search.empty).startswith("Nothing matches “zebra”.")
    ws.search.query.clear()
    ws.search.run_now()
    assert "Type words to find them" in _said(ws.search.empty)
    ws.show_tab(TAB_CODES)
    ws.codebook.filter.setText("power")
    assert _said(ws.codebook.empty) == "No code matches “power”."
    ws.show_tab(TAB_ACTORS)
    ws.actors.filter.setText("Okoro")
    assert _said(ws.actors.empty) == "No actor matches “Okoro”."


def test_a_memo_about_nothing_yet_says_how_to_add_to_it(
    window: MainWindow, gui_journal: Journal, qtbot: QtBot
) -> None:
    ws = window.workspace
    assert ws is not None
    ws.new_entry(EntryKind.MEMO)  # nothing open: a memo about nothing yet
    about = ws.inspector.about.list
    qtbot.waitUntil(about.isVisible)
    assert "About nothing yet" in _said(about.empty)
    fieldnote = gui_journal.add_entry(title="Lunch club")
    about.entries_dropped.emit([fieldnote.id])
    qtbot.waitUntil(lambda: about.count() == 1)
    assert _said(about.empty) == ""
