"""``SearchIndex``: what the services use. Searching, writing, verifying, rebuilding.

Per searcher (one per index generation) a ``_View`` caches what Whoosh would otherwise
recompute on every query: the live documents newest first, date-range filters, facet
values and prefix expansions. Column values are read once per segment (segments never
change) and kept across refreshes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.query import And, NullQuery, Query, Term

from fieldjournal.search.analysis import common_terms, fold, normalise_name
from fieldjournal.search.query import Compiler, DayRange, make_parser
from fieldjournal.search.schema import FACET_SEPARATOR, VALUE_SEPARATOR, IndexDocument
from fieldjournal.search.store import IndexBroken, IndexStore, Loader

Facets = dict[str, dict[str, int]]


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


@dataclass(frozen=True, slots=True)
class Filters:
    """Filters given as arguments (not in the query text)."""

    kind: str | None = None
    actor: str | None = None
    code: str | None = None
    since: int | None = None  # UTC minutes, inclusive
    until: int | None = None

    def queries(self) -> list[Query]:
        out: list[Query] = []
        if self.kind:
            out.append(Term("kind", fold(self.kind.strip())))
        if self.actor:
            out.append(Term("actor", normalise_name(self.actor)))
        if self.code:
            out.append(Term("code", normalise_name(self.code)))
        return out


class _Segment:
    """Column values of one (immutable) segment, read once."""

    def __init__(self, reader: Any) -> None:
        self.when: list[int] = list(reader.column_reader("when"))
        self.day: list[int] = list(reader.column_reader("day"))
        self._reader = reader
        self._facets: list[tuple[str, tuple[str, ...], tuple[str, ...]]] | None = None

    def facets(self) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        if self._facets is None:
            values = []
            for raw in self._reader.column_reader("facets"):
                kind, actors, codes = bytes(raw).decode("utf-8").split(FACET_SEPARATOR)
                values.append(
                    (
                        kind,
                        tuple(actors.split(VALUE_SEPARATOR)) if actors else (),
                        tuple(codes.split(VALUE_SEPARATOR)) if codes else (),
                    )
                )
            self._facets = values
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
            seg = segments.get(key) or _Segment(reader)
            used[key] = seg
            self.leaves.append((seg, offset, reader))
        segments.clear()
        segments.update(used)
        self._newest: list[tuple[int, int, int]] | None = None
        self._filters: dict[tuple[Any, ...], set[int]] = {}
        self._prefixes: dict[tuple[str, str], list[str]] = {}
        self._facets: list[tuple[str, tuple[str, ...], tuple[str, ...]]] | None = None

    def newest(self) -> list[tuple[int, int, int]]:
        """(when, day, docnum) of every live document, newest first."""
        if self._newest is None:
            rows: list[tuple[int, int, int]] = []
            for seg, offset, reader in self.leaves:
                when, day = seg.when, seg.day
                rows.extend((when[d], day[d], offset + d) for d in reader.all_doc_ids())
            rows.sort(key=lambda r: (-r[0], r[2]))
            self._newest = rows
        return self._newest

    def date_filter(self, days: DayRange | None, filters: Filters) -> set[int] | None:
        if days is None and filters.since is None and filters.until is None:
            return None
        key = (days, filters.since, filters.until)
        cached = self._filters.get(key)
        if cached is None:
            low_day, high_day = days or (0, 99_991_231)
            since = filters.since if filters.since is not None else -(2**62)
            until = filters.until if filters.until is not None else 2**62
            cached = {
                doc
                for when, day, doc in self.newest()
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
        if self._facets is None:
            flat: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
            for seg, offset, _ in self.leaves:
                flat.extend([("", (), ())] * (offset - len(flat)))
                flat.extend(seg.facets())
            self._facets = flat
        kinds: Counter[str] = Counter()
        actors: Counter[str] = Counter()
        codes: Counter[str] = Counter()
        for doc in docs:
            kind, names, paths = self._facets[doc]
            kinds[kind] += 1
            actors.update(names)
            codes.update(paths)
        return {"kind": dict(kinds), "code": dict(codes), "actor": dict(actors)}


class SearchIndex:
    def __init__(self, folder: Path, *, lock_timeout: float = 60.0) -> None:
        self.store = IndexStore(folder, lock_timeout=lock_timeout)
        self._segments: dict[str, _Segment] = {}
        self._view: _View | None = None

    # --- writing -------------------------------------------------------------------
    def apply(self, load: Loader, ids: Collection[str], *, bulk: bool = False) -> int:
        with self.store.write_lock():
            return self.store.apply(load, ids, bulk=bulk)

    def recreate(self, sample: Iterable[str]) -> None:
        """Start an empty index whose common-word pairs are learnt from ``sample`` texts."""
        with self.store.write_lock():
            self._view = None
            self.store.recreate(common_terms(sample))

    def optimize(self) -> None:
        with self.store.write_lock():
            self.store.optimize()

    def verify(self, *, deep: bool) -> list[str]:
        with self.store.write_lock():
            return self.store.verify(deep=deep)

    def indexed_versions(self) -> dict[str, int]:
        return self.store.indexed_versions()

    def doc_count(self) -> int:
        return self.store.doc_count()

    def close(self) -> None:
        with self.store.searcher_lock:
            self._view = None
            self.store.close()

    # --- searching -----------------------------------------------------------------
    def search(
        self,
        text: str,
        filters: Filters,
        *,
        limit: int = 20,
        offset: int = 0,
        facets: bool = False,
    ) -> RawResults:
        with self.store.searcher_lock:
            searcher = self.store.searcher()
            try:
                return self._search(searcher, text, filters, limit, offset, facets)
            except (IndexBroken, TypeError, AttributeError, NameError):
                raise  # the first is handled by the caller; the others are bugs, not damage
            except Exception as error:
                raise IndexBroken(f"the index failed ({type(error).__name__}: {error})") from error

    def _search(
        self, searcher: Any, text: str, filters: Filters, limit: int, offset: int, facets: bool
    ) -> RawResults:
        view = self._view
        if view is None or view.searcher is not searcher:
            view = self._view = _View(searcher, self._segments)
        common = searcher.schema["pairs"].analyzer.common
        compiled = Compiler(make_parser(searcher.schema), common, view.expand).compile(
            text, segment_code=normalise_name(filters.code) if filters.code else None
        )
        extra = filters.queries()
        query = compiled.query
        if query is not None and extra:
            query = And([query, *extra])
        elif extra:
            query = And(extra) if len(extra) > 1 else extra[0]
        allowed = view.date_filter(compiled.days, filters)
        hits: list[tuple[int, float]]
        if query is NullQuery:
            docs: Collection[int] = set()
            hits = []
        elif query is None:
            rows = view.newest()
            docs = allowed if allowed is not None else [doc for _, _, doc in rows]
            picked = rows if allowed is None else [r for r in rows if r[2] in allowed]
            hits = [(doc, 0.0) for _, _, doc in picked[offset : offset + limit]]
        else:
            matched = set(searcher.docs_for_query(query))
            docs = matched if allowed is None else matched & allowed
            if compiled.ranked:
                results = searcher.search(query, limit=offset + limit, filter=allowed)
                hits = [(hit.docnum, float(hit.score)) for hit in results[offset:]]
            else:
                wanted = offset + limit
                ordered: list[int] = []
                for _, _, doc in view.newest():
                    if doc in docs:
                        ordered.append(doc)
                        if len(ordered) >= wanted:
                            break
                hits = [(doc, 0.0) for doc in ordered[offset:]]
        raw = [RawHit(searcher.stored_fields(doc)["id"], score) for doc, score in hits]
        return RawResults(
            total=len(docs),
            hits=raw,
            facets=view.facets(docs) if facets else {},
            notice=compiled.notice,
            marks=frozenset(compiled.marks),
        )


__all__ = ["Filters", "IndexBroken", "IndexDocument", "RawHit", "RawResults", "SearchIndex"]
