"""A journal grown from nothing learns its common words, and no answer is ever short."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from whoosh.query import Term

from fieldjournal import Journal
from fieldjournal.search.analysis import LEARN_SAMPLE, PairAnalyzer
from fieldjournal.search.index import SearchIndex, _View
from fieldjournal.search.indexer import LEARN_MIN
from fieldjournal.search.schedule import Task
from tests.search.search_helpers import indexer_of, open_driven, settle


def grow(journal: Journal, count: int) -> None:
    """Half the notes hold the phrase; the other half both words apart."""
    index_of(journal)  # created (from an empty journal) before the notes are added
    for i in range(count):
        body = (
            f"At visit {i} the voluntary sector board met about carers."
            if i % 2 == 0
            else f"At visit {i} the sector reps met voluntary groups and the board."
        )
        journal.add_entry(title=f"Visit {i}", body=body)


def index_of(journal: Journal) -> SearchIndex:
    return journal._searching().indexer.index()


def phrase_uses_pairs(journal: Journal, text: str) -> bool:
    searcher = index_of(journal).store.searcher()
    query = _View(searcher, {}).compiler.compile(text).query
    assert query is not None
    return any(isinstance(q, Term) and q.fieldname == "pairs" for q in query.leaves())


def test_a_journal_grown_from_empty_learns_its_common_words(tmp_path: Path) -> None:
    with open_driven(tmp_path / "j") as journal:
        assert index_of(journal).pairs_analyzer().learnt_from == 0
        grow(journal, 120)
        assert settle(journal)
        pairs = index_of(journal).pairs_analyzer()
        # Learnt once the journal had 100 entries (how many were saved by then varies).
        assert LEARN_MIN <= pairs.learnt_from <= 120
        assert pairs.partial is None
        assert {"voluntari", "sector"} <= pairs.common
        assert phrase_uses_pairs(journal, '"voluntary sector"')
        assert journal.search('"voluntary sector"').total == 60
        assert journal.search('"sector voluntary"').total == 0
        assert journal.check_consistency() == []


def test_answers_stay_complete_while_entries_are_indexed_again(tmp_path: Path) -> None:
    with open_driven(tmp_path / "j") as journal:
        grow(journal, 40)  # too few to learn from: no pairs are indexed yet
        source = indexer_of(journal).source
        assert settle(journal)
        index = index_of(journal)
        assert index.pairs_analyzer().common == frozenset()
        # The driven indexer stays out of the way meanwhile: its clock stands still.
        learnt = index.relearn(source.sample_texts())
        assert learnt is not None and {"voluntari", "sector"} <= learnt
        assert index.pairs_analyzer().usable == frozenset()
        # The entries were indexed without pairs: the phrase is matched by position
        # until they have been indexed again, and no answer is short meanwhile.
        assert not phrase_uses_pairs(journal, '"voluntary sector"')
        assert journal.search('"voluntary sector"').total == 20
        ids = list(source.live_versions())
        index.apply(source.load, ids, force=True)
        assert index.finish_relearn(learnt)
        assert index.pairs_analyzer().partial is None
        assert phrase_uses_pairs(journal, '"voluntary sector"')
        assert journal.search('"voluntary sector"').total == 20
        assert journal.search('"sector voluntary"').total == 0


def test_finishing_defers_to_a_newer_set(tmp_path: Path) -> None:
    """Another process learnt again meanwhile: its pass, not this one, completes it."""
    with open_driven(tmp_path / "j") as journal:
        grow(journal, 40)
        assert settle(journal)
        index = index_of(journal)
        with indexer_of(journal).work:
            first = index.relearn(indexer_of(journal).source.sample_texts())
            second = index.relearn(["carers centre"] * 150)
            assert first is not None and second is not None and first != second
            assert not index.finish_relearn(first)
            assert index.pairs_analyzer().partial == frozenset()


def test_a_pass_cut_short_is_taken_up_on_the_next_open(tmp_path: Path) -> None:
    with open_driven(tmp_path / "j") as journal:
        grow(journal, 120)
        assert settle(journal)
        with indexer_of(journal).work:
            assert index_of(journal).relearn(["carers centre"] * 150) is not None
    with open_driven(tmp_path / "j") as journal:
        assert settle(journal)
        pairs = index_of(journal).pairs_analyzer()
        assert pairs.partial is None
        assert journal.search('"voluntary sector"').total == 60
        assert journal.check_consistency() == []


def test_indexes_from_before_count_as_fully_learnt() -> None:
    analyzer = PairAnalyzer(frozenset({"trust"}))
    del analyzer.learnt_from, analyzer.partial  # as pickled by an earlier version
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored.learnt_from == LEARN_SAMPLE
    assert restored.partial is None
    assert restored.usable == frozenset({"trust"})


def test_a_bulk_import_into_a_new_journal_is_analysed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The words are learnt before the import is indexed, not after."""
    forced: list[int] = []
    real_apply = SearchIndex.apply

    def spy(self: SearchIndex, load: Any, ids: Any, **kwargs: Any) -> int:
        if kwargs.get("force"):
            forced.append(len(ids))
        return real_apply(self, load, ids, **kwargs)

    monkeypatch.setattr(SearchIndex, "apply", spy)
    lines = [
        json.dumps(
            {
                "type": "entry",
                "kind": "fieldnote",
                "title": f"Visit {i}",
                "body": "the voluntary sector board met" if i % 2 else "sector and voluntary",
                "occurred_at": "2017-03-05T10:00:00+00:00",
            }
        )
        for i in range(300)
    ]
    with open_driven(tmp_path / "j") as journal:
        assert settle(journal)  # the empty journal's first checks
        journal.import_lines(lines)
        assert settle(journal)
        pairs = index_of(journal).pairs_analyzer()
        assert pairs.learnt_from == 300 and pairs.partial is None
        assert sum(forced) == 0
        assert phrase_uses_pairs(journal, '"voluntary sector"')
        assert journal.search('"voluntary sector"').total == 150


def test_a_damaged_index_found_while_learning_is_rebuilt(tmp_path: Path) -> None:
    """A background task that finds the index broken rebuilds it; the indexer lives on."""
    with open_driven(tmp_path / "j") as journal:
        grow(journal, 30)
        indexer = indexer_of(journal)
        assert settle(journal)
        for toc in journal.paths.index.glob("_MAIN_*.toc"):
            toc.unlink()
        indexer.schedule.learn_due = True
        assert indexer.run_due()[:2] == [Task.LEARN, Task.REBUILD]
        assert settle(journal)
        assert not indexer.schedule.failed
        assert journal.search("visit").total == 30
        assert any("cannot be read" in p for p in journal.index_status().problems)
