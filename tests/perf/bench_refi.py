"""Benchmark: REFI-QDA export and import of a 10,000-entry journal (targets 10 s / 30 s).

Run: ``.venv/bin/python tests/perf/bench_refi.py [--entries N]``. Builds the synthetic
journal of ``bench_import`` (fixed seed, 150–900 words per entry, 200 actors, 150 codes,
coded segments and whole-entry codes; some actors' names written into the notes), then
in one run, side by side: the JSON Lines export (our baseline for "write everything"),
the ``.qdpx`` export with real names and pseudonymised (with its read-back leak check),
and the import of the pseudonymised file into an empty journal. Writes the figures to
``tests/perf/results/refi.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fieldjournal import Journal
from tests.perf.bench_import import synthetic_records

EXPORT_TARGET_S = 10.0
IMPORT_TARGET_S = 30.0
# Names as people have them: the synthetic "Person 007 Fictional" would make "007" a
# name part, which the default pseudonym "[Participant 7]" of another actor then holds.
GIVEN = (
    "Amara",
    "Bryn",
    "Cosima",
    "Dorian",
    "Elspeth",
    "Fennick",
    "Greer",
    "Hollis",
    "Ilse",
    "Jory",
    "Kesia",
    "Lorcan",
    "Maelis",
    "Norrie",
    "Orla",
    "Piran",
    "Quilla",
    "Roswen",
    "Saffi",
    "Tamsin",
)
FAMILY = (
    "Ashdown",
    "Brackwell",
    "Carrow",
    "Dunmere",
    "Elverson",
    "Fallowby",
    "Gethin",
    "Harrowgate",
    "Ivesley",
    "Jessop",
)


def named_people(records: list[dict[str, Any]]) -> None:
    """Give the synthetic actors fictional given and family names, everywhere they occur."""
    people = [f"{g} {f}" for f in FAMILY for g in GIVEN]
    actors = [r for r in records if r["type"] == "actor"]
    rename = {r["name"]: people[n] for n, r in enumerate(actors)}
    for record in records:
        if record["type"] == "actor":
            record["name"] = rename[record["name"]]
        elif record["type"] == "entry":
            record["actors"] = [rename[a] for a in record["actors"]]


def timed(label: str, results: dict[str, float], work: Any) -> Any:
    start = time.perf_counter()
    value = work()
    results[label] = time.perf_counter() - start
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        records = synthetic_records(args.entries)
        named_people(records)
        rng = random.Random(11)
        bodies: dict[str, str] = {}
        for record in records:
            if record["type"] == "entry":
                if rng.random() < 0.2:
                    words = record["body"].split(" ")
                    words.insert(len(words) // 2, record["actors"][0])
                    record["body"] = " ".join(words)
                bodies[record["id"]] = record["body"]
        for record in records:
            if record["type"] == "segment":
                length = len(bodies[record["entry"]])
                record["end"] = min(record["end"], length)
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        with Journal.open(folder / "source", search=False) as journal:
            journal.import_lines(lines)
        print(f"{args.entries:,} entries, {len(lines):,} JSON Lines records")

        with Journal.open(folder / "source", search=False) as journal:
            timed("jsonl export", results, lambda: sum(1 for _ in journal.export_lines()))
            real = timed(
                "qdpx export, real names",
                results,
                lambda: journal.export_qdpx(folder / "real.qdpx", real_names=True),
            )
            timed(
                "qdpx export, pseudonymised",
                results,
                lambda: journal.export_qdpx(folder / "pseudo.qdpx"),
            )
        size = (folder / "pseudo.qdpx").stat().st_size / 1e6
        with Journal.open(folder / "target", search=False) as other:
            report = timed(
                "qdpx import (pseudonymised file, empty journal)",
                results,
                lambda: other.import_qdpx(folder / "pseudo.qdpx"),
            )
        created = report.tallies["entry"].created + report.tallies["memo"].created
        assert created == args.entries, created
        print(f"qdpx: {size:.1f} MB, {real.segments:,} codings, {real.cases} cases")

    baseline = results["jsonl export"]
    for label, seconds in results.items():
        print(f"{label:48s} {seconds:6.2f} s   ({seconds / baseline:4.2f}x the JSON Lines export)")
    export_s = results["qdpx export, pseudonymised"]
    import_s = results["qdpx import (pseudonymised file, empty journal)"]
    print(
        f"targets: export {export_s:.1f} s (< {EXPORT_TARGET_S:.0f}), "
        f"import {import_s:.1f} s (< {IMPORT_TARGET_S:.0f})"
    )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "refi.json").write_text(
        json.dumps({"entries": args.entries, "seconds": results}, indent=2), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
