"""Coded passages as marks in an editor: offsets, local shifting and stacking.

The journal counts code points; ``QTextDocument`` positions count UTF-16 code units, so
every character outside the Basic Multilingual Plane (emoji, some CJK, historic scripts)
is two positions in the editor and one in the journal. ``Utf16Map`` converts both ways.
Between saves the marks follow edits locally with the journal's own rule (text typed at
a mark's edge stays outside it, text typed inside joins it), so they do not jump when the
journal rebases the segments on save.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass


class Utf16Map:
    """Code-point offsets of ``text`` to UTF-16 offsets and back."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._astral16 = [cp + k for k, cp in enumerate(self._astral)]

    def to_utf16(self, cp: int) -> int:
        return cp + bisect_left(self._astral, cp)

    def to_code_point(self, u16: int) -> int:
        """A position inside a surrogate pair snaps to the start of its character."""
        return u16 - bisect_left(self._astral16, u16)


def shift_span(start: int, end: int, pos: int, removed: int, added: int) -> tuple[int, int] | None:
    """Where ``[start, end)`` lies after ``removed`` characters at ``pos`` were replaced by
    ``added`` ones; None when all its characters were removed."""

    def after_removal(x: int) -> int:
        if x <= pos:
            return x
        return pos if x < pos + removed else x - removed

    new_start, new_end = after_removal(start), after_removal(end)
    if new_end <= new_start:
        return None
    if added:
        if new_start >= pos:
            new_start += added
        if new_end > pos:
            new_end += added
    return new_start, new_end


@dataclass(slots=True)
class Mark:
    """One coded segment as painted: editor positions (UTF-16), its code and colour."""

    segment_id: str
    code_path: str
    colour: str
    start: int
    end: int
    band: int = 0  # which underline band, so overlapping marks stack instead of hiding


def assign_bands(marks: list[Mark]) -> None:
    """Give overlapping marks different bands (interval partitioning, fewest bands)."""
    band_ends: list[int] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        for band, band_end in enumerate(band_ends):
            if band_end <= mark.start:
                band_ends[band] = mark.end
                mark.band = band
                break
        else:
            mark.band = len(band_ends)
            band_ends.append(mark.end)


def shift_marks(marks: list[Mark], pos: int, removed: int, added: int) -> list[Mark]:
    kept: list[Mark] = []
    for mark in marks:
        span = shift_span(mark.start, mark.end, pos, removed, added)
        if span is not None:
            mark.start, mark.end = span
            kept.append(mark)
    return kept


def marks_at(marks: list[Mark], pos: int) -> list[Mark]:
    """Marks under editor position ``pos`` (a boundary touching a mark counts)."""
    return [m for m in marks if m.start <= pos <= m.end]
