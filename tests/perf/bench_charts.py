"""Analysis benchmark: the issue's targets (each view's numbers within 300 ms, its chart
drawn within 700 ms after that, at 10,000 entries and 50,000 segments) measured side by
side with references in one run, as absolute times and ratios.

- ``sql``: the view's SQL aggregates (``Journal.chart``), against the 300 ms target, and
  beside a Python count over the loaded records (``python``, loading included; once);
  ``cpu``: the process's CPU time for the same (the least of the runs), which the load
  of other processes on a shared machine inflates far less than the clock.
- ``screen``: the chart drawn as the Analysis window draws it (its canvas size, 100 dpi,
  rendered), against the 700 ms target, beside ``bare``: the same numbers drawn the plain
  way with matplotlib (stacked ``bar``, ``imshow``) or networkx (``draw_networkx``) at
  the same size, the cost any chart of these numbers pays. ``ratio`` = screen / bare.
- ``png``: the 300 dpi PNG an export writes.

Screen and bare drawings alternate, so a change in the machine's load touches both. The
load average is recorded: on a shared machine the absolute times are several times an
idle one's, and the ratios are the figures to compare. A view misses its targets when its
numbers take more than 300 ms of CPU, or its drawing more than 700 ms of CPU (``cpu``
beside ``screen``); the benchmark then exits 1, naming them. The journal (fixed seed: 60 actors
in every sector, 40 codes in three levels, four years) is made once under
tests/perf/results/ (or --results); its segments are written straight into the database,
as an import would be too slow for a benchmark's setup. Prints a table (medians) and
writes JSON.

    python tests/perf/bench_charts.py [--entries 10000] [--segments 50000] [--results DIR]
        [--runs 5] [--no-python]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fieldjournal import Journal
from fieldjournal.domain.analysis import ChartData, ChartOptions, ChartView, Cooccurrence
from fieldjournal.exchange.charts import figure
from fieldjournal.exchange.charts.layout import periods_between
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


def least_cpu_ms(action: Callable[[], Any], runs: int = 5) -> float:
    """The least CPU time (ms) of ``runs`` calls: what the work costs, waits for a core
    taken by other processes left out."""
    samples = []
    for _ in range(runs):
        started = time.process_time()
        action()
        samples.append((time.process_time() - started) * 1000)
    return round(min(samples), 1)


def median_ms(action: Callable[[], Any], runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


SQL_TARGET_MS = 300
DRAW_TARGET_MS = 700
SCREEN = (7.2, 6.6)  # inches at 100 dpi: the chart pane of the 1100 x 640 window
SCREEN_DPI = 100
CASES = [
    (ChartView.CODES_OVER_TIME, ChartOptions()),
    (ChartView.ACTIVITY, ChartOptions()),
    (ChartView.COOCCURRENCE, ChartOptions()),
    (ChartView.COOCCURRENCE, ChartOptions(cooccurrence=Cooccurrence.SEGMENTS)),
    (ChartView.CODES_BY_ACTOR, ChartOptions()),
    (ChartView.CODES_BY_SECTOR, ChartOptions()),
    (ChartView.NETWORK, ChartOptions()),
]


def on_screen(data: ChartData) -> None:
    """Draw and render ``data`` as the Analysis window's canvas does (Agg, raw pixels)."""
    from matplotlib.figure import Figure

    drawn = figure.draw(data, Figure(figsize=SCREEN, dpi=SCREEN_DPI))
    rendered(drawn.figure)


def rendered(fig: Any) -> None:
    """Rendered by Agg into raw pixels, as a canvas paints them: no file format's cost."""
    fig.savefig(BytesIO(), format="rgba", dpi=SCREEN_DPI)


def bare(data: ChartData) -> None:
    """The same numbers drawn the plain way, at the same size: the reference."""
    import numpy
    from matplotlib.figure import Figure

    fig = Figure(figsize=SCREEN, dpi=SCREEN_DPI)
    axes = fig.add_subplot()
    if data.view in (ChartView.CODES_OVER_TIME, ChartView.ACTIVITY):
        firsts = sorted({m.first for m in data.marks})
        periods = periods_between(firsts[0], firsts[-1])
        at = {period: i for i, period in enumerate(periods)}
        bottom = numpy.zeros(len(periods))
        for name in sorted({m.second for m in data.marks}):
            heights = numpy.zeros(len(periods))
            for mark in data.marks:
                if mark.second == name:
                    heights[at[mark.first]] = mark.count
            axes.bar(range(len(periods)), heights, bottom=bottom, label=name)
            bottom += heights
        axes.legend()
    elif data.view is ChartView.NETWORK:
        import networkx

        graph = networkx.Graph()
        graph.add_nodes_from(node.label for node in data.nodes)
        graph.add_weighted_edges_from((m.first, m.second, m.count) for m in data.marks)
        networkx.draw_networkx(graph, networkx.spring_layout(graph, seed=7), ax=axes)
    else:
        rows = sorted({m.second for m in data.marks})
        columns = sorted({m.first for m in data.marks} | set(rows))
        cells = numpy.zeros((len(rows), len(columns)))
        for mark in data.marks:
            cells[rows.index(mark.second), columns.index(mark.first)] = mark.count
        axes.imshow(cells, aspect="auto")
        axes.set_xticks(range(len(columns)), columns, rotation=90)
        axes.set_yticks(range(len(rows)), rows)
    rendered(fig)


