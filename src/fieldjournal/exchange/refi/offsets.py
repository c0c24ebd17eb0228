"""Coded spans carried through name replacement, so they stay on the same words.

A replacement changes lengths, so every span after it moves; a span that starts or ends
inside a replaced name widens to the whole stand-in (a coding of "Margaret" becomes a
coding of "Anne", never of nothing, and never of half a pseudonym).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from fieldjournal.domain.pseudonyms import NameHit


def replace_with_spans(
    text: str, hits: Sequence[NameHit], spans: Sequence[tuple[int, int]]
) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with each hit replaced, and ``spans`` moved onto the result.

    ``hits`` are non-overlapping and sorted by start, each with its ``replacement``.
    """
    if not hits:
        return text, list(spans)
    pieces: list[str] = []
    old_starts: list[int] = []
    new_bounds: list[tuple[int, int]] = []
    deltas: list[int] = []  # total length change after each hit
    last = 0
    delta = 0
    for hit in hits:
        pieces.append(text[last : hit.start])
        new_start = hit.start + delta
        pieces.append(hit.replacement)
        delta += len(hit.replacement) - (hit.end - hit.start)
        old_starts.append(hit.start)
        new_bounds.append((new_start, new_start + len(hit.replacement)))
        deltas.append(delta)
        last = hit.end
    pieces.append(text[last:])

    def move(position: int, *, is_end: bool) -> int:
        index = bisect.bisect_right(old_starts, position) - 1
        if index < 0:
            return position
        hit = hits[index]
        if position == hit.start:
            # At a hit's start: a start stays before the stand-in, an end too.
            return new_bounds[index][0]
        if position < hit.end:
            return new_bounds[index][1] if is_end else new_bounds[index][0]
        return position + deltas[index]

    moved = [(move(s, is_end=False), move(e, is_end=True)) for s, e in spans]
    return "".join(pieces), moved
