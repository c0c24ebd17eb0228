"""Matching and BM25F scoring straight from posting lists, for the common query forms.

Whoosh walks a tree of matcher objects one posting at a time, several Python calls per
posting and level: a word in 40% of 50,000 notes, searched in title, body and actors,
costs it a million calls (100 ms). Most queries researchers type are words, fields and
pairs joined by AND and OR. For those this module reads each term's posting list a
block at a time, scores it with Whoosh's own BM25F statistics (idf, average field
length, B, K1, the same formula) and combines the per-term scores with dictionaries:
AND intersects and adds, OR unites and adds, a boost multiplies, as Whoosh's
intersection and union matchers do. Scores agree with Whoosh's to rounding (sums are
taken in another order); ``tests/search/test_search_postings.py`` checks that against
Whoosh's collector on many queries.

Segments never change (only which of their documents are deleted), so a term's decoded
posting list is kept per segment (``PostingCache``, across index generations): unpickling
and decompressing the blocks is most of a term's cost, paid again on every query.

A phrase that needs word positions (a title phrase; a body phrase of rare words) is
matched by Whoosh's matcher for that part alone, in one segment at a time: its matches
are few. Any other form (NOT, coordination scaling, another scoring model or codec)
answers ``None`` and the caller uses Whoosh's matchers for the whole query.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, NullQuery, Or, Phrase, Query, Term
from whoosh.scoring import BM25FScorer, WeightScorer

from fieldjournal.search.query import OnDays
from fieldjournal.search.scoring import field_lengths

Scores = dict[int, float]


class Unsupported(Exception):
    """The query has a form this module does not evaluate."""


PostingList = tuple["array[int]", "array[float]"]  # document numbers, weights


class PostingCache:
    """Decoded posting lists by (segment, field, term), the least recently used dropped.

    ``limit`` counts postings (eight bytes each): 2,000,000 is some 16 MB.
    """

    def __init__(self, limit: int = 2_000_000) -> None:
        self.limit = limit
        self._lists: OrderedDict[tuple[str, str, bytes], PostingList] = OrderedDict()
        self._size = 0

    def get(self, reader: Any, fieldname: str, text: bytes) -> PostingList:
        """Every posting of the term in the segment, deleted documents included."""
        key = (reader.segment().segment_id(), fieldname, text)
        found = self._lists.get(key)
        if found is not None:
            self._lists.move_to_end(key)
            return found
        matcher = reader.postings(fieldname, text)
        if type(matcher) is FilterMatcher and matcher._exclude:
            matcher = matcher.child
        found = _postings(matcher)
        self._lists[key] = found
        self._size += len(found[0])
        while self._size > self.limit and len(self._lists) > 1:
            _, (ids, _) = self._lists.popitem(last=False)
            self._size -= len(ids)
        return found


def evaluate(searcher: Any, query: Query, cache: PostingCache | None = None) -> Scores | None:
    """Every matching live document (global number) with its score, or None.

    None: the query has a form left to Whoosh's matchers.
    """
    if not supported(query):
        return None
    cache = cache or PostingCache(limit=0)
    try:
        found: Scores = {}
        for leaf, offset in searcher.leaf_searchers():
            part = _evaluate(leaf, query, cache)
            found.update(
                zip(map(offset.__add__, part), part.values(), strict=True) if offset else part
            )
        return found
    except Unsupported:
        return None


def supported(query: Query) -> bool:
    if query is NullQuery or type(query) in (Term, Phrase, OnDays):
        return True
    if type(query) is Or and (query.scale or query.minmatch):
        return False  # coordination bonus or a minimum number of matches
    if type(query) in (And, Or):
        return all(supported(q) for q in query.subqueries)
    return False


def _evaluate(leaf: Any, query: Query, cache: PostingCache) -> Scores:
    """The matching documents of one segment (segment numbers) with their scores."""
    if query is NullQuery:
        return {}
    if type(query) is Term:
        found = _term(leaf, query, cache)
    elif type(query) is Phrase:
        return _matched(leaf, query)  # Whoosh's matcher applies the boost
    elif type(query) is OnDays:
        return dict.fromkeys(query.docs(leaf.reader()), OnDays.SCORE)
    else:
        parts = [_evaluate(leaf, q, cache) for q in query.subqueries]
        if len(parts) < 2:  # Whoosh ignores the boost of a compound of one
            return parts[0] if parts else {}
        found = _intersect(parts) if type(query) is And else _unite(parts)
    if query.boost != 1.0:
        boost = query.boost
        found = {doc: score * boost for doc, score in found.items()}
    return found


def _intersect(parts: list[Scores]) -> Scores:
    parts = sorted(parts, key=len)
    found = parts[0]
    for other in parts[1:]:
        found = {doc: score + other[doc] for doc, score in found.items() if doc in other}
        if not found:
            break
    return found


def _unite(parts: list[Scores]) -> Scores:
    parts = sorted(parts, key=len, reverse=True)
    found = dict(parts[0])
    for other in parts[1:]:
        get = found.get
        for doc, score in other.items():
            found[doc] = get(doc, 0.0) + score
    return found


def _matched(leaf: Any, query: Query) -> Scores:
    """Documents and scores from Whoosh's matcher for ``query`` (few matches)."""
    found: Scores = {}
    matcher = query.matcher(leaf)
    while matcher.is_active():
        found[matcher.id()] = matcher.score()
        matcher.next()
    return found


def _term(leaf: Any, query: Term, cache: PostingCache) -> Scores:
    reader = leaf.reader()
    schema = leaf.schema
    if query.fieldname not in schema:
        return {}
    try:
        text = schema[query.fieldname].to_bytes(query.text)
    except ValueError:
        return {}
    if (query.fieldname, text) not in reader:
        return {}
    ids, weights = cache.get(reader, query.fieldname, text)
    deleted: frozenset[int] | set[int] = reader.deleted_docs_set or frozenset()
    scorer = leaf.weighting.scorer(leaf, query.fieldname, text)
    if type(scorer) is WeightScorer:
        return {doc: w for doc, w in zip(ids, weights, strict=True) if doc not in deleted}
    if not isinstance(scorer, BM25FScorer):
        raise Unsupported(type(scorer).__name__)
    lengths = field_lengths(reader, query.fieldname)
    if lengths is None:
        raise Unsupported("field lengths")
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    # Whoosh's bm25(), written out in the same order so that the floats agree.
    return {
        doc: idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[doc] / avgfl)))
        for doc, tf in zip(ids, weights, strict=True)
        if doc not in deleted
    }


def _postings(matcher: Any) -> PostingList:
    """(document numbers, weights) of a term in one segment, read block by block."""
    if type(matcher) is not W3LeafMatcher:
        raise Unsupported(type(matcher).__name__)
    ids: array[int] = array("q")
    weights: array[float] = array("d")
    matcher.reset()
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids.extend(iter(matcher._ids))  # an array of another type code, or a tuple
        weights.extend(iter(matcher._weights))
        matcher._next_block()
    return ids, weights
