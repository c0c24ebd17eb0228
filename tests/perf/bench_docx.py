"""Benchmark: a chapter with 500 excerpts to DOCX, in process and through the command.

Run: ``.venv/bin/python tests/perf/bench_docx.py [--rounds 5] [--compare SRC]``. Two parts:

- In process, by stage: the same compiled blocks drawn by our writer and by the naive
  python-docx build (``add_paragraph(text, style=name)``, which looks the style up by
  name on every call), side by side.
- End to end, what the researcher waits for: ``fieldjournal chapter export`` of a
  500-excerpt chapter from a 10,000-entry journal (200 actors, ten of whom may not be
  quoted), alternating with ``fieldjournal --version`` (the interpreter and the
  package's start-up) in the same run. The figure is the export's median minus the
  start-up's median, against the 1 s target (CPU seconds are given too: on a shared
  machine they move less). The journal is built once and kept under
  ``tests/perf/results/``. ``--compare OTHER/src`` times the same export by another
  checkout's code in the same rounds, for a before-and-after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

import docx

from fieldjournal.domain.chapters import ExcerptKind, ExcerptRef, Section
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.pseudonyms import NameRule
from fieldjournal.exchange.chapter_blocks import Compiled, Excerpt, ExcerptBlock, Heading, Note
from fieldjournal.exchange.chapter_compiler import ChapterCompiler
from fieldjournal.exchange.docx_writer import DocxWriter
from fieldjournal.exchange.names.docx_scan import scan_docx
from fieldjournal.exchange.names.leak_check import LeakCheck
from fieldjournal.exchange.names.replacer import Pseudonymiser

T = TypeVar("T")

EXCERPTS = 500
WORDS = [
    "the",
    "board",
    "agreed",
    "that",
    "the",
    "lunch",
    "club",
    "would",
    "keep",
    "going",
    "on",
    "goodwill",
    "and",
    "minutes",
]


def fixture() -> tuple[list[Section], dict[ExcerptRef, tuple[Excerpt, ...]], Pseudonymiser]:
    rng = random.Random(7)
    people = [f"Person{n} Surname{n}" for n in range(150)]
    rules = [NameRule(p, (p, p.split()[0]), f"Alias {n}") for n, p in enumerate(people)]
    start = datetime(2016, 1, 1, tzinfo=UTC)
    resolved: dict[ExcerptRef, tuple[Excerpt, ...]] = {}
    sections = []
    for s in range(25):
        lines = [f"Section prose about *trust* and **power**, with {rng.choice(people)}."]
        for e in range(EXCERPTS // 25):
            n = s * 100 + e
            ref = ExcerptRef(ExcerptKind.ENTRY, f"{n:08d}")
            body = " ".join(rng.choice(WORDS + people[:5]) for _ in range(60))
            note = Note(
                f"{n:08d}",
                EntryKind.MEETING,
                f"Meeting {n}",
                start + timedelta(days=n),
                "Millbrook CVS offices",
            )
            resolved[ref] = (Excerpt(note, body + "\n\n" + body[:120]),)
            lines.append(ref.token)
        sections.append(Section(f"Section {s}", 1 + s % 2, "\n\n".join(lines)))
    return sections, resolved, Pseudonymiser(rules)


def naive(compiled: Compiled) -> bytes:
    """The straightforward python-docx build: styles named by string on every call."""
    document = docx.Document()
    for block in compiled.blocks:
        if isinstance(block, Heading):
            document.add_paragraph(
                block.text, style="Title" if block.level == 0 else f"Heading {block.level}"
            )
        elif isinstance(block, ExcerptBlock):
            for text in block.paragraphs[:-1]:
                document.add_paragraph(text, style="Quote")
            paragraph = document.add_paragraph(block.paragraphs[-1], style="Quote")
            paragraph.add_run(" " + block.citation).italic = False
        else:
            paragraph = document.add_paragraph(style="Normal")
            for run in getattr(block, "runs", ()):
                r = paragraph.add_run(run.text)
                r.italic, r.bold = run.emphasis or None, run.strong or None
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def timed(action: Callable[[], T]) -> tuple[T, float]:
    began = time.perf_counter()
    result = action()
    return result, time.perf_counter() - began


RESULTS = Path(__file__).resolve().parent / "results"
JOURNAL = RESULTS / "docx-e2e"
FIELDJOURNAL = Path(sys.executable).parent / "fieldjournal"
E2E_VERSION = "3"  # bump when the journal below changes, so a kept one is rebuilt
E2E_ENTRIES = 10_000
TARGET_S = 1.0
# Fictional names: 20 given x 10 family names for the actors, disjoint ones for pseudonyms.
GIVEN = [
    "Amara", "Bryn", "Cosima", "Dorian", "Elspeth", "Fennick", "Greer", "Hollis", "Ilse",
    "Jory", "Kesia", "Lorcan", "Maelis", "Norrie", "Orla", "Piran", "Quilla", "Roswen",
    "Saffi", "Tamsin",
]  # fmt: skip
FAMILY = [
    "Ashdown", "Brackwell", "Carrow", "Dunmere", "Elverson", "Fallowby", "Gethin",
    "Harrowgate", "Ivesley", "Jessop",
]  # fmt: skip
PSEUDO_GIVEN = [
    "Anwen", "Bettany", "Caio", "Delphine", "Emrys", "Fleur", "Gideon", "Hester", "Idris",
    "Juno", "Kit", "Linnea", "Morwenna", "Nico", "Oriel", "Perrin", "Rosalind", "Silas",
    "Thea", "Ulric",
]  # fmt: skip
PSEUDO_FAMILY = [
    "Abbot", "Birch", "Colby", "Dray", "Eske", "Frome", "Garside", "Hurst", "Irwell", "Keld",
]  # fmt: skip
# Participants who may not be quoted, with names of their own (a shared given name would
# withhold every note that names its other bearer, as it should).
WITHHELD = [
    "Wenna Yarrowby", "Zeno Quarrie", "Ysolde Vantry", "Xanthe Ockley", "Weylin Pardoe",
    "Verity Nancarrow", "Ulla Mardle", "Teodor Lansdown", "Sidonie Kerridge", "Rafe Juddery",
]  # fmt: skip


def e2e_records(entries_wanted: int = E2E_ENTRIES) -> tuple[list[dict[str, Any]], str]:
    """The journal's JSON Lines records (``entries_wanted`` entries) and the chapter draft
    quoting 500 of them.

    Notes name actors the ways notes do (full name, given name, family name, possessive,
    capitals, an address); one in thirty names a participant who may not be quoted.
    """
    rng = random.Random(20161203)
    people = WITHHELD + [f"{g} {f}" for f in FAMILY for g in GIVEN][:190]
    pseudonyms = [f"{g} {f}" for f in PSEUDO_FAMILY for g in PSEUDO_GIVEN]
    records: list[dict[str, Any]] = []
    for n, name in enumerate(people):
        consent = "no_quotes" if n < 5 else "observe_only" if n < 10 else "consented"
        records.append(
            {"type": "actor", "name": name, "pseudonym": pseudonyms[n], "consent": consent}
            | ({"aliases": [f"{name[:4]}ie {name.split()[1][0]}."]} if n % 7 == 0 else {})
        )
    codes = [f"Trust/Theme {n}" for n in range(10)]
    records += [{"type": "code", "path": path} for path in codes]
    forms = (
        lambda p: p,
        lambda p: p.split()[0],
        lambda p: p.split()[1] + "'s",
        lambda p: p.upper(),
        lambda p: p.replace(" ", ".").lower() + "@council.example",
    )
    entries: list[tuple[str, str]] = []
    segments: list[str] = []
    start = datetime(2016, 1, 4, 9, 0, tzinfo=UTC)
    for n in range(entries_wanted):
        entry_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        words = [rng.choice(WORDS) for _ in range(rng.randint(150, 400))]
        present = rng.sample(people[10:], 3)
        if n % 30 == 0:
            present[0] = people[n % 10]
        for person in present:
            words.insert(rng.randrange(len(words)), rng.choice(forms)(person))
        body = " ".join(words).capitalize() + "."
        records.append(
            {
                "type": "entry",
                "id": entry_id,
                "kind": rng.choice(["fieldnote", "meeting", "memo"]),
                "title": f"Visit {n}",
                "body": body,
                "occurred_at": (start + timedelta(hours=31 * n)).isoformat(),
                "site": "Millbrook CVS offices",
                "actors": present[1:],
            }
        )
        entries.append((entry_id, body))
        segment_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        at = rng.randrange(0, len(body) - 400)
        records.append(
            {
                "type": "segment",
                "id": segment_id,
                "entry": entry_id,
                "code": rng.choice(codes),
                "start": at,
                "end": at + rng.randint(150, 400),
            }
        )
        segments.append(segment_id)
    lines = ["---", "title: Trust across sectors", "---", ""]
    picked = rng.sample(range(entries_wanted), EXCERPTS)
    for s in range(25):
        lines += [f"# Section {s}", "", f"Prose about *trust* and **power** with {people[20 + s]}."]
        for k in picked[s * 20 : s * 20 + 20]:
            entry_id, body = entries[k]
            if k % 3 == 0:
                token = f"[[entry:{entry_id}]]"
            elif k % 3 == 1:
                quoted = body.split(" ")[10:60]
                token = f"[[quote:{entry_id}|{' '.join(quoted)}]]"
            else:
                token = f"[[segment:{segments[k]}]]"
            lines += ["", token]
        lines.append("")
    return records, "\n".join(lines)


def e2e_journal() -> tuple[Path, str]:
    """The kept journal and its chapter's id (built on first use, about half a minute)."""
    marker = JOURNAL / f"built-{E2E_VERSION}"
    if marker.exists():
        return JOURNAL, marker.read_text().strip()
    from fieldjournal import Journal

    if JOURNAL.exists():
        for path in sorted(JOURNAL.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
    records, draft = e2e_records()
    with Journal.open(JOURNAL) as journal:
        journal.import_lines(json.dumps(r, ensure_ascii=False) for r in records)
        chapter = journal.import_chapter(draft)
        journal.catch_up_index()  # a user's journal has its index
    marker.write_text(chapter.id + "\n")
    return JOURNAL, chapter.id


# An installed app has its modules compiled to bytecode; without this, a shell that sets
# PYTHONDONTWRITEBYTECODE would time the compiling of every module on every run.
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_timed(command: list[str], source: Path | None = None) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of ``command``; with
    ``source``, the package is imported from that ``src`` folder instead (an older
    checkout, for a before-and-after in the same run)."""
    env = ENVIRONMENT if source is None else {**ENVIRONMENT, "PYTHONPATH": str(source)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def _figures(label: str, runs: list[tuple[float, float]]) -> dict[str, Any]:
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    return {
        f"{label}_s": [round(v, 3) for v in walls],
        f"{label}_median_s": round(statistics.median(walls), 3),
        f"{label}_cpu_median_s": round(statistics.median(cpus), 3),
    }


def end_to_end(rounds: int, compare: Path | None) -> dict[str, Any]:
    """The export through the installed command beside its start-up, rounds alternated
    (and beside the same export by the code in ``compare``, when given)."""
    journal, chapter_id = e2e_journal()
    version = [str(FIELDJOURNAL), "--version"]
    runs: dict[str, list[tuple[float, float]]] = {"startup": [], "export": [], "compared": []}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "chapter.docx"
        export = [str(FIELDJOURNAL), "--journal", str(journal), "chapter", "export"]
        export += [chapter_id, str(out)]
        warm = subprocess.run(export, check=True, capture_output=True, text=True, env=ENVIRONMENT)
        print(warm.stdout.strip(), f"({warm.stderr.count('withheld:')} withheld)")
        size = out.stat().st_size  # this checkout's file (a compared one overwrites it)
        # The other checkout's own entry point (it may not have this one's console script).
        compared = [sys.executable, "-m", "fieldjournal", *export[1:]]
        if compare is not None:
            run_timed(compared, compare)  # its bytecode too
        for _ in range(rounds):
            runs["startup"].append(run_timed(version))
            runs["export"].append(run_timed(export))
            if compare is not None:
                runs["compared"].append(run_timed(compared, compare))
    report: dict[str, Any] = {
        "entries": E2E_ENTRIES,
        "excerpts": EXCERPTS,
        "rounds": rounds,
        "docx_bytes": size,
        "target_s": TARGET_S,
    }
    for label, timings in runs.items():
        if timings:
            report |= _figures(label, timings)
    start = report["startup_median_s"]
    report["export_over_startup"] = round(report["export_median_s"] / start, 2)
    report["beyond_startup_s"] = round(report["export_median_s"] - start, 3)
    report["beyond_startup_cpu_s"] = round(
        report["export_cpu_median_s"] - report["startup_cpu_median_s"], 3
    )
    if compare is not None:
        report["compared_source"] = str(compare)
        report["compared_beyond_startup_s"] = round(report["compared_median_s"] - start, 3)
        report["compared_beyond_startup_cpu_s"] = round(
            report["compared_cpu_median_s"] - report["startup_cpu_median_s"], 3
        )
    return report


def in_process() -> float:
    """The stages in one process, ours beside the naive build; returns our total."""
    sections, resolved, names = fixture()
    compiled, t_compile = timed(
        lambda: ChapterCompiler("Benchmark chapter", sections, resolved, names).result
    )
    data, t_write = timed(lambda: DocxWriter(compiled).build())
    leaks, t_check = timed(lambda: scan_docx(data, LeakCheck(names.rules)))
    _, t_naive = timed(lambda: naive(compiled))
    assert not leaks and compiled.excerpt_count == EXCERPTS
    paragraphs = sum(len(b.paragraphs) for b in compiled.blocks if isinstance(b, ExcerptBlock))
    ours = t_compile + t_write + t_check
    print(f"{EXCERPTS} excerpts, {paragraphs} quoted paragraphs, {len(compiled.blocks)} blocks")
    print(f"{'stage':<28}{'fieldjournal':>14}{'naive':>10}")
    print(f"{'compile (pseudonymise)':<28}{t_compile:>13.3f}s{t_compile:>9.3f}s")
    print(f"{'write DOCX':<28}{t_write:>13.3f}s{t_naive:>9.3f}s")
    print(f"{'leak check':<28}{t_check:>13.3f}s{'-':>10}")
    print(f"{'total':<28}{ours:>13.3f}s{t_compile + t_naive:>9.3f}s")
    print(f"write speed-up: {t_naive / t_write:.1f}x; total under 1 s: {ours < TARGET_S}")
    return ours


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="end-to-end rounds (default 5)")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="SRC",
        help="also time the export by the package in this src folder (another checkout)",
    )
    args = parser.parse_args()
    ours = in_process()
    report = end_to_end(args.rounds, args.compare)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "docx.json").write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"end to end ({report['entries']} entries, {EXCERPTS} excerpts, median of "
        f"{args.rounds}): export {report['export_median_s']:.3f}s, start-up "
        f"{report['startup_median_s']:.3f}s ({report['export_over_startup']:.2f}x); "
        f"beyond start-up {report['beyond_startup_s']:.3f}s (target {TARGET_S:.0f} s), "
        f"CPU {report['beyond_startup_cpu_s']:.3f}s"
    )
    if args.compare is not None:
        print(
            f"the same export by {args.compare}: {report['compared_median_s']:.3f}s, beyond "
            f"start-up {report['compared_beyond_startup_s']:.3f}s, "
            f"CPU {report['compared_beyond_startup_cpu_s']:.3f}s"
        )
    return 0 if ours < TARGET_S and report["beyond_startup_s"] < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
