"""Typing as steps of the window's history: what one edit changed, which edits make one
step (a word and the spaces after it, or a run of deletions), and where the coded
segments it touched were before and after it.

The segments are anchored to code points of the text, so a step carries them: undoing
it puts back each segment it touched exactly where it was, and redoing it exactly where
the edit left it (a segment whose words the edit deleted is removed, and comes back on
undo). Segments it did not touch only move along, which a comparison of the two texts
gets right. No Qt here; offsets are code points, as in the journal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from fieldjournal.domain.records import Segment
from fieldjournal.gui.editor.segment_marks import shift_span

_WORD = re.compile(r"\w")
Places = Mapping[str, Segment]


@dataclass(frozen=True, slots=True)
class TextChange:
    """The characters ``removed`` at ``pos`` were replaced by ``added``."""

    pos: int
    removed: str
    added: str

    def apply(self, text: str) -> str:
        return text[: self.pos] + self.added + text[self.pos + len(self.removed) :]

    def inverse(self) -> TextChange:
        return TextChange(self.pos, self.added, self.removed)

    def touches(self, segment: Segment) -> bool:
        """Whether the segment overlaps or borders what was removed (it may change size)."""
        return segment.start <= self.pos + len(self.removed) and segment.end >= self.pos


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by halving (string comparisons run in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def find_change(old: str, new: str, start: int, old_end: int) -> TextChange | None:
    """The change that made ``new`` of ``old``, which the editor said lies in old
    ``[start, old_end)``; None when the texts are equal.

    The editor's report keeps the real place of an insertion that a comparison could not
    tell (typing "a" before "a"); a report that does not fit the texts falls back to the
    smallest change, and equal characters at either end of a report are trimmed off
    (a highlighter's pass reports whole paragraphs).
    """
    if old == new:
        return None
    start = min(start, len(old), len(new))
    old_end = max(start, min(old_end, len(old)))
    new_end = old_end + len(new) - len(old)
    if new_end < start or old[:start] != new[:start] or old[old_end:] != new[new_end:]:
        start = _common_prefix(old, new)
        suffix = _common_prefix(old[start:][::-1], new[start:][::-1])
        old_end, new_end = len(old) - suffix, len(new) - suffix
    while start < old_end and start < new_end and old[start] == new[start]:
        start += 1
    while old_end > start and new_end > start and old[old_end - 1] == new[new_end - 1]:
        old_end, new_end = old_end - 1, new_end - 1
    return TextChange(start, old[start:old_end], new[start:new_end])


def joins(last: TextChange, new: TextChange, *, after_word: bool) -> bool:
    """Whether ``new`` goes on with ``last`` in one step of the history; ``after_word``:
    the step has typed a word already.

    Typing on goes on until a second word starts (so a step is a word with the spaces
    around it); deleting character by character in one direction goes on. A paste, a
    completion or a replaced selection is a step of its own, and typing may go on after
    a typed-over selection.
    """
    if not new.removed and len(new.added) == 1 and len(last.added) == 1:
        next_word = after_word and last.added.isspace() and not new.added.isspace()
        return new.pos == last.pos + 1 and not next_word
    if not new.added and not last.added and len(new.removed) == len(last.removed) == 1:
        return new.pos in (last.pos, last.pos - 1)  # Delete, or Backspace
    return False


def moved(segment: Segment, change: TextChange, new_text: str) -> Segment | None:
    """Where ``change`` (which made ``new_text``) leaves a segment, with the journal's
    rules: text typed at its edge stays outside, typed inside joins it; gone when none of
    its words are left (a full stop alone does not keep a coded sentence)."""
    span = shift_span(
        segment.start, segment.end, change.pos, len(change.removed), len(change.added)
    )
    if span is None:
        return None
    words = new_text[span[0] : span[1]]
    if _WORD.search(segment.text) and not _WORD.search(words):
        return None
    return replace(segment, start=span[0], end=span[1], text=words)


def carried(segment: Segment, change: TextChange) -> Segment:
    """A segment ``change`` did not touch: it keeps its words and only moves along."""
    if segment.start < change.pos:
        return segment
    delta = len(change.added) - len(change.removed)
    return replace(segment, start=segment.start + delta, end=segment.end + delta)


@dataclass(frozen=True, slots=True)
class Step:
    """One edit and the segments it touched: as they were and as it left them."""

    change: TextChange
    before: Mapping[str, Segment]
    after: Mapping[str, Segment | None]

    @classmethod
    def of(cls, change: TextChange, places: Places, new_text: str) -> Step:
        before = {key: seg for key, seg in places.items() if change.touches(seg)}
        return cls(
            change, before, {key: moved(seg, change, new_text) for key, seg in before.items()}
        )

    def places_after(self, places: Places) -> dict[str, Segment]:
        """Every segment of ``places`` (before the edit) where the edit left it."""
        kept: dict[str, Segment] = {}
        for key, seg in places.items():
            now = self.after[key] if key in self.before else carried(seg, self.change)
            if now is not None:
                kept[key] = now
        return kept


def places_before(steps: Sequence[Step]) -> dict[str, Segment]:
    """Where the segments the steps touched were before the first of them."""
    placed: dict[str, Segment] = {}
    for step in reversed(steps):
        back = step.change.inverse()
        placed = {key: carried(seg, back) for key, seg in placed.items()}
        placed.update(step.before)
    return placed


def places_after(steps: Sequence[Step]) -> dict[str, Segment | None]:
    """Where the steps left the segments they touched (None: removed with its words)."""
    placed: dict[str, Segment | None] = {}
    for step in steps:
        placed = {
            key: carried(seg, step.change) if seg is not None else None
            for key, seg in placed.items()
        }
        placed.update(step.after)
    return placed
