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
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

from fieldjournal.domain.chapters import Section
from fieldjournal.exchange import csl_render
from fieldjournal.exchange.chapter_compiler import ChapterCompiler, CompileOptions
from fieldjournal.exchange.csl_render import STYLES, CslRenderer
from fieldjournal.exchange.docx_writer import DocxWriter
from tests.perf.bench_docx import fixture, timed

CITATIONS = 200
WORKS = 60
RESULTS = Path(__file__).parent / "results"


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


def with_citations(sections: list[Section]) -> list[Section]:
    rng = random.Random(11)
    forms = ["[@{k}]", "[@{k}, p. {p}]", "@{k} argues", "[see @{k}, pp. {p}-{q}; @{j}]", "[-@{k}]"]
    cited: list[str] = []
    for i, section in enumerate(sections):
        lines = section.body.split("\n\n")
        for _ in range(CITATIONS // len(sections)):
            k, j = (f"author{rng.randrange(WORKS)}" for _ in range(2))
            p = rng.randrange(1, 300)
            form = forms[len(cited) % len(forms)].format(k=k, j=j, p=p, q=p + 3)
            cited.append(form)
            lines[0] += f" As noted {form}."
        sections[i] = Section(section.heading, section.level, "\n\n".join(lines))
    return sections


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
    parser.add_argument("--rounds", type=int, default=3)
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
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench_citations.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
