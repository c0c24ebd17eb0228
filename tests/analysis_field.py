"""A fictional fieldwork for the analysis tests, and the views counted by brute force.

The journal is drawn from a seeded random generator: entries of every kind over two years
at a few sites, with actors of several sectors, whole-entry codes and overlapping segments
under a small codebook. ``brute_force`` counts each view from the entries' records in plain
Python (the second implementation the SQL aggregates are checked against).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import combinations

from fieldjournal import Journal
from fieldjournal.domain.analysis import (
    NO_SECTOR,
    NO_SITE,
    ActivityBy,
    ChartFilter,
    ChartOptions,
    ChartView,
    Cooccurrence,
    Period,
)
from fieldjournal.domain.records import Entry

ACTORS = {
    "Wenna Trevithick": "nhs",
    "Jory Penrose": "voluntary",
    "Senara Polglaze": "voluntary",
    "Kitto Rowse": "local_authority",
    "Morwenna Keast": None,
    "Lowena Pascoe": "community",
}
CODES = (
    "Trust",
    "Trust/System trust",
    "Trust/Personal",
    "Trust/Personal/Kin",
    "Funding",
    "Funding/Grants",
    "Place",
)
SITES = ("Quay Street hall", "Harbour surgery", "", "Chapel rooms")
BODY = "word " * 80


def build(journal: Journal, *, entries: int = 40, seed: int = 7) -> list[Entry]:
    """Fill ``journal``; returns the entries as stored (one of them trashed)."""
    rng = random.Random(seed)
    for name, sector in ACTORS.items():
        journal.add_actor(name, sector=sector)
    for path in CODES:
        journal.add_code(path)
    start = datetime(2015, 11, 1, 9, 0, tzinfo=UTC)
    made = []
    for n in range(entries):
        offset = timezone(timedelta(hours=rng.choice((0, 1, -5, 10))))
        at = (start + timedelta(days=rng.randint(0, 720), hours=rng.randint(0, 23))).astimezone(
            offset
        )
        entry = journal.add_entry(
            kind=rng.choice(("fieldnote", "fieldnote", "meeting", "memo")),
            title=f"Entry {n}",
            body=BODY,
            occurred_at=at,
            site=rng.choice(SITES),
            actors=rng.sample(sorted(ACTORS), rng.randint(0, 3)),
            codes=rng.sample(CODES, rng.randint(0, 2)),
        )
        for _ in range(rng.randint(0, 4)):
            begin = rng.randint(0, 300)
            journal.code_segment(entry.id, rng.choice(CODES), begin, begin + rng.randint(1, 60))
        made.append(entry.id)
    journal.delete_entry(made[0])
    return journal.get_entries(made[1:])


def _local(entry: Entry) -> datetime:
    return entry.occurred_at  # records carry the offset the researcher typed


def _period(entry: Entry, period: Period) -> str:
    at = _local(entry)
    if period is Period.MONTH:
        return f"{at.year:04d}-{at.month:02d}"
    return f"{at.year:04d}-Q{(at.month - 1) // 3 + 1}"


def _week(entry: Entry) -> str:
    day: date = _local(entry).date()
    return (day - timedelta(days=day.weekday())).isoformat()


def _kept(entries: Iterable[Entry], flt: ChartFilter) -> list[Entry]:
    kept = []
    for entry in entries:
        if flt.since and entry.occurred_at < flt.since:
            continue
        if flt.until and entry.occurred_at > flt.until:
            continue
        if flt.kinds and entry.kind not in flt.kinds:
            continue
        if flt.sites and entry.site.lower() not in flt.sites:
            continue
        if flt.actors and not set(flt.actors) & set(entry.actor_names):
            continue
        if flt.codes and not any(_within(p, c) for p in _uses(entry) for c in flt.codes):
            continue
        kept.append(entry)
    return kept


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root + "/")


def _uses(entry: Entry) -> list[str]:
    return [*entry.codes, *(s.code_path for s in entry.segments)]


def _series(path: str, chosen: tuple[str, ...]) -> str | None:
    """What a use counts as in codes over time: without codes, its top-level code; with
    one, the code itself or its child's subtree; with a set, the longest that holds it."""
    if not chosen:
        return path.split("/")[0]
    if len(chosen) > 1:
        holding = [code for code in chosen if _within(path, code)]
        return max(holding, key=len) if holding else None
    (root,) = chosen
    if path == root:
        return root
    if not path.startswith(root + "/"):
        return None
    return "/".join(path.split("/")[: root.count("/") + 2])


