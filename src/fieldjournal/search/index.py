"""``SearchIndex``: what the services use. Searching, writing, verifying, rebuilding.

Per searcher (one per index generation) a ``_View`` caches what Whoosh would otherwise
recompute on every query: the live documents newest first, date-range filters, facet
values and prefix expansions. Column values and decoded posting lists are read once per
segment (segments never change) and kept across refreshes.
"""

from __future__ import annotations

import heapq
import logging
import operator
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh.collectors import FilterCollector, TopCollector
from whoosh.query import And, NullQuery, Query, Term

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.search.analysis import PairAnalyzer, common_terms, fold, normalise_name
from fieldjournal.search.columns import byte_values, numbers
from fieldjournal.search.merging import merge_in_child
from fieldjournal.search.postings import PostingCache, evaluate
from fieldjournal.search.query import Compiler, DayRange, make_parser
from fieldjournal.search.schema import FACET_SEPARATOR, VALUE_SEPARATOR, IndexDocument, utc_micros
from fieldjournal.search.store import IndexBroken, IndexStore, Loader

Facets = dict[str, dict[str, int]]
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RawHit:
    id: str
    score: float


@dataclass(frozen=True, slots=True)
class RawResults:
    total: int
    hits: list[RawHit]
    facets: Facets = field(default_factory=dict)
    notice: str = ""
    marks: frozenset[str] = frozenset()


def _filter_terms(query: EntryQuery) -> list[Query]:
    """The query's filters as index terms (its dates are matched on the columns)."""
    out: list[Query] = []
    if query.kind:
        out.append(Term("kind", fold(query.kind.value)))
    if query.actor:
        out.append(Term("actor", normalise_name(query.actor)))
    if query.code:
        out.append(Term("code", normalise_name(query.code)))
    if query.site:
        out.append(Term("site", normalise_name(query.site)))
    return out


def _micros(moment: datetime | None) -> int | None:
    return None if moment is None else utc_micros(moment)


class _Segment:
    """Column values of one (immutable) segment, read once, when first needed."""

    def __init__(self) -> None:
        self._times: tuple[list[int], list[int], list[int]] | None = None
        self._facets: list[bytes] | None = None

    def times(self, reader: Any) -> tuple[list[int], list[int], list[int]]:
        """(when, day, id order) of every document."""
        if self._times is None:
            self._times = (
                numbers(reader, "when"),
                numbers(reader, "day"),
                numbers(reader, "order"),
            )
        return self._times

    def facets(self, reader: Any) -> list[bytes]:
        """Each document's encoded (kind, actors, codes), decoded only when counted."""
        if self._facets is None:
            self._facets = byte_values(reader, "facets")
        return self._facets


class _View:
    def __init__(self, searcher: Any, segments: dict[str, _Segment]) -> None:
        self.searcher = searcher
        self.leaves: list[tuple[_Segment, int, Any]] = []
        used: dict[str, _Segment] = {}
        for reader, offset in searcher.reader().leaf_readers():
            if not reader.doc_count_all():
                continue
            key = reader.segment().segment_id()
            seg = segments.get(key) or _Segment()
            used[key] = seg
            self.leaves.append((seg, offset, reader))
        segments.clear()
        segments.update(used)
        self._newest: list[tuple[int, int, int, int]] | None = None
        self._filters: dict[tuple[Any, ...], set[int]] = {}
        self._prefixes: dict[tuple[str, str], list[str]] = {}
        self._facets: list[bytes] | None = None
        common = searcher.schema["pairs"].analyzer.usable
        self.compiler = Compiler(make_parser(searcher.schema), common, self.expand)

    def newest(self) -> list[tuple[int, int, int, int]]:
        """(when, day, docnum, id order) of every live document, newest first."""
        if self._newest is None:
            rows: list[tuple[int, int, int, int]] = []
            for seg, offset, reader in self.leaves:
                when, day, order = seg.times(reader)
                rows.extend((when[d], day[d], offset + d, order[d]) for d in reader.all_doc_ids())
            rows.sort(key=lambda r: (-r[0], r[3]))
            self._newest = rows
        return self._newest

    def newest_of(self, docs: Collection[int], count: int) -> list[int]:
        """The first ``count`` of ``docs``, newest first."""
        ordered: list[int] = []
        if count > 0:
            for row in self.newest():
                if (doc := row[2]) in docs:
                    ordered.append(doc)
                    if len(ordered) >= count:
                        break
        return ordered

    def date_filter(
        self, days: DayRange | None, low: int | None, high: int | None
    ) -> set[int] | None:
        """Documents within ``days`` and between ``low`` and ``high`` (UTC microseconds)."""
        if days is None and low is None and high is None:
            return None
        key = (days, low, high)
        cached = self._filters.get(key)
        if cached is None:
            low_day, high_day = days or (0, 99_991_231)
            since = low if low is not None else -(2**62)
            until = high if high is not None else 2**62
            cached = {
                doc
                for when, day, doc, _ in self.newest()
                if low_day <= day <= high_day and since <= when <= until
            }
            self._filters[key] = cached
        return cached

    def expand(self, fieldname: str, prefix: str) -> list[str]:
        key = (fieldname, prefix)
        words = self._prefixes.get(key)
        if words is None:
            reader = self.searcher.reader()
            found = [
                (reader.doc_frequency(fieldname, w), w)
                for w in reader.expand_prefix(fieldname, prefix)
            ]
            found.sort(key=lambda x: (-x[0], x[1]))
            words = [w if isinstance(w, str) else w.decode("utf-8") for _, w in found]
            self._prefixes[key] = words
        return words

    def facets(self, docs: Iterable[int]) -> Facets:
        """Counts by kind, code and actor of ``docs``.

        Documents are counted by their encoded facet values first (in C), so each distinct
        combination is decoded once, however many documents share it.
        """
        if self._facets is None:
            flat: list[bytes] = []
            for seg, offset, reader in self.leaves:
                flat.extend([b""] * (offset - len(flat)))
                flat.extend(seg.facets(reader))
            self._facets = flat
        kinds: Counter[str] = Counter()
        actors: Counter[str] = Counter()
        codes: Counter[str] = Counter()
        for raw, count in Counter(map(self._facets.__getitem__, docs)).items():
            if not raw:
                continue
            kind, names, paths = raw.decode("utf-8").split(FACET_SEPARATOR)
            kinds[kind] += count
            for name in names.split(VALUE_SEPARATOR) if names else ():
                actors[name] += count
            for path in paths.split(VALUE_SEPARATOR) if paths else ():
                codes[path] += count
        return {"kind": dict(kinds), "code": dict(codes), "actor": dict(actors)}


