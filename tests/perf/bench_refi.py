"""Benchmark: REFI-QDA export and import of a 10,000-entry journal (targets 10 s / 30 s).

Run: ``.venv/bin/python tests/perf/bench_refi.py [--entries N] [--rounds R]
[--baseline DIR]``. Builds the synthetic journal of ``bench_import`` (fixed seed,
150–900 words per entry, 200 actors, 150 codes, coded segments and whole-entry codes;
some actors' names written into the notes) and gives it what typed notes have: most
entries hold typographic quotes, apostrophes and dashes, a few an accented word. Then
times what the researcher waits for, the installed command from start to exit, side by
side in one run: ``fieldjournal export`` (JSON Lines, the baseline for "write
everything"), ``qdpx export --real-names``, ``qdpx export`` (pseudonymised, with its
leak check), ``qdpx import`` of that file into an empty journal and ``fieldjournal
import`` of the JSON Lines file into another (the baseline for "read everything").

An import is timed twice: until its report is printed (everything is committed then, all
or nothing) and until the command exits. Both importers then wait for the search index
to catch up, with a progress bar, before they exit; that wait is the indexer's (an
interrupted one is made up by the next search or the next open) and is reported beside
the JSON Lines import's, not held to the import's target.

Exits non-zero when an export takes 10 s or more or an import 30 s or more (until its
report): ``make bench`` then says which benchmark missed.

``--baseline DIR`` runs the same commands from another source tree too (``DIR/src``,
say an earlier commit unpacked with ``git archive``), rounds alternated, so a change is
measured against the code before it on the same machine at the same moment. Writes the
figures to ``tests/perf/results/refi.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
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
# What a word processor or a phone keyboard puts into notes: curly quotes and
# apostrophes, dashes, an ellipsis; and now and then a word with an accent.
TYPOGRAPHIC = ("“we’ll see”", "the board’s view –", "it’s", "…", "“delivery arm”", "— so")
ACCENTED = ("café", "naïve", "rôle", "déjà vu", "Zoë’s")
LABELS = {
    "jsonl": "JSON Lines export",
    "real": "qdpx export, real names",
    "pseudo": "qdpx export, pseudonymised",
    "import": "qdpx import, until its report",
    "import+index": "qdpx import, until it exits (index)",
    "jsonl-import": "JSON Lines import, until its report",
    "jsonl-import+index": "JSON Lines import, until it exits",
}
# Each row beside the one it is measured against, as a ratio (the machine may be loaded:
# a ratio measured side by side says more than seconds).
RATIOS = (
    ("pseudo", "jsonl", "pseudonymised export / JSON Lines export"),
    ("real", "jsonl", "real-names export / JSON Lines export"),
    ("pseudo", "real", "pseudonymised / real-names export"),
    ("import", "jsonl-import", "qdpx import / JSON Lines import, reports"),
    ("import+index", "jsonl-import+index", "qdpx import / JSON Lines import, exits"),
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


def journal_records(entries: int) -> list[dict[str, Any]]:
    """The benchmark journal's records: names and typed punctuation in the notes.

    Words are added only after the offsets of every coded segment, so each segment keeps
    its words (its end is cut to the body if the body is shorter).
    """
    records = synthetic_records(entries)
    named_people(records)
    rng = random.Random(11)
    bodies: dict[str, str] = {}
    for record in records:
        if record["type"] != "entry":
            continue
        words = record["body"].split(" ")
        if rng.random() < 0.2:
            words.insert(len(words) // 2, record["actors"][0])
        if rng.random() < 0.7:
            words.extend(rng.sample(TYPOGRAPHIC, 2))
        if rng.random() < 0.05:
            words.append(rng.choice(ACCENTED))
        record["body"] = " ".join(words)
        bodies[record["id"]] = record["body"]
    for record in records:
        if record["type"] == "segment":
            record["end"] = min(record["end"], len(bodies[record["entry"]]))
    return records


def command(source: Path | None) -> tuple[list[str], dict[str, str]]:
    """How to run ``fieldjournal``: this tree's installed command, or ``source``'s code."""
    env = dict(os.environ)
    if source is None:
        return [str(Path(sys.executable).parent / "fieldjournal")], env
    env["PYTHONPATH"] = str(source / "src")
    return [sys.executable, "-m", "fieldjournal"], env


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds until the command printed its first line, and until it exited."""
    start = time.perf_counter()
    with subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        assert process.stdout is not None
        first = process.stdout.readline()
        printed = time.perf_counter() - start
        rest = process.stdout.read()
        code = process.wait()
    ended = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({code}): {first}{rest}")
    return printed, ended


