"""Snippets cut from the database text around the matched words.

The index stores no bodies; the text comes from the database, so a snippet is always the
text as it is now. Words are compared as index terms (folded, stemmed), so ``trusting``
marks ``trusted`` and ``ecouter`` marks ``écouter``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection

from fieldjournal.domain.search import MATCH_END, MATCH_START
from fieldjournal.search.analysis import word_spans

SNIPPET_CHARS = 300
_SPACES = re.compile(r"\s+")


def _window(spans: list[tuple[int, int]], length: int, size: int) -> tuple[int, int]:
    """The stretch of ``size`` characters holding the most matches."""
    if not spans:
        return 0, min(length, size)
    best, best_count, j = 0, 0, 0
    for i, (start, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] - start <= size:
            j += 1
        if j - i > best_count:
            best, best_count = i, j - i
    first = spans[best][0]
    last = spans[best + best_count - 1][1]
    slack = max(0, size - (last - first))
    start = max(0, first - min(slack // 3, 80))
    return start, min(length, start + size)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Move the cut points to word boundaries."""
    if start > 0:
        space = text.find(" ", start, min(end, start + 30))
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", max(start, end - 30), end)
        end = space if space != -1 else end
    return start, end


def matches(text: str, marks: Collection[str], size: int) -> list[tuple[int, int]]:
    """Spans of marked words from the first match to ``size`` characters after it."""
    spans: list[tuple[int, int]] = []
    for start, end, term in word_spans(text):
        if spans and start > spans[0][0] + size:
            break
        if term in marks:
            spans.append((start, end))
    return spans


def make_snippet(text: str, marks: Collection[str], size: int = SNIPPET_CHARS) -> tuple[str, str]:
    """(plain snippet with MATCH_START/MATCH_END, HTML snippet with <b class="match">)."""
    flat = _SPACES.sub(" ", text).strip()
    spans = matches(flat, marks, size) if marks else []
    start, end = _trim(flat, *_window(spans, len(flat), size))
    plain: list[str] = ["…"] if start > 0 else []
    rich: list[str] = ["…"] if start > 0 else []
    cursor = start
    for s, e in spans:
        if s < start or e > end:
            continue
        plain += [flat[cursor:s], MATCH_START, flat[s:e], MATCH_END]
        rich += [html.escape(flat[cursor:s]), '<b class="match">', html.escape(flat[s:e]), "</b>"]
        cursor = e
    plain.append(flat[cursor:end])
    rich.append(html.escape(flat[cursor:end]))
    if end < len(flat):
        plain.append("…")
        rich.append("…")
    return "".join(plain), "".join(rich)
