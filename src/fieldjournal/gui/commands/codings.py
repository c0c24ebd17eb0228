"""Undoable codings of passages: apply a code to words, remove a coding.

The words travel with the command: the service finds them again where they are now (an
edit may have moved them), so redo and undo-of-remove are one call each, and a code the
coding created is deleted again on undo (which removes the coding with it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldjournal.gui.commands.base import JournalCommand

if TYPE_CHECKING:
    from fieldjournal.domain.records import Outcome, Segment
    from fieldjournal.gui.operations import Operations


class ApplySegmentCommand(JournalCommand):
    """Code the words ``text`` at ``[start, end)`` (code points) of an entry."""

    def __init__(
        self, ops: Operations, entry_id: str, path: str, start: int, end: int, text: str
    ) -> None:
        super().__init__(ops, f"Apply {path}")
        self.entry_id, self.path = entry_id, path
        self.start, self.end, self.words = start, end, text
        self.segment_id: str | None = None
        self._created: str | None = None  # the code asked for, if the coding created it

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.codings.apply(
            self.entry_id,
            self.path,
            self.start,
            self.end,
            segment_id=self.segment_id,
            words=self.words,
        )
        segment = outcome.value
        self.segment_id, self.path = segment.id, segment.code_path
        self.start, self.end = segment.start, segment.end
        self._created = outcome.created[-1] if outcome.created else None
        return outcome

    def revert(self) -> Outcome[Any] | None:
        assert self.segment_id is not None
        if self._created:
            return self.journal.codes.delete(self._created)
        outcome = self.journal.codings.remove(self.segment_id)
        segment = outcome.value
        self.start, self.end, self.words = segment.start, segment.end, segment.text
        return outcome


class RemoveSegmentCommand(JournalCommand):
    """Remove a coding; undo re-creates the same segment (same id) on the same words."""

    def __init__(self, ops: Operations, segment_id: str) -> None:
        super().__init__(ops, "Remove coding")
        self.segment_id = segment_id
        self._segment: Segment | None = None

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.codings.remove(self.segment_id)
        self._segment = outcome.value
        self.setText(f"Remove coding {self._segment.code_path}")
        return outcome

    def revert(self) -> Outcome[Any] | None:
        seg = self._segment
        assert seg is not None
        return self.journal.codings.apply(
            seg.entry_id,
            seg.code_path,
            seg.start,
            seg.end,
            memo=seg.memo,
            segment_id=seg.id,
            words=seg.text,
        )
