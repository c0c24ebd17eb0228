"""Benchmark: import 10,000 synthetic entries (the issue asks for well under a minute).

Run: ``.venv/bin/python tests/perf/bench_import.py [--entries N]``. Generates a JSON Lines
file with a fixed seed (150–900 words per entry, actors, codes, coded segments), then
times ``Journal.import_lines`` through the facade and ``fieldjournal import`` through the
installed command, each into an empty journal, side by side in one run. The facade
import leaves the search index to be built at the next open, in the background; the
command prints its report once the import is committed, then waits for the index to
catch up (with a progress bar) before it exits, and that wait is in its time.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from fieldjournal import Journal

SEED = 20160405
COMMON = ("the", "a", "of", "and", "to", "in", "that", "was", "it", "for", "said", "board")
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zu", "bri", "dan", "fel", "gor")
# A vocabulary of made-up words (a few thousand) with common words mixed in, like notes.
WORDS = COMMON * 40 + tuple(a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES)
SITES = ("Millbrook CVS offices", "Eastfield library", "Town hall", "Riverside surgery", "")


def synthetic_records(entries: int, seed: int = SEED) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    actors = [f"Person {n:03d} Fictional" for n in range(200)]
    codes = [f"Theme {n // 10}/Code {n}" for n in range(150)]
    records: list[dict[str, Any]] = [
        {"type": "actor", "name": name, "sector": rng.choice(["voluntary", "nhs", None])}
        for name in actors
    ]
    records += [{"type": "code", "path": path} for path in codes]
    segments = []
    for n in range(entries):
        entry_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(150, 900)))
        records.append(
            {
                "type": "entry",
                "id": entry_id,
                "kind": rng.choice(["fieldnote", "meeting", "memo"]),
                "title": f"Synthetic entry {n}",
                "body": body,
                "occurred_at": f"20{rng.randint(14, 19)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
                f"T{rng.randint(10, 19)}:00+01:00",
                "site": rng.choice(SITES),
                "actors": rng.sample(actors, rng.randint(1, 5)),
                "codes": rng.sample(codes, rng.randint(1, 3)),
            }
        )
        for _ in range(rng.randint(0, 3)):
            start = rng.randrange(0, len(body) - 50)
            segments.append(
                {
                    "type": "segment",
                    "entry": entry_id,
                    "code": rng.choice(codes),
                    "start": start,
                    "end": start + rng.randint(5, 50),
                }
            )
    return records + segments


def installed_command() -> str:
    return str(Path(sys.executable).parent / "fieldjournal")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        records = synthetic_records(args.entries)
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        source = folder / "synthetic.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        size = source.stat().st_size / 1e6
        print(f"{args.entries} entries, {len(lines)} records, {size:.1f} MB")

        # As the CLI does: a bulk import leaves indexing to the next open (in the background).
        start = time.perf_counter()
        with Journal.open(folder / "facade", search=False) as journal:
            report = journal.import_lines(source.read_text(encoding="utf-8").splitlines())
            assert report.entries == args.entries
        facade = time.perf_counter() - start
        start = time.perf_counter()
        with Journal.open(folder / "facade", search=False) as journal:
            exported = sum(1 for _ in journal.export_lines())
        export = time.perf_counter() - start
        print(f"facade import: {facade:6.1f} s   ({args.entries / facade:,.0f} entries/s)")
        print(f"facade export: {export:6.1f} s   ({exported} records)")

        start = time.perf_counter()
        subprocess.run(
            [installed_command(), "--journal", str(folder / "cli"), "import", str(source)],
            check=True,
        )
        cli = time.perf_counter() - start
        print(f"CLI import:    {cli:6.1f} s   (ratio CLI/facade {cli / facade:.2f})")


if __name__ == "__main__":
    main()
