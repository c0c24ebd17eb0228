"""Benchmark: the 500-excerpt chapter with 200 literature citations, against it without.

Run: ``.venv/bin/python tests/perf/bench_citations.py``. The same chapter (the DOCX
benchmark's) is compiled and written twice side by side: as it is, and with 200
citations of 60 works (narrative, bracketed, with locators, same-author years) spread
over its prose, in each shipped style. "cold" renders every work through citeproc-py
(a first export); "warm" is the next export or preview, which renders none again.
Prints the seconds and the cost of the citations over the plain chapter.
"""

from __future__ import annotations

import random
import sys
from typing import Any

from fieldjournal.domain.chapters import Section
from fieldjournal.exchange.chapter_compiler import ChapterCompiler, CompileOptions
from fieldjournal.exchange.csl_render import STYLES, CslRenderer
from fieldjournal.exchange.docx_writer import DocxWriter
from tests.perf.bench_docx import fixture, timed

CITATIONS = 200
WORKS = 60


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


def main() -> int:
    sections, resolved, names = fixture()
    cited = with_citations(list(sections))
    plain = export(sections, resolved, names, None)
    print(f"500 excerpts; {CITATIONS} citations of {WORKS} works")
    print(f"{'':<10}{'plain':>8}{'cold':>8}{'warm':>8}{'cold +':>9}{'warm +':>9}")
    for style in STYLES:
        cold = export(cited, resolved, names, style)
        warm = export(cited, resolved, names, style)
        print(
            f"{style:<10}{plain:>7.2f}s{cold:>7.2f}s{warm:>7.2f}s"
            f"{cold - plain:>8.2f}s{warm - plain:>8.2f}s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
