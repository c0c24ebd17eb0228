"""A quoted note's light Markdown, as the quote's paragraphs of runs (markdown-it-py).

Notes are written in light Markdown: a meeting observation has ``## Agenda`` and
``## Who said what``, memos use emphasis and lists. A quote in an export shows what the
markers mean instead of the markers: a heading becomes a bold line of the quote,
``*emphasis*`` and ``**strong**`` become runs, list items become lines of their own
("• " or their number), a block quote or code block its plain lines. A line break
inside a paragraph stays a line break (jottings are written line by line). Parsed with
markdown-it-py's CommonMark rules, so what counts as a marker is what every Markdown
editor agrees on, with the rules that would drop or change words turned off: HTML,
links and link definitions, entities, backslash escapes, code spans and indented or
fenced code stay as typed (a quote keeps every word the note has).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from fieldjournal.domain.chapters import Run
from fieldjournal.exchange.chapter_tokens import CITATION

Paragraph = tuple[Run, ...]


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt  # imported on first quote: the CLI starts faster

    return MarkdownIt("commonmark").disable(_KEEP_AS_TYPED)


_KEEP_AS_TYPED = [
    "code",
    "fence",
    "reference",
    "html_block",
    "escape",
    "backticks",
    "link",
    "image",
    "autolink",
    "html_inline",
    "entity",
]


# Where a plain note's text holds none of these, markdown-it finds no marker in it: no
# emphasis (``*``, ``_``), no escape or line break by backslash, no code span (kept as
# typed anyway), and, at a line's start, no heading, block quote, list, rule or setext
# underline. Carriage returns, NULs and tabs (which markdown-it normalises) and lines
# with spaces around them (indentation, a hard break's two spaces) are left to the parse.
_MARKED = re.compile(r"[*_\\`\r\0\t]|^[#>+=\-\d]", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{2,}")


def quote_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """``text`` (a note or a passage of it) as the paragraphs of a quote."""
    if not text.strip():
        return ()
    plain = _plain_paragraphs(text)
    return plain if plain is not None else _parsed_paragraphs(text)


def _parsed_paragraphs(text: str) -> tuple[Paragraph, ...]:
    paragraphs: list[Paragraph] = []
    lists: list[list[int]] = []  # per open list: [next number], or [] for bullets
    marker = ""
    heading = False
    for token in _parser().parse(text):
        kind = token.type
        if kind == "bullet_list_open":
            lists.append([])
        elif kind == "ordered_list_open":
            lists.append([int(token.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            counter = lists[-1] if lists else []
            marker = "• " if not counter else f"{token.info or counter[0]}{token.markup} "
            if counter:
                counter[0] += 1
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "inline":
            runs = inline_runs(token.children or [], strong=heading)
            paragraphs.append(joined_runs([Run(marker), *runs]) if marker else runs)
            marker = ""
        elif kind == "hr":
            paragraphs.append((Run(token.markup),))
    return tuple(p for p in paragraphs if any(r.text for r in p))


def _plain_paragraphs(text: str) -> tuple[Paragraph, ...] | None:
    """What markdown-it makes of a text without markers, without parsing it (most notes
    are plain prose, and their parse was 7% of a chapter export): its paragraphs, split
    at blank lines, each one run keeping its line breaks. None where the text may hold a
    marker, or has a line with spaces around it (a test compares this with the parse)."""
    if _MARKED.search(text):
        return None
    paragraphs: list[Paragraph] = []
    for block in _BLANK_LINES.split(text.strip("\n")):
        if any(line != line.strip() or not line for line in block.split("\n")):
            return None
        paragraphs.append((Run(block),))
    return tuple(paragraphs)


def inline_runs(
    children: list[Any], *, strong: bool = False, line_break: str = "\n"
) -> tuple[Run, ...]:
    """markdown-it's inline tokens as runs: emphasis and strong counted, a line break as
    ``line_break`` (a quote keeps the note's lines; a draft's paragraph joins them with a
    space), and a citation token (the chapter plugin's) kept as a run of its own."""
    found: list[Run] = []
    emphasis = 0
    bold = 1 if strong else 0
    for child in children:
        kind = child.type
        if kind == "em_open":
            emphasis += 1
        elif kind == "em_close":
            emphasis -= 1
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind in ("softbreak", "hardbreak"):
            found.append(Run(line_break, emphasis > 0, bold > 0))
        elif kind == "text":
            found.append(Run(child.content, emphasis > 0, bold > 0))
        elif kind == CITATION:
            found.append(Run(child.content, emphasis > 0, bold > 0, cite=True))
    return joined_runs(found)


def joined_runs(runs: list[Run]) -> tuple[Run, ...]:
    """Neighbouring runs of one form as one run (the writer draws fewer runs); a citation
    stays a run of its own."""
    joined: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        last = joined[-1] if joined else None
        if (
            last is not None
            and not (last.cite or run.cite)
            and (last.emphasis, last.strong) == (run.emphasis, run.strong)
        ):
            joined[-1] = Run(last.text + run.text, run.emphasis, run.strong)
        else:
            joined.append(run)
    return tuple(joined)


__all__ = ["Paragraph", "inline_runs", "joined_runs", "quote_paragraphs"]
