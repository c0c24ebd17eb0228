"""The length-cached BM25F scores exactly as Whoosh's own BM25F."""

from __future__ import annotations

from whoosh.qparser import MultifieldParser
from whoosh.scoring import BM25F

from fieldjournal import Journal
from fieldjournal.search.scoring import CachedLengthBM25F, field_lengths


def test_cached_lengths_score_as_whoosh_does(journal: Journal) -> None:
    for n in range(1, 12):
        journal.add_entry(title=f"board {n}", body=" ".join(["board funding"] * n + ["quiet"] * n))
    journal.add_entry(title="empty", body="")
    journal.flush_index()
    store = journal._searching().indexer.index().store
    searcher = store.searcher()
    assert isinstance(searcher.weighting, CachedLengthBM25F)
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        cached = field_lengths(reader, "body")
        assert cached is not None
        whoosh = [reader.doc_field_length(d, "body", 1) for d in range(reader.doc_count_all())]
        assert [n for n, w in zip(cached, whoosh, strict=False) if w] == [w for w in whoosh if w]
    parsed = MultifieldParser(["title", "body"], searcher.schema).parse("board funding")
    ours = [(h.docnum, h.score) for h in searcher.search(parsed, limit=None)]
    with store._index().searcher(weighting=BM25F()) as plain:
        theirs = [(h.docnum, h.score) for h in plain.search(parsed, limit=None)]
    assert len(ours) == 11
    assert ours == theirs
