"""Scoring from posting lists agrees with Whoosh's own matchers, document for document."""

from __future__ import annotations

import math
import random
from collections import Counter
from typing import Any

import pytest

from fieldjournal import Journal
from fieldjournal.search.clock import ManualClock
from fieldjournal.search.columns import byte_values, numbers
from fieldjournal.search.index import _ranked, _View
from fieldjournal.search.postings import evaluate

WORDS = [
    "trust",
    "board",
    "funding",
    "partnership",
    "council",
    "volunteers",
    "voluntary",
    "sector",
    "care",
    "carers",
    "network",
    "meeting",
    "agenda",
    "decision",
    "power",
    "leadership",
    "system",
    "relationship",
    "pilot",
    "referral",
    "pathway",
    "outcomes",
    "evaluation",
    "community",
    "practice",
    "commissioning",
]
QUERIES = [
    "trust",
    "board funding",
    '"voluntary sector"',
    '"voluntary sector" board',
    '"voluntary sector board"',
    '"pathway referral"',
    'title:"board funding"',
    "volun*",
    "car*",
    "kind:meeting partnership",
    "trust OR power",
    "(trust OR power) board",
    "board^3 funding",
    "title:board",
    'actor:"Ruth Okafor"',
    "code:Trust",
    'code:"Trust/System trust"',
    "site:Millbrook",
    "leadership pathway referral evaluation",
    "funding OR date:2026",
    "funding OR date:2025",
    "nosuchword",
    "trust nosuchword",
    "trust OR nosuchword",
]


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Several segments, older copies deleted by edits, trashed entries: every case."""
    rng = random.Random(7)
    # A clock that stands still: no idle merge joins the segments.
    folder = tmp_path_factory.mktemp("postings") / "j"
    with Journal.open(folder, index_clock=ManualClock()) as opened:
        opened.add_actor("Ruth Okafor", pseudonym="Ms Elm")
        opened.add_actor("Siobhán Ó Riordáin")
        opened.add_code("Trust/System trust")
        opened.add_code("Power")
        ids = []
        for batch in range(4):
            for i in range(40):
                body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60)))
                ids.append(
                    opened.add_entry(
                        kind=rng.choice(("fieldnote", "meeting", "memo")),
                        title=(
                            "Board funding review" if i % 5 == 0 else " ".join(rng.sample(WORDS, 3))
                        )
                        + f" {batch}-{i}",
                        body=body,
                        site=rng.choice(("Millbrook CVS", "Ashford surgery", "")),
                        actors=(
                            ["Ruth Okafor", "Siobhán Ó Riordáin"][: 1 + i % 2] if i % 3 == 0 else []
                        ),
                        codes=["Trust/System trust"] if i % 4 == 0 else [],
                    ).id
                )
            opened.flush_index()
            if batch == 0:
                opened.reindex()  # learns the common words whose pairs are indexed
        for entry_id in rng.sample(ids, 25):
            opened.update_entry(
                entry_id, body="the voluntary sector board met on trust and power " * 3
            )
        for entry_id in rng.sample(ids, 10):
            opened.delete_entry(entry_id)
        for entry_id in rng.sample(ids, 12):
            if opened.get_entry(entry_id).deleted_at is None:
                opened.code_segment(entry_id, "Power", 0, 3)  # coded passages count too
        opened.flush_index()
        yield opened


def whoosh_scores(searcher: Any, query: Any) -> dict[int, float]:
    """Through Whoosh's matchers, as the journal does for the forms left to them."""
    docs, best = _ranked(searcher, query, None, 10**9)
    assert len(best) == len(docs)
    return dict(best)


@pytest.mark.parametrize("text", QUERIES)
def test_same_documents_and_scores_as_whoosh(journal: Journal, text: str) -> None:
    index = journal._searching().indexer.index()
    searcher = index.store.searcher()
    assert not searcher.is_atomic()  # several segments, some with deletions
    query = _View(searcher, {}).compiler.compile(text).query
    ours = evaluate(searcher, query)
    assert ours is not None, f"{text} should be scored from posting lists"
    theirs = whoosh_scores(searcher, query)
    assert ours.keys() == theirs.keys()
    for doc, score in theirs.items():
        assert math.isclose(ours[doc], score, rel_tol=1e-9), (text, doc)
    if text != "nosuchword":
        assert theirs or text.startswith("trust nosuch"), text  # the fixture matches


@pytest.mark.parametrize("text", ["trust NOT power", "NOT trust", "trust ANDNOT board"])
def test_other_forms_are_left_to_whoosh(journal: Journal, text: str) -> None:
    searcher = journal._searching().indexer.index().store.searcher()
    query = _View(searcher, {}).compiler.compile(text).query
    assert evaluate(searcher, query) is None


def test_ranking_and_totals_through_the_journal(journal: Journal) -> None:
    """Hits in Whoosh's order (score, then document number) with exact totals."""
    index = journal._searching().indexer.index()
    searcher = index.store.searcher()
    for text in ("trust", "board funding", "volun*", "kind:meeting partnership"):
        results = journal.search(text, limit=15)
        query = _View(searcher, {}).compiler.compile(text).query
        expected = sorted(whoosh_scores(searcher, query).items(), key=lambda i: (-i[1], i[0]))
        assert results.total == len(expected)
        wanted = [searcher.stored_fields(doc)["id"] for doc, _ in expected[:15]]
        assert [hit.id for hit in results.hits] == wanted, text


@pytest.mark.parametrize("text", ["", "trust", "board funding", "trust OR power", "code:Power"])
def test_facets_count_every_match_as_the_database_has_it(journal: Journal, text: str) -> None:
    results = journal.search(text, limit=10_000, facets=True)
    assert results.total == len(results.hits) > 0
    kinds: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    for hit in results.hits:
        entry = journal.get_entry(hit.id)
        kinds[entry.kind.value] += 1
        actors.update(entry.actor_names)
        codes.update(set(entry.codes) | {segment.code_path for segment in entry.segments})
    assert results.facets == {"kind": dict(kinds), "code": dict(codes), "actor": dict(actors)}
    if not text:  # the fixture has every case: coded passages, several actors
        assert codes["Power"] > 0 and actors["Siobhán Ó Riordáin"] > 0


def test_columns_read_in_one_piece_equal_whoosh_value_by_value(journal: Journal) -> None:
    searcher = journal._searching().indexer.index().store.searcher()
    leaves = [reader for reader, _ in searcher.reader().leaf_readers() if reader.doc_count_all()]
    assert len(leaves) > 1  # several segments, some with deleted documents
    for reader in leaves:
        assert byte_values(reader, "facets") == [bytes(v) for v in reader.column_reader("facets")]
        assert numbers(reader, "when") == list(reader.column_reader("when"))
