"""Search as you type: debounce, counts, facets, and opening a hit with its matches marked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldjournal.gui.search import panel as search_panel
from fieldjournal.gui.search.panel import SearchPanel
from tests.gui.fake_search import FakeSearch


def _panel(qtbot: QtBot, source: FakeSearch) -> SearchPanel:
    panel = SearchPanel(source)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_results_follow_typing_after_a_pause_not_each_keystroke(qtbot: QtBot) -> None:
    source = FakeSearch(total=3)
    panel = _panel(qtbot, source)
    qtbot.keyClicks(panel.query, "trust")
    assert source.calls == []  # debounced
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=1000)
    assert [c["query"] for c in source.calls] == ["trust"]
    assert panel.summary.text().startswith("3 entries")


def test_facets_show_counts_and_filter(qtbot: QtBot) -> None:
    source = FakeSearch(total=3)
    panel = _panel(qtbot, source)
    panel.query.setText("trust")
    panel.run_now()
    kinds = panel.facets["kind"]
    assert kinds.itemText(1) == "Fieldnote (3)"
    actors = panel.facets["actor"]
    actors.setCurrentIndex(actors.findData("Ann Example"))
    assert source.calls[-1]["actor"] == "Ann Example"
    assert actors.currentData() == "Ann Example"


def test_enter_opens_the_selected_hit_with_the_matched_words(qtbot: QtBot) -> None:
    source = FakeSearch(total=3)
    panel = _panel(qtbot, source)
    qtbot.keyClicks(panel.query, "delivery")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=1000)
    with qtbot.waitSignal(panel.entry_requested, timeout=1000) as opened:
        qtbot.keyClick(panel.query, Qt.Key.Key_Down)
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert opened.args == ["id-1", ["delivery"]]


def test_an_empty_query_clears_the_results(qtbot: QtBot) -> None:
    source = FakeSearch(total=2)
    panel = _panel(qtbot, source)
    panel.query.setText("x")
    panel.run_now()
    panel.query.clear()
    panel.run_now()
    assert panel.model.rowCount() == 0 and panel.summary.text() == ""


def test_results_shown_while_indexing_are_shown_anew_once_they_change(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_panel, "RECHECK_MS", 20)
    source = FakeSearch(total=1)
    source.indexing = True  # an import is still being indexed
    panel = _panel(qtbot, source)
    panel.query.setText("trust")
    panel.run_now()
    assert panel.model.rowCount() == 1 and "still indexing" in panel.summary.text()
    looked = len(source.calls)
    qtbot.waitUntil(lambda: len(source.calls) > looked + 2)
    assert panel.model.rowCount() == 1  # nothing new: the list being read is left alone
    assert {call["limit"] for call in source.calls[looked:]} == {0}  # only counted
    source.total = 3
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    assert "still indexing" in panel.summary.text()
    source.indexing = False
    qtbot.waitUntil(lambda: "still indexing" not in panel.summary.text())
    settled = len(source.calls)
    qtbot.wait(100)
    assert len(source.calls) == settled  # caught up: no more looking
