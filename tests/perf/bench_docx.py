"""Benchmark: a chapter with 500 excerpts compiled and written to DOCX, against the naive build.

Run: ``.venv/bin/python tests/perf/bench_docx.py``. Both builds draw the same compiled
blocks; the naive one uses python-docx's ``add_paragraph(text, style=name)``, which looks
the style up by name on every call. Prints the figures side by side and their ratio.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from typing import TypeVar

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


def main() -> int:
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
    print(f"write speed-up: {t_naive / t_write:.1f}x; total under 1 s: {ours < 1.0}")
    return 0 if ours < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
