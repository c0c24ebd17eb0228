"""Keep coded segments on the same words while a body is edited.

Offsets are code points, end exclusive. An edit is described by the difference between
the old and the new text; a segment's start follows the first of its characters that
survives and its end follows the last. Text inserted exactly at a segment's start or end
stays outside it; text inserted inside it becomes part of it. A segment whose characters
are all deleted or replaced is reported as gone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

Opcode = tuple[str, int, int, int, int]

# Words and single punctuation marks, each with the white space after it: the units a
# changed region is compared in, so unrelated new text does not seem to keep a letter
# (or a space) of the old one.
_TOKEN = re.compile(r"\s+|\w+\s*|[^\w\s]\s*")
# Above this many token pairs the changed region is taken as one replacement.
_TOKEN_DIFF_LIMIT = 20_000 * 20_000


@dataclass(frozen=True, slots=True)
class TextEdit:
    """The old text's ``[start, end)`` was replaced by ``new_length`` characters."""

    start: int
    end: int
    new_length: int


def _common_prefix(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    n = 0
    while n < limit and a[n] == b[n]:
        n += 1
    return n


def _common_suffix(a: str, b: str, limit: int) -> int:
    n = 0
    while n < limit and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _token_starts(tokens: list[str]) -> list[int]:
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    return starts


def _changed_region_opcodes(old: str, new: str, i0: int, j0: int) -> list[Opcode]:
    """Opcodes of two texts that differ at both ends, offset by ``i0``/``j0``.

    Compared word by word; a single word edited in place is compared letter by letter
    so a segment starting inside it stays put.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if not a or not b or len(a) * len(b) > _TOKEN_DIFF_LIMIT:
        tag = "replace" if old and new else ("delete" if old else "insert")
        return [(tag, i0, i0 + len(old), j0, j0 + len(new))]
    a_at, b_at = _token_starts(a), _token_starts(b)
    ops: list[Opcode] = []
    matcher = SequenceMatcher(None, a, b)
    for tag, t1, t2, u1, u2 in matcher.get_opcodes():
        i1, i2, j1, j2 = a_at[t1] + i0, a_at[t2] + i0, b_at[u1] + j0, b_at[u2] + j0
        if tag == "replace" and t2 - t1 == 1 and u2 - u1 == 1:
            letters = SequenceMatcher(None, a[t1], b[u1], autojunk=False)
            for sub, x1, x2, y1, y2 in letters.get_opcodes():
                ops.append((sub, i1 + x1, i1 + x2, j1 + y1, j1 + y2))
        else:
            ops.append((tag, i1, i2, j1, j2))
    return ops


def _trimmed_opcodes(old: str, new: str) -> list[Opcode]:
    """Opcodes of a diff, computed only on the part between common prefix and suffix.

    A typical save changes one place in a long body; trimming makes the diff cost the size
    of the change instead of the size of the note.
    """
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
    old_mid = old[prefix : len(old) - suffix]
    new_mid = new[prefix : len(new) - suffix]
    ops: list[Opcode] = []
    if prefix:
        ops.append(("equal", 0, prefix, 0, prefix))
    if old_mid and new_mid:
        ops.extend(_changed_region_opcodes(old_mid, new_mid, prefix, prefix))
    elif old_mid or new_mid:
        tag = "delete" if old_mid else "insert"
        ops.append((tag, prefix, prefix + len(old_mid), prefix, prefix + len(new_mid)))
    if suffix:
        ops.append(("equal", len(old) - suffix, len(old), len(new) - suffix, len(new)))
    return ops


@dataclass(frozen=True, slots=True)
class _Slide:
    """A pure insertion or deletion of ``length`` characters that could have happened
    anywhere from ``lowest`` to ``highest`` (deleting one "the " of "the the ")."""

    lowest: int
    highest: int
    length: int
    inserted: bool

    @classmethod
    def of(cls, old: str, new: str) -> _Slide | None:
        short, long = (old, new) if len(old) < len(new) else (new, old)
        if len(short) == len(long):
            return None
        prefix = _common_prefix(short, long)
        suffix = _common_suffix(short, long, len(short))
        if prefix + suffix < len(short):
            return None
        lowest = len(short) - suffix
        return cls(lowest, prefix, len(long) - len(short), short is old)

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The span if some reading of the edit leaves it untouched, else None."""
        k = self.length
        if self.inserted:
            if self.lowest <= start:
                return start + k, end + k
            if self.highest >= end:
                return start, end
        else:
            if self.lowest <= start - k:
                return start - k, end - k
            if self.highest >= end:
                return start, end
        return None


_WORD = re.compile(r"\w")


def _keeps_words(
    old: str, new: str, span: tuple[int, int], moved: tuple[int, int] | None
) -> tuple[int, int] | None:
    """None when every word of the span is gone and only spaces or punctuation are left
    (the full stop after a deleted sentence can line up with the one before it)."""
    if moved is None or _WORD.search(new, *moved) or not _WORD.search(old, *span):
        return moved
    return None


class OffsetMap:
    """Maps positions in an old text to positions in a new one."""

    def __init__(self, old: str, new: str) -> None:
        self._old, self._new = old, new
        self._ops = [op for op in _trimmed_opcodes(old, new) if op[1] != op[2]]
        self._starts = [op[1] for op in self._ops]
        self._slide = _Slide.of(old, new)

    def _op_at(self, pos: int) -> Opcode | None:
        index = bisect_right(self._starts, pos) - 1
        if index < 0:
            return None
        op = self._ops[index]
        return op if op[1] <= pos < op[2] else None

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The new span of old ``[start, end)``, or None when all its words are gone."""
        return _keeps_words(self._old, self._new, (start, end), self._map(start, end))

    def _map(self, start: int, end: int) -> tuple[int, int] | None:
        if end <= start:
            return None
        if self._slide is not None:
            untouched = self._slide.map_span(start, end)
            if untouched is not None:
                return untouched
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


def follow_position(old: str, new: str, pos: int) -> int:
    """Where a cursor at ``pos`` in ``old`` belongs once the text is ``new`` (reloaded with
    someone else's edit): in the same words before or after what changed, or at the end
    of the changed part when it stood inside it."""
    prefix = _common_prefix(old, new)
    if pos <= prefix:
        return pos
    suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
    if pos >= len(old) - suffix:
        return min(len(new), pos + len(new) - len(old))
    return len(new) - suffix


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