class _CountingTop(TopCollector):  # type: ignore[misc]
    """Whoosh's top-k collector that also keeps the set of matched documents.

    Without block skipping the collector sees every match anyway; Whoosh's own
    ``Results.docs()`` would run the whole query a second time to find them.
    """

    def _collect(self, global_docnum: int, score: float) -> Any:
        self.docset.add(global_docnum)
        return super()._collect(global_docnum, score)

    def all_ids(self) -> set[int]:
        return self.docset  # type: ignore[no-any-return]


def _best(scored: dict[int, float], count: int) -> list[tuple[int, float]]:
    """The ``count`` best (docnum, score) in Whoosh's order: score, then lower docnum.

    Compared as (score, -docnum) tuples made in C, rather than through a key function.
    """
    best = heapq.nlargest(count, zip(scored.values(), map(operator.neg, scored), strict=True))
    return [(-negative, score) for score, negative in best]


def _ranked(
    searcher: Any, query: Query, allowed: set[int] | None, wanted: int
) -> tuple[set[int], list[tuple[int, float]]]:
    """(every matching document, the best ``wanted`` as (docnum, score)), one pass."""
    top = _CountingTop(limit=wanted, usequality=False, replace=0)
    collector = top if allowed is None else FilterCollector(top, allow=allowed)
    searcher.search_with_collector(query, collector)
    best = [(docnum, float(score)) for score, docnum in top.results().top_n]
    return top.docset, best


