"""Benchmark: snapshot time for a large journal, and save latency with and without a
snapshot running, side by side in one run.

Run: ``.venv/bin/python tests/perf/bench_backup.py [--entries N] [--saves N]``. Builds a
journal from bench_import's synthetic records (fixed seed), then:
- times ``Journal.backup_now()`` (online copy, integrity check, counts, SHA-256, rename);
- times single-entry saves (``update_entry``, a full-sync commit each) while idle, then
  the same number while snapshots run back to back on another thread, as the app's
  scheduler would; prints median and p95 of both and their ratio.
The journal is opened without search so the figures are the database's alone.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from fieldjournal import Journal  # noqa: E402
from tests.perf.bench_import import synthetic_records  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def time_saves(journal: Journal, ids: list[str], count: int, tag: str) -> list[float]:
    took = []
    for n in range(count):
        entry_id = ids[n % len(ids)]
        start = time.perf_counter()
        journal.update_entry(entry_id, body=f"{tag} save {n}: the board met again.")
        took.append((time.perf_counter() - start) * 1000)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "journal"
        lines = [json.dumps(r, ensure_ascii=False) for r in synthetic_records(args.entries)]
        with Journal.open(folder, search=False) as journal:
            journal.import_lines(lines)
        with Journal.open(folder, search=False) as journal:
            ids = [e.id for e in journal.list_entries(limit=args.saves)]
            size = journal.paths.database.stat().st_size / 1e6
            snapshot_times = []
            for _ in range(3):
                start = time.perf_counter()
                outcome = journal.backup_now()
                snapshot_times.append(time.perf_counter() - start)
            print(f"{args.entries:,} entries, journal.db {size:.1f} MB")
            print(
                f"snapshot (copy + integrity check + counts + SHA-256): median "
                f"{statistics.median(snapshot_times):.2f} s of 3 "
                f"({outcome.snapshot.size / 1e6:.1f} MB copy)"
            )

            idle = time_saves(journal, ids, args.saves, "idle")
            stop = threading.Event()
            snapshots = 0

            def snapshot_loop() -> None:
                nonlocal snapshots
                while not stop.is_set():
                    journal.backup_now()
                    snapshots += 1

            worker = threading.Thread(target=snapshot_loop)
            worker.start()
            time.sleep(0.2)  # the first copy is under way
            during = time_saves(journal, ids, args.saves, "during")
            stop.set()
            worker.join()
        print(f"{args.saves} saves each; {snapshots} snapshots ran during the second set")
        print(f"{'save latency (ms)':<22}{'median':>9}{'p95':>9}{'max':>9}")
        for label, values in (("no snapshot", idle), ("snapshot running", during)):
            print(
                f"{label:<22}{statistics.median(values):>9.1f}"
                f"{percentile(values, 0.95):>9.1f}{max(values):>9.1f}"
            )
        print(
            f"ratio during/idle: median {statistics.median(during) / statistics.median(idle):.2f}, "
            f"p95 {percentile(during, 0.95) / percentile(idle, 0.95):.2f}"
        )


if __name__ == "__main__":
    main()
