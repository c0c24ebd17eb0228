"""Benchmark: what the window's twice-a-second look for changes from elsewhere costs.

Run: ``.venv/bin/python tests/perf/bench_elsewhere.py [--entries N]``. Imports N synthetic
entries (``bench_import``'s, fixed seed) and measures, side by side in one run:

- an idle look (``Journal.changed_elsewhere`` when nobody else wrote) against a bare
  ``PRAGMA data_version`` on a sqlite3 connection of its own: the floor of any watch;
- a look after another ``Journal`` on the folder changed one entry (the version read of
  every entry that tells which) against a bare ``SELECT id, version FROM entry``.

The window asks twice a second on its GUI thread, so the idle look must stay a small
multiple of the floor, and the look after a change well under a frame's worth of a second.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from fieldjournal import Journal  # noqa: E402
from tests.perf.bench_import import synthetic_records  # noqa: E402


def median_ms(call: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "journal"
        lines = [json.dumps(r) for r in synthetic_records(args.entries)]
        with Journal.open(folder, search=False) as journal:
            journal.import_lines(lines)
        with (
            Journal.open(folder, create=False, search=False) as window,
            Journal.open(folder, create=False, search=False) as script,
        ):
            window.changed_elsewhere()  # starts watching
            bare = sqlite3.connect(folder / "journal.db")
            idle = median_ms(window.changed_elsewhere, args.rounds * 10)
            floor = median_ms(
                lambda: bare.execute("PRAGMA data_version").fetchone(), args.rounds * 10
            )
            target = script.list_entries(limit=1)[0].id
            spent = []
            for edit in range(args.rounds):
                script.update_entry(target, title=f"Edited elsewhere {edit}")
                start = time.perf_counter()
                changes = window.changed_elsewhere()
                spent.append(time.perf_counter() - start)
                assert target in changes.entries
            changed = statistics.median(spent) * 1000
            scan = median_ms(
                lambda: bare.execute("SELECT id, version FROM entry").fetchall(), args.rounds
            )
            bare.close()
    print(f"{args.entries} entries")
    print(
        f"idle look:          {idle:8.3f} ms   bare data_version {floor:8.3f} ms   "
        f"ratio {idle / floor:5.1f}"
    )
    print(
        f"look after change:  {changed:8.3f} ms   bare version scan {scan:8.3f} ms   "
        f"ratio {changed / scan:5.1f}"
    )


if __name__ == "__main__":
    main()
