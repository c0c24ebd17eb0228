"""Snippets cut from the database text around the matched words.

The index stores no bodies; the text comes from the database, so a snippet is always the
text as it is now. Words are compared as index terms (folded, stemmed), so ``trusting``
marks ``trusted`` and ``ecouter`` marks ``écouter``.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Collection

from fieldjournal.domain.search import MATCH_END, MATCH_START
from fieldjournal.search.analysis import marked_spans

SNIPPET_CHARS = 300


Span = tuple[int, int, str]  # start, end, index term


def _window(spans: list[Span], length: int, size: int) -> tuple[int, int]:
    """The stretch of ``size`` characters holding the most different matched terms.

    Ties go to the stretch with more matches, then to the earlier one: a search for
    ``"voluntary sector" board`` shows the passage with all three words, not the first
    lone "board".
    """
    if not spans:
        return 0, min(length, size)
    counts: Counter[str] = Counter()
    best_key, best, best_count, j = (0, 0), 0, 0, 0
    for i, (start, _, _) in enumerate(spans):
        if j <= i:  # a single word longer than the window
            counts[spans[i][2]] += 1
            j = i + 1
        while j < len(spans) and spans[j][1] - start <= size:
            counts[spans[j][2]] += 1
            j += 1
        key = (len(counts), j - i)
        if key > best_key:
            best_key, best, best_count = key, i, j - i
        term = spans[i][2]
        counts[term] -= 1
        if not counts[term]:
            del counts[term]
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


def make_snippet(text: str, marks: Collection[str], size: int = SNIPPET_CHARS) -> tuple[str, str]:
    """(plain snippet with MATCH_START/MATCH_END, HTML snippet with <b class="match">)."""
    flat = " ".join(text.split())  # runs of whitespace as one space (a regex: 4x slower)
    spans = marked_spans(flat, marks) if marks else []
    start, end = _trim(flat, *_window(spans, len(flat), size))
    plain: list[str] = ["…"] if start > 0 else []
    rich: list[str] = ["…"] if start > 0 else []
    cursor = start
    for s, e, _ in spans:
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
