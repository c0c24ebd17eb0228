"""Keep coded segments on the same words while a body is edited.

Offsets are code points, end exclusive. An edit is described by the difference between
the old and the new text; a segment's start follows the first of its characters that
survives and its end follows the last. Text inserted exactly at a segment's start or end
stays outside it; text inserted inside it becomes part of it. A segment whose characters
are all deleted or replaced is reported as gone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

Opcode = tuple[str, int, int, int, int]


@dataclass(frozen=True, slots=True)
class TextEdit:
    """The old text's ``[start, end)`` was replaced by ``new_length`` characters."""

    start: int
    end: int
    new_length: int


def _trimmed_opcodes(old: str, new: str) -> list[Opcode]:
    """Opcodes of a diff, computed only on the part between common prefix and suffix.

    A typical save changes one place in a long body; trimming makes the diff cost the size
    of the change instead of the size of the note.
    """
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    old_mid = old[prefix : len(old) - suffix]
    new_mid = new[prefix : len(new) - suffix]
    ops: list[Opcode] = []
    if prefix:
        ops.append(("equal", 0, prefix, 0, prefix))
    if old_mid or new_mid:
        if old_mid and new_mid and len(old_mid) * len(new_mid) <= 4_000_000:
            matcher = SequenceMatcher(None, old_mid, new_mid, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                ops.append((tag, i1 + prefix, i2 + prefix, j1 + prefix, j2 + prefix))
        else:
            tag = "replace" if old_mid and new_mid else ("delete" if old_mid else "insert")
            ops.append((tag, prefix, prefix + len(old_mid), prefix, prefix + len(new_mid)))
    if suffix:
        ops.append(("equal", len(old) - suffix, len(old), len(new) - suffix, len(new)))
    return ops


class OffsetMap:
    """Maps positions in an old text to positions in a new one."""

    def __init__(self, old: str, new: str) -> None:
        self._ops = [op for op in _trimmed_opcodes(old, new) if op[1] != op[2]]
        self._starts = [op[1] for op in self._ops]

    def _op_at(self, pos: int) -> Opcode | None:
        index = bisect_right(self._starts, pos) - 1
        if index < 0:
            return None
        op = self._ops[index]
        return op if op[1] <= pos < op[2] else None

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The new span of old ``[start, end)``, or None when all its characters are gone."""
        if end <= start:
            return None
        first = self._op_at(start)
        last = self._op_at(end - 1)
        if first is None or last is None:
            return None
        tag, i1, _, j1, j2 = first
        new_start = j1 + (start - i1) if tag == "equal" else j2
        tag, i1, _, j1, _ = last
        new_end = j1 + (end - 1 - i1) + 1 if tag == "equal" else j1
        if new_end <= new_start:
            return None
        return new_start, new_end


def rebase_spans(
    old: str, new: str, spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int] | None]:
    """New positions of each span after ``old`` became ``new`` (None: the words are gone)."""
    if old == new:
        return [(s, e) if e > s else None for s, e in spans]
    mapping = OffsetMap(old, new)
    return [mapping.map_span(s, e) for s, e in spans]


def check_span(body: str, start: int, end: int) -> None:
    from fieldjournal.domain.errors import InvalidInput

    if not (0 <= start < end <= len(body)):
        raise InvalidInput(
            f"segment {start}–{end} is outside the text (0–{len(body)}); "
            "start must be before end and both within the body"
        )


def relocate_span(body: str, start: int, end: int, text: str) -> tuple[int, int] | None:
    """Where the words ``text`` (once at ``[start, end)``) are in ``body`` now.

    Undo and redo keep a segment's words, not just its offsets, so a segment re-created
    after the text was edited lands on the same words: in place when they are still
    there, otherwise at their occurrence nearest to the old start; None when they are gone.
    """
    if not text:
        return None
    if body[start:end] == text:
        return start, end
    best: int | None = None
    found = body.find(text)
    while found != -1:
        if best is None or abs(found - start) < abs(best - start):
            best = found
        found = body.find(text, found + 1)
    return None if best is None else (best, best + len(text))
