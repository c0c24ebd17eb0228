"""The search results model passes QAbstractItemModelTester and fetches more on demand."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from pytestqt.modeltest import ModelTester

from fieldjournal.domain.queries import EntryQuery
from fieldjournal.gui.search.model import SearchModel, matched_terms
from tests.gui.fake_search import FakeSearch


def test_search_model_passes_the_model_tester_and_fetches_more(
    qtmodeltester: ModelTester,
) -> None:
    source = FakeSearch(total=75)
    model = SearchModel(source)
    model.run(EntryQuery(text="trust"))
    assert model.rowCount() == 30 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 60
    qtmodeltester.check(model)  # fetches the rest itself
    assert model.rowCount() == 75 and not model.canFetchMore(QModelIndex())
    assert matched_terms(model.hits[:1]) == ["trust"]