def brute_force(
    entries: list[Entry],
    view: ChartView,
    flt: ChartFilter | None = None,
    options: ChartOptions | None = None,
    sectors: dict[str, str | None] | None = None,
) -> Counter[tuple[str, str]]:
    """The view's counts, labelled with real names, from the records alone."""
    flt, options = flt or ChartFilter(), options or ChartOptions()
    sectors = ACTORS if sectors is None else sectors
    counts: Counter[tuple[str, str]] = Counter()

    def in_scope(path: str) -> bool:
        return not flt.codes or any(_within(path, code) for code in flt.codes)

    for entry in _kept(entries, flt):
        codes = sorted({p for p in _uses(entry) if in_scope(p)})
        actors = sorted(entry.actor_names)
        if view is ChartView.CODES_OVER_TIME:
            for path in _uses(entry):
                series = _series(path, flt.codes)
                if series is not None:
                    counts[(_period(entry, options.period), series)] += 1
        elif view is ChartView.ACTIVITY:
            split = entry.kind.value if options.by is ActivityBy.KIND else entry.site or NO_SITE
            counts[(_week(entry), split)] += 1
        elif view is ChartView.COOCCURRENCE and options.cooccurrence is Cooccurrence.ENTRY:
            counts.update(combinations(codes, 2))
        elif view is ChartView.COOCCURRENCE:
            segments = [s for s in entry.segments if in_scope(s.code_path)]
            for one in segments:
                for other in segments:
                    near = (
                        one.start < other.end + options.gap and other.start < one.end + options.gap
                    )
                    if one.code_path < other.code_path and near:
                        counts[(one.code_path, other.code_path)] += 1
        elif view is ChartView.CODES_BY_ACTOR:
            counts.update((actor, code) for actor in actors for code in codes)
        elif view is ChartView.CODES_BY_SECTOR:
            found = {sectors[a] or NO_SECTOR for a in actors}
            counts.update((sector, code) for sector in found for code in codes)
        else:
            counts.update(combinations(actors, 2))
    return counts


def passages_by_force(
    entries: list[Entry],
    view: ChartView,
    first: str,
    second: str,
    flt: ChartFilter | None = None,
    options: ChartOptions | None = None,
) -> set[str]:
    """The ids of the coded passages behind the mark ``first`` × ``second`` (labelled with
    real names), from the records alone: for codes over time, the segments counted in that
    period and series; for co-occurrence of passages, both segments of each pair; for the
    matrices of codes, the code's segments (either code's, for co-occurrence in an entry)
    in the entries the cell counts."""
    flt, options = flt or ChartFilter(), options or ChartOptions()
    found: set[str] = set()
    for entry in _kept(entries, flt):
        segments = entry.segments
        if view is ChartView.CODES_OVER_TIME:
            if _period(entry, options.period) == first:
                found.update(s.id for s in segments if _series(s.code_path, flt.codes) == second)
        elif view is ChartView.COOCCURRENCE and options.cooccurrence is Cooccurrence.SEGMENTS:
            gap = options.gap
            for one in segments:
                for other in segments:
                    near = one.start < other.end + gap and other.start < one.end + gap
                    if (one.code_path, other.code_path) == (first, second) and near:
                        found.update((one.id, other.id))
        elif view is ChartView.COOCCURRENCE:
            if {first, second} <= set(_uses(entry)):
                found.update(s.id for s in segments if s.code_path in (first, second))
        elif view is ChartView.CODES_BY_ACTOR:
            if first in entry.actor_names and second in _uses(entry):
                found.update(s.id for s in segments if s.code_path == second)
        elif view is ChartView.CODES_BY_SECTOR:
            sectors = {ACTORS[a] or NO_SECTOR for a in entry.actor_names}
            if first in sectors and second in _uses(entry):
                found.update(s.id for s in segments if s.code_path == second)
    return found