def one_round(
    label: str, source: Path | None, journal: Path, folder: Path, results: dict[str, Any]
) -> None:
    base, env = command(source)
    times = results.setdefault(label, {})
    out = folder / label
    out.mkdir(exist_ok=True)
    at = ["--journal", str(journal)]
    _, ended = run([*base, *at, "export", str(out / "all.jsonl")], env)
    times.setdefault("jsonl", []).append(ended)
    _, ended = run([*base, *at, "qdpx", "export", "--real-names", str(out / "real.qdpx")], env)
    times.setdefault("real", []).append(ended)
    _, ended = run([*base, *at, "qdpx", "export", str(out / "pseudo.qdpx")], env)
    times.setdefault("pseudo", []).append(ended)
    target = folder / f"{label}-target-{len(times['pseudo'])}"
    printed, ended = run(
        [*base, "--journal", str(target), "qdpx", "import", str(out / "pseudo.qdpx")], env
    )
    times.setdefault("import", []).append(printed)
    times.setdefault("import+index", []).append(ended)
    with Journal.open(target, create=False, search=False) as other:
        assert other.count_entries() == results["entries"], other.count_entries()
    lines = folder / f"{label}-lines-{len(times['pseudo'])}"
    printed, ended = run([*base, "--journal", str(lines), "import", str(out / "all.jsonl")], env)
    times.setdefault("jsonl-import", []).append(printed)
    times.setdefault("jsonl-import+index", []).append(ended)
    results.setdefault("sizes", {})[label] = (out / "pseudo.qdpx").stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--baseline", type=Path, help="a source tree to compare with")
    args = parser.parse_args()
    results: dict[str, Any] = {"entries": args.entries}
    start_load = os.getloadavg()[0]
    trees: list[tuple[str, Path | None]] = [("current", None)]
    if args.baseline:
        trees.insert(0, ("baseline", args.baseline.resolve()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        records = journal_records(args.entries)
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        with Journal.open(folder / "source", search=False) as journal:
            journal.import_lines(lines)
        print(f"{args.entries:,} entries, {len(lines):,} JSON Lines records")
        for number in range(args.rounds):
            for label, source in trees if number % 2 == 0 else trees[::-1]:
                one_round(label, source, folder / "source", folder, results)
    load = os.getloadavg()
    print(
        f"medians of {args.rounds} round(s); load average {load[0]:.1f} (1 min), "
        f"{load[1]:.1f} (5 min) at the end, {start_load:.1f} at the start; seconds, start to exit"
    )
    header = f"{'':40s}" + "".join(f"{label:>12s}" for label, _ in trees)
    print(header + ("       ratio" if len(trees) > 1 else ""))
    medians: dict[str, dict[str, float]] = {}
    for key, words in LABELS.items():
        row = {label: statistics.median(results[label][key]) for label, _ in trees}
        medians[key] = row
        cells = "".join(f"{row[label]:12.2f}" for label, _ in trees)
        ratio = f"{row['current'] / row['baseline']:12.2f}" if len(trees) > 1 else ""
        print(f"{words:40s}{cells}{ratio}")
    print("side by side (current):")
    for top, bottom, words in RATIOS:
        print(f"  {words:55s}{medians[top]['current'] / medians[bottom]['current']:6.2f}")
    now = {key: row["current"] for key, row in medians.items()}
    missed = [
        f"{LABELS[key]} {now[key]:.1f} s (target < {target:.0f} s)"
        for key, target in (
            ("real", EXPORT_TARGET_S),
            ("pseudo", EXPORT_TARGET_S),
            ("import", IMPORT_TARGET_S),
        )
        if now[key] >= target
    ]
    print(
        f"current: pseudonymised export {now['pseudo']:.1f} s "
        f"({now['pseudo'] / now['jsonl']:.2f}x the JSON Lines export, "
        f"target < {EXPORT_TARGET_S:.0f} s), import {now['import']:.1f} s "
        f"(target < {IMPORT_TARGET_S:.0f} s), {now['import+index']:.1f} s until it exits "
        f"with the index caught up ({now['import+index'] / now['jsonl-import+index']:.2f}x "
        f"the JSON Lines import's); {results['sizes']['current'] / 1e6:.1f} MB"
    )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "refi.json").write_text(
        json.dumps(
            {**results, "medians": medians, "load": load[0], "load_at_start": start_load},
            indent=2,
        ),
        encoding="utf-8",
    )
    if missed:
        raise SystemExit("missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()
