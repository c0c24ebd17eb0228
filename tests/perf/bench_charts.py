"""Analysis benchmark: each view's SQL aggregates against a Python count over the records,
and the time to draw each chart, on a journal of 10,000 entries and 50,000 segments.

The journal (fixed seed: 60 actors in every sector, 40 codes in three levels, four years)
is made once under tests/perf/results/ (or --results); its segments are written straight
into the database, as an import would be too slow for a benchmark's setup. Prints a table
(median of five runs; the Python count once) and writes JSON.

    python tests/perf/bench_charts.py [--entries 10000] [--segments 50000] [--results DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fieldjournal import Journal
from fieldjournal.domain.analysis import ChartOptions, ChartView, Cooccurrence
from fieldjournal.exchange.charts import figure
from tests.analysis_field import brute_force

RESULTS = Path(__file__).parent / "results"
SEED = 20160405
SECTORS = ("voluntary", "nhs", "local_authority", "private", "community", "academic", None)
WORDS = [
    "the",
    "board",
    "met",
    "and",
    "we",
    "talked",
    "about",
    "trust",
    "funding",
    "care",
    "the",
    "partnership",
    "and",
    "power",
]


def generate(entries: int) -> Iterator[str]:
    rng = random.Random(SEED)
    actors = [f"Actor{i:02d} Surname{i:02d}" for i in range(60)]
    codes = [
        f"{top}/{middle}/{leaf}" if leaf else f"{top}/{middle}"
        for top in ("Trust", "Funding", "Place", "Power")
        for middle in ("A", "B", "C")
        for leaf in ("", "x", "y")
    ][:40]
    for i, name in enumerate(actors):
        yield json.dumps({"type": "actor", "name": name, "sector": SECTORS[i % len(SECTORS)]})
    for path in codes:
        yield json.dumps({"type": "code", "path": path})
    start = datetime(2015, 9, 1, tzinfo=UTC)
    for i in range(entries):
        yield json.dumps(
            {
                "type": "entry",
                "kind": rng.choice(("fieldnote", "fieldnote", "meeting", "memo")),
                "title": f"Entry {i}",
                "body": " ".join(rng.choices(WORDS, k=120)),
                "occurred_at": (start + timedelta(minutes=rng.randrange(4 * 525_600))).isoformat(),
                "site": rng.choice(("Millbrook CVS", "Eastgate hub", "Town hall", "")),
                "actors": rng.sample(actors, rng.randint(0, 4)),
                "codes": rng.sample(codes, rng.randint(0, 2)),
            }
        )


def journal_for(entries: int, segments: int, results: Path) -> Path:
    folder = results / f"charts-{entries}-{segments}"
    if (folder / "journal.db").exists():
        return folder
    started = time.perf_counter()
    with Journal.open(folder, search=False) as journal:
        journal.import_lines(generate(entries))
    rng = random.Random(SEED + 1)
    with sqlite3.connect(folder / "journal.db") as db:
        entry_ids = [row[0] for row in db.execute("SELECT id FROM entry")]
        code_ids = [row[0] for row in db.execute("SELECT id FROM code WHERE codable")]
        stamp = "2016-01-01T00:00:00.000000Z"
        rows = []
        for _ in range(segments):
            begin = rng.randrange(0, 600)
            rows.append(
                (
                    str(uuid.uuid4()),
                    rng.choice(entry_ids),
                    rng.choice(code_ids),
                    begin,
                    begin + rng.randint(5, 80),
                    "",
                    stamp,
                )
            )
        db.executemany(
            'INSERT INTO segment (id, entry_id, code_id, start, "end", memo, created_at) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    print(f"made the journal in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return folder


def median_ms(action: Callable[[], Any], runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


CASES = [
    (ChartView.CODES_OVER_TIME, ChartOptions()),
    (ChartView.ACTIVITY, ChartOptions()),
    (ChartView.COOCCURRENCE, ChartOptions()),
    (ChartView.COOCCURRENCE, ChartOptions(cooccurrence=Cooccurrence.SEGMENTS)),
    (ChartView.CODES_BY_ACTOR, ChartOptions()),
    (ChartView.CODES_BY_SECTOR, ChartOptions()),
    (ChartView.NETWORK, ChartOptions()),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    folder = journal_for(args.entries, args.segments, args.results)
    out: dict[str, Any] = {"entries": args.entries, "segments": args.segments, "views": {}}
    with Journal.open(folder, search=False) as journal:
        started = time.perf_counter()
        records = journal.get_entries([e.id for e in journal.list_entries()])
        loading = (time.perf_counter() - started) * 1000
        print(f"{'view':34} {'SQL ms':>8} {'Python ms':>10} {'ratio':>6} {'draw ms':>8}")
        for view, options in CASES:
            name = f"{view.value}/{options.cooccurrence.value}"
            data = journal.chart(view, options=options, real_names=True)
            sql = median_ms(partial(journal.chart, view, options=options))
            started = time.perf_counter()
            brute_force(records, view, options=options, sectors=_sectors(journal))
            python = round(loading + (time.perf_counter() - started) * 1000, 1)
            draw = median_ms(partial(figure.render, data, "png"), runs=3)
            out["views"][name] = {"sql_ms": sql, "python_ms": python, "draw_ms": draw}
            print(f"{name:34} {sql:8.1f} {python:10.1f} {python / sql:6.1f} {draw:8.1f}")
    target = args.results / "bench_charts.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


def _sectors(journal: Journal) -> dict[str, str | None]:
    return {a.name: (a.sector.value if a.sector else None) for a in journal.list_actors()}


if __name__ == "__main__":
    raise SystemExit(main())