class SearchIndex:
    def __init__(self, folder: Path, *, lock_timeout: float = 60.0) -> None:
        self.store = IndexStore(folder, lock_timeout=lock_timeout)
        self._segments: dict[str, _Segment] = {}
        self._postings = PostingCache()
        self._view: _View | None = None

    # --- writing -------------------------------------------------------------------
    def apply(
        self,
        load: Loader,
        ids: Collection[str],
        *,
        bulk: bool = False,
        force: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        with self.store.write_lock():
            return self.store.apply(load, ids, bulk=bulk, force=force, progress=progress)

    def recreate(self, sample: Iterable[str]) -> None:
        """Start an empty index whose common-word pairs are learnt from ``sample`` texts."""
        texts = list(sample)
        common = common_terms(texts)
        # Searches wait while the files are swapped (milliseconds), then find the new,
        # empty index, rather than a folder half emptied.
        with self.store.write_lock(), self.store.searcher_lock:
            self._view = None
            self.store.recreate(common, learnt_from=len(texts))

    # --- learning the common words again -----------------------------------------------
    def pairs_analyzer(self) -> PairAnalyzer:
        return self.store.pairs_analyzer()

    def relearn(self, sample: Iterable[str]) -> frozenset[str] | None:
        """Learn the common words again from a larger ``sample``, keeping every answer.

        New documents get the new set's pairs at once; queries keep to the words both
        sets share. Returns the new set when every entry must be indexed again
        (``apply(force=True)``, then ``finish_relearn``), None when nothing changed.
        """
        texts = list(sample)
        common = common_terms(texts)
        with self.store.write_lock():
            old = self.store.pairs_analyzer()
            if common == old.common and old.partial is None:
                if old.learnt_from != len(texts):
                    self.store.set_pairs_analyzer(PairAnalyzer(common, learnt_from=len(texts)))
                return None
            partial = old.usable & common
            self.store.set_pairs_analyzer(
                PairAnalyzer(common, learnt_from=len(texts), partial=partial)
            )
            return common

    def finish_relearn(self, common: frozenset[str]) -> bool:
        """Every entry has been indexed with ``common``: queries may use all its pairs.

        False if another process learnt another set meanwhile (its own pass finishes it).
        """
        with self.store.write_lock():
            current = self.store.pairs_analyzer()
            if current.common != common:
                return False
            if current.partial is not None:
                self.store.set_pairs_analyzer(PairAnalyzer(common, learnt_from=current.learnt_from))
            return True

    def merge_small(self, stopping: Callable[[], bool] = lambda: False) -> bool:
        """Merge small segments, in a child process (see merging); False: nothing merged."""
        with self.store.write_lock():
            if not self.store.merge_wanted():
                return False
        return merge_in_child(
            self.store.folder, lock_timeout=self.store.lock_timeout, stopping=stopping
        )

    def verify(
        self,
        *,
        deep: bool,
        checked: set[str] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> list[str]:
        """See ``IndexStore.verify`` (``Interrupted`` when ``stop()`` turns true)."""
        with self.store.write_lock():
            return self.store.verify(deep=deep, checked=checked, stop=stop)

    def indexed_versions(self) -> dict[str, int]:
        return self.store.indexed_versions()

    def close(self) -> None:
        with self.store.searcher_lock:
            self._view = None
            self.store.close()

    # --- searching -----------------------------------------------------------------
    def search(
        self,
        query: EntryQuery,
        *,
        limit: int = 20,
        offset: int = 0,
        facets: bool = False,
    ) -> RawResults:
        with self.store.searcher_lock:
            try:
                return self._search(self.store.searcher(), query, limit, offset, facets)
            except (IndexBroken, InvalidInput):
                raise
            except Exception:
                # Another process may have merged away files this searcher had not opened
                # yet (Whoosh opens some lazily): try once more on a fresh searcher.
                self.store.close()
                self._view = None
            try:
                return self._search(self.store.searcher(), query, limit, offset, facets)
            except (IndexBroken, InvalidInput):
                raise
            except Exception as error:
                log.warning("search failed twice", exc_info=True)
                raise IndexBroken(f"the index failed ({type(error).__name__}: {error})") from error

    def _search(
        self, searcher: Any, wanted: EntryQuery, limit: int, offset: int, facets: bool
    ) -> RawResults:
        view = self._view
        if view is None or view.searcher is not searcher:
            view = self._view = _View(searcher, self._segments)
        try:
            compiled = view.compiler.compile(
                wanted.text, segment_code=normalise_name(wanted.code) if wanted.code else None
            )
        except Exception as error:  # a query the compiler cannot take: not a broken index
            log.exception("query %r could not be compiled", wanted.text)
            raise InvalidInput(f"the query could not be read ({error})") from error
        extra = _filter_terms(wanted)
        query = compiled.query
        if query is not None and extra:
            query = And([query, *extra])
        elif extra:
            query = And(extra) if len(extra) > 1 else extra[0]
        allowed = view.date_filter(compiled.days, _micros(wanted.since), _micros(wanted.until))
        hits: list[tuple[int, float]]
        if query is NullQuery:
            docs: Collection[int] = set()
            hits = []
        elif query is None:
            rows = view.newest()
            docs = allowed if allowed is not None else [row[2] for row in rows]
            picked = rows if allowed is None else [r for r in rows if r[2] in allowed]
            hits = [(row[2], 0.0) for row in picked[offset : offset + limit]]
        elif (scored := evaluate(searcher, query, self._postings)) is not None:
            if allowed is not None:
                scored = {doc: score for doc, score in scored.items() if doc in allowed}
            docs = scored.keys()
            if compiled.ranked:
                # Whoosh's order: best score first, then the lower document number.
                hits = _best(scored, offset + limit)[offset:]
            else:
                hits = [(doc, 0.0) for doc in view.newest_of(docs, offset + limit)[offset:]]
        elif compiled.ranked:
            docs, hits = _ranked(searcher, query, allowed, offset + limit)
            hits = hits[offset:]
        else:
            matched = set(searcher.docs_for_query(query))
            docs = matched if allowed is None else matched & allowed
            hits = [(doc, 0.0) for doc in view.newest_of(docs, offset + limit)[offset:]]
        raw = [RawHit(searcher.stored_fields(doc)["id"], score) for doc, score in hits]
        return RawResults(
            total=len(docs),
            hits=raw,
            facets=view.facets(docs) if facets else {},
            notice=compiled.notice,
            marks=frozenset(compiled.marks),
        )


__all__ = ["IndexBroken", "IndexDocument", "RawHit", "RawResults", "SearchIndex"]