def alternating(one: Callable[[], Any], other: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Medians (ms) of ``one`` and ``other`` run in turn, so both see the same load."""
    first: list[float] = []
    second: list[float] = []
    for _ in range(runs):
        for action, samples in ((one, first), (other, second)):
            started = time.perf_counter()
            action()
            samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(first), 1), round(statistics.median(second), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--no-python", action="store_true", help="skip the Python count (it loads every record)"
    )
    args = parser.parse_args()
    folder = journal_for(args.entries, args.segments, args.results)
    out: dict[str, Any] = {
        "entries": args.entries,
        "segments": args.segments,
        "targets_ms": {"sql": SQL_TARGET_MS, "draw": DRAW_TARGET_MS},
        "load_average_before": os.getloadavg()[0],
        "views": {},
    }
    with Journal.open(folder, search=False) as journal:
        loading = 0.0
        records: list[Any] = []
        if not args.no_python:
            started = time.perf_counter()
            records = journal.get_entries([e.id for e in journal.list_entries()])
            loading = (time.perf_counter() - started) * 1000
        on_screen(journal.chart(ChartView.ACTIVITY))  # matplotlib imported, fonts found
        header = (
            f"{'view':26} {'sql':>7} {'cpu':>6} {'python':>8} {'×':>5}  "
            f"{'screen':>7} {'cpu':>6} {'bare':>7} {'×':>5} {'png':>7}"
        )
        print(header)
        for view, options in CASES:
            name = f"{view.value}/{options.cooccurrence.value}"
            data = journal.chart(view, options=options, real_names=True)
            sql = median_ms(partial(journal.chart, view, options=options), args.runs)
            sql_cpu = least_cpu_ms(partial(journal.chart, view, options=options), args.runs)
            python = None
            if records:
                started = time.perf_counter()
                brute_force(records, view, options=options, sectors=_sectors(journal))
                python = round(loading + (time.perf_counter() - started) * 1000, 1)
            screen, reference = alternating(
                partial(on_screen, data), partial(bare, data), args.runs
            )
            screen_cpu = least_cpu_ms(partial(on_screen, data), args.runs)
            png = median_ms(partial(figure.render, data, "png"), runs=3)
            out["views"][name] = {
                "sql_ms": sql,
                "sql_cpu_ms": sql_cpu,
                "python_ms": python,
                "sql_within_target": sql_cpu <= SQL_TARGET_MS,
                "screen_ms": screen,
                "screen_cpu_ms": screen_cpu,
                "bare_ms": reference,
                "screen_over_bare": round(screen / reference, 2),
                "screen_within_target": screen_cpu <= DRAW_TARGET_MS,
                "png_300dpi_ms": png,
            }
            said = f"{python:8.0f} {python / sql:5.0f}" if python else f"{'-':>8} {'-':>5}"
            print(
                f"{name:26} {sql:7.1f} {sql_cpu:6.0f} {said}  {screen:7.1f} {screen_cpu:6.0f} "
                f"{reference:7.1f} {screen / reference:5.2f} {png:7.0f}"
            )
    out["load_average_after"] = os.getloadavg()[0]
    print(f"load average {out['load_average_before']:.1f} → {out['load_average_after']:.1f}")
    target = args.results / "bench_charts.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=2), encoding="utf-8")
    missed = [
        f"{name} ({'numbers' if not v['sql_within_target'] else 'drawing'})"
        for name, v in out["views"].items()
        if not (v["sql_within_target"] and v["screen_within_target"])
    ]
    if missed:
        print("missed the targets (CPU time): " + ", ".join(missed), file=sys.stderr)
        return 1
    return 0


def _sectors(journal: Journal) -> dict[str, str | None]:
    return {a.name: (a.sector.value if a.sector else None) for a in journal.list_actors()}


if __name__ == "__main__":
    raise SystemExit(main())
