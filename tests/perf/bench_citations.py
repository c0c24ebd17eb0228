"""Benchmark: the 500-excerpt chapter with 200 literature citations, against it without.

Run: ``.venv/bin/python -m tests.perf.bench_citations [--rounds 3]``. The same chapter
(the DOCX benchmark's) is compiled and written side by side: as it is ("plain"), and
with 200 citations of 60 works (narrative, bracketed, with locators, same-author years)
spread over its prose, in each shipped style. "cold" is a first export in a new process
(as ``fieldjournal chapter export`` pays it: citeproc-py imported, the style parsed, every
work rendered); "warm" is the next export or preview in that process, which renders none
again. Each measurement runs in its own child process, with citeproc-py mended
(``exchange/citeproc_mends.py``) and as it ships, rounds alternated; the medians are
printed with the cost of the citations over the plain chapter and the mends' speed-up,
and written to ``tests/perf/results/bench_citations.json``.

End to end, what the researcher waits for (``--e2e-rounds``, default 5): the installed
``fieldjournal chapter export`` of the 500-excerpt chapter on a 10,000-entry journal (the
DOCX benchmark's journal, larger, with the 60 works imported as references), each run a
new process: the chapter as it is, and the same chapter with the 200 citations in APA and
in Chicago. Two start-ups run in the same rounds, and the order turns round by round, so
a load that comes and goes falls on each alike: the command's entry alone (the
interpreter importing ``fieldjournal.cli``, which the ``fieldjournal`` launcher runs) and
``fieldjournal --version``, which also imports every command's module (SQLAlchemy and
the services among them) to build the parser. The issue counts those imports as part of
the export, so the targets (1 s without citations, 1.3 s with them) are judged beyond the
entry's start-up; the figure beyond ``--version`` is printed beside it. Medians; the
journal is built once and kept under ``tests/perf/results/``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from fieldjournal.domain.chapters import Section
from fieldjournal.exchange import csl_render
from fieldjournal.exchange.chapter_compiler import ChapterCompiler, CompileOptions
from fieldjournal.exchange.csl_render import STYLES, CslRenderer
from fieldjournal.exchange.docx_writer import DocxWriter
from tests.perf.bench_docx import ENVIRONMENT, FIELDJOURNAL, e2e_records, fixture, run_timed, timed

CITATIONS = 200
WORKS = 60
RESULTS = Path(__file__).parent / "results"
E2E_JOURNAL = RESULTS / "citations-e2e"
E2E_VERSION = "1"  # bump when the journal below changes, so a kept one is rebuilt
E2E_ENTRIES = 10_000
TARGETS_S = {"none": 1.0, "apa": 1.3, "chicago": 1.3}  # beyond start-up, from the issue
FORMS = ["[@{k}]", "[@{k}, p. {p}]", "@{k} argues", "[see @{k}, pp. {p}-{q}; @{j}]", "[-@{k}]"]


def works() -> dict[str, dict[str, Any]]:
    items = {}
    for n in range(WORKS):
        family = f"Author{n // 2}"  # two works by each author, some in the same year
        year = 1990 + (n // 2) % 25 + (n % 2) * (n % 3 == 0)
        items[f"author{n}"] = {
            "type": "article-journal" if n % 2 else "book",
            "author": [{"family": family, "given": "Kim"}, {"family": "Second", "given": "Lee"}],
            "title": f"Work number {n}",
            "container-title": "Journal of Benchmarks",
            "publisher": "Bench Press",
            "volume": str(n),
            "page": f"{n}-{n + 9}",
            "issued": {"date-parts": [[year]]},
        }
    return items


def citations(count: int) -> list[str]:
    """``count`` citations of the works, the Pandoc forms in turn (the same every run)."""
    rng = random.Random(11)
    cited: list[str] = []
    for n in range(count):
        k, j = (f"author{rng.randrange(WORKS)}" for _ in range(2))
        p = rng.randrange(1, 300)
        cited.append(FORMS[n % len(FORMS)].format(k=k, j=j, p=p, q=p + 3))
    return cited


def with_citations(sections: list[Section]) -> list[Section]:
    cited = iter(citations(CITATIONS))
    for i, section in enumerate(sections):
        lines = section.body.split("\n\n")
        for _ in range(CITATIONS // len(sections)):
            lines[0] += f" As noted {next(cited)}."
        sections[i] = Section(section.heading, section.level, "\n\n".join(lines))
    return sections


def cited_draft(draft: str) -> str:
    """The draft with the citations spread over its sections' prose (none in quotes)."""
    lines = draft.split("\n")
    prose = [n for n, line in enumerate(lines) if line.startswith("Prose about")]
    cited = iter(citations(CITATIONS))
    for n in prose:
        lines[n] += "".join(f" As noted {next(cited)}." for _ in range(CITATIONS // len(prose)))
    return "\n".join(lines)


def e2e_journal() -> tuple[Path, str, str]:
    """The kept journal and its two chapters' ids, without citations and with them
    (built on first use, a few minutes)."""
    marker = E2E_JOURNAL / f"built-{E2E_VERSION}"
    if marker.exists():
        plain_id, cited_id = marker.read_text().split()
        return E2E_JOURNAL, plain_id, cited_id
    from fieldjournal import Journal

    if E2E_JOURNAL.exists():
        for path in sorted(E2E_JOURNAL.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
    records, draft = e2e_records(E2E_ENTRIES)
    records += [
        {"type": "reference", "citekey": key, "csl": {"id": key} | csl}
        for key, csl in works().items()
    ]
    with Journal.open(E2E_JOURNAL) as journal:
        journal.import_lines(json.dumps(r, ensure_ascii=False) for r in records)
        plain = journal.import_chapter(draft)
        cited = journal.import_chapter(cited_draft(draft).replace("title: ", "title: Cited "))
        journal.catch_up_index()  # a user's journal has its index
    marker.write_text(f"{plain.id} {cited.id}\n")
    return E2E_JOURNAL, plain.id, cited.id


def end_to_end(rounds: int) -> dict[str, Any]:
    """Each variant's export through the installed command, beside its start-up, the
    variants' order turned round by round; medians in seconds, and beyond start-up."""
    journal, plain_id, cited_id = e2e_journal()
    with tempfile.TemporaryDirectory() as tmp:
        base = [str(FIELDJOURNAL), "--journal", str(journal), "chapter", "export"]
        commands = {
            "entry": [sys.executable, "-c", "import fieldjournal.cli"],
            "version": [str(FIELDJOURNAL), "--version"],
            "none": [*base, plain_id, f"{tmp}/none.docx"],
            "apa": [*base, cited_id, f"{tmp}/apa.docx", "--style", "apa"],
            "chicago": [*base, cited_id, f"{tmp}/chicago.docx", "--style", "chicago"],
        }
        for variant, command in commands.items():  # bytecode written, pages cached
            done = subprocess.run(
                command, check=True, capture_output=True, text=True, env=ENVIRONMENT
            )
            withheld = done.stderr.count("withheld:")
            others = done.stderr.count("\n") - withheld
            print(
                f"{variant}: {done.stdout.strip() or 'ran'} "
                f"({withheld} withheld, {others} other warnings)"
            )
        runs: dict[str, list[tuple[float, float]]] = {variant: [] for variant in commands}
        order = list(commands)
        for n in range(rounds):
            for variant in order[n % len(order) :] + order[: n % len(order)]:
                runs[variant].append(run_timed(commands[variant]))
    wall = {v: statistics.median(w for w, _ in r) for v, r in runs.items()}
    cpu = {v: statistics.median(c for _, c in r) for v, r in runs.items()}
    return {
        "entries": E2E_ENTRIES,
        "excerpts": 500,
        "citations": CITATIONS,
        "rounds": rounds,
        "median_s": {v: round(w, 3) for v, w in wall.items()},
        "runs_s": {v: [round(w, 3) for w, _ in r] for v, r in runs.items()},
        "beyond_entry_s": {v: round(wall[v] - wall["entry"], 3) for v in TARGETS_S},
        "beyond_entry_cpu_s": {v: round(cpu[v] - cpu["entry"], 3) for v in TARGETS_S},
        "beyond_version_s": {v: round(wall[v] - wall["version"], 3) for v in TARGETS_S},
        "cpu_median_s": {v: round(c, 3) for v, c in cpu.items()},
        "beyond_version_cpu_s": {v: round(cpu[v] - cpu["version"], 3) for v in TARGETS_S},
        "over_version": {v: round(wall[v] / wall["version"], 2) for v in TARGETS_S},
        "targets_s": TARGETS_S,
    }


def print_end_to_end(report: dict[str, Any]) -> None:
    median = report["median_s"]
    print(
        f"end to end: fieldjournal chapter export, {report['excerpts']} excerpts, "
        f"{report['entries']:,} entries, median of {report['rounds']}; start-up: the "
        f"command's entry {median['entry']:.3f}s, --version {median['version']:.3f}s"
    )
    print(f"{'citations':<11}{'export':>8}{'beyond entry':>14}{'CPU':>8}{'target':>8}", end="")
    print(f"{'':<9}{'beyond --version':>17}{'CPU':>8}{'ratio':>7}")
    for variant, target in TARGETS_S.items():
        beyond = report["beyond_entry_s"][variant]
        verdict = "met" if beyond <= target else "MISSED"
        print(
            f"{variant:<11}{median[variant]:>7.3f}s{beyond:>13.3f}s"
            f"{report['beyond_entry_cpu_s'][variant]:>7.3f}s{target:>7.1f}s  {verdict:<7}"
            f"{report['beyond_version_s'][variant]:>16.3f}s"
            f"{report['beyond_version_cpu_s'][variant]:>7.3f}s"
            f"{report['over_version'][variant]:>6.2f}x"
        )


def export(sections: list[Section], resolved: Any, names: Any, style: str | None) -> float:
    def run() -> bytes:
        renderer = CslRenderer(style, works()) if style else None
        options = CompileOptions(references=renderer)
        compiled = ChapterCompiler("Chapter", sections, resolved, names, options).result
        return DocxWriter(compiled).build()

    return timed(run)[1]


def child(style: str, mended: bool) -> dict[str, float]:
    """One new process's plain, first (cold) and second (warm) export, in seconds."""
    if not mended:
        mock.patch.object(csl_render, "mend_citeproc", lambda: None).start()  # as it ships
    sections, resolved, names = fixture()
    cited = with_citations(list(sections))
    export(sections, resolved, names, None)  # the writer's own first-use costs, not citations'
    plain = export(sections, resolved, names, None)
    cold = export(cited, resolved, names, style)
    warm = export(cited, resolved, names, style)
    return {"plain": plain, "cold": cold, "warm": warm}


def measure(style: str, mended: bool) -> dict[str, float]:
    command = [sys.executable, "-m", "tests.perf.bench_citations", "--child", style]
    if not mended:
        command.append("--as-shipped")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="in-process rounds (default 3)")
    parser.add_argument(
        "--e2e-rounds", type=int, default=5, help="end-to-end rounds (default 5; 0: none)"
    )
    parser.add_argument("--child", choices=sorted(STYLES), help=argparse.SUPPRESS)
    parser.add_argument("--as-shipped", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, not args.as_shipped)))
        return 0
    runs: dict[tuple[str, bool], list[dict[str, float]]] = {}
    for _ in range(args.rounds):
        for style in STYLES:
            for mended in (True, False):
                runs.setdefault((style, mended), []).append(measure(style, mended))

    def median(style: str, mended: bool, what: str) -> float:
        return statistics.median(
            r[what] - (r["plain"] if what != "plain" else 0) for r in runs[style, mended]
        )

    print(f"500 excerpts; {CITATIONS} citations of {WORKS} works; median of {args.rounds}")
    print("cost of the citations over the plain chapter (s), citeproc-py mended / as shipped")
    header = f"{'':<11}{'plain':>7}{'cold +':>8}{'shipped':>9}{'speed-up':>10}"
    print(header + f"{'warm +':>8}{'shipped':>9}{'cold/plain':>12}")
    report: dict[str, dict[str, float]] = {}
    for style in STYLES:
        plain = median(style, True, "plain")
        cold, cold_shipped = median(style, True, "cold"), median(style, False, "cold")
        warm, warm_shipped = median(style, True, "warm"), median(style, False, "warm")
        report[style] = {
            "plain": plain,
            "cold_extra": cold,
            "cold_extra_as_shipped": cold_shipped,
            "warm_extra": warm,
            "warm_extra_as_shipped": warm_shipped,
        }
        print(
            f"{style:<11}{plain:>6.2f}s{cold:>7.2f}s{cold_shipped:>8.2f}s"
            f"{cold_shipped / cold:>9.1f}x{warm:>7.2f}s{warm_shipped:>8.2f}s"
            f"{(plain + cold) / plain:>11.2f}x"
        )
    report_all: dict[str, Any] = {"in_process": report}
    if args.e2e_rounds:
        report_all["end_to_end"] = end_to_end(args.e2e_rounds)
        print_end_to_end(report_all["end_to_end"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench_citations.json").write_text(json.dumps(report_all, indent=2))
    if args.e2e_rounds:
        beyond = report_all["end_to_end"]["beyond_entry_s"]
        missed = [v for v, target in TARGETS_S.items() if beyond[v] > target]
        if missed:
            print(f"missed the end-to-end target: {', '.join(missed)}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
