"""Undoable structural edits: each command calls the ``Journal`` facade in ``redo`` and
its inverse in ``undo``.

Commands keep ids, names, paths and words, never row objects, so they still work after the
entry or the codebook changed in between. Push them with :func:`push`: the first run
happens before the command reaches the stack, so a refused edit raises its
``FieldjournalError`` to the caller and leaves no dead entry in the history. Later
undo/redo failures (the entry was purged, a name is taken again) are reported through
:func:`undo_errors` and the command is dropped from the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from fieldjournal.domain.codepaths import normalise_path
from fieldjournal.domain.enums import LinkRole
from fieldjournal.domain.errors import FieldjournalError, InvalidInput, NotFound
from fieldjournal.domain.offsets import relocate_span
from fieldjournal.domain.records import CodeSnapshot, Segment

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal


class UndoErrors(QObject):
    """Where undo/redo failures go; the main window shows them in the status bar."""

    failed = Signal(str)


_ERRORS: UndoErrors | None = None


def undo_errors() -> UndoErrors:
    global _ERRORS
    if _ERRORS is None:
        _ERRORS = UndoErrors()
    return _ERRORS


def push(stack: QUndoStack, command: JournalCommand) -> JournalCommand:
    """Run ``command`` once (errors propagate, nothing is pushed), then put it on ``stack``."""
    command.first_run()
    stack.push(command)
    return command


class JournalCommand(QUndoCommand):
    """Base of every structural edit; subclasses write ``apply`` and ``revert``."""

    def __init__(self, journal: Journal, text: str) -> None:
        super().__init__(text)
        self.journal = journal
        self._done = False

    def first_run(self) -> None:
        self.apply()
        self._done = True

    def redo(self) -> None:
        if self._done:
            return  # already applied by push()
        self._guarded(self.apply)
        self._done = True

    def undo(self) -> None:
        self._guarded(self.revert)
        self._done = False

    def _guarded(self, action: Callable[[], None]) -> None:
        try:
            action()
        except FieldjournalError as error:
            self.setObsolete(True)
            undo_errors().failed.emit(f"Cannot {self.text().lower()}: {error}")

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


# --- links -----------------------------------------------------------------------------
class LinkActorCommand(JournalCommand):
    """Link an actor (as present or mentioned); undo restores the earlier link, if any."""

    def __init__(
        self, journal: Journal, entry_id: str, name: str, role: LinkRole | str = LinkRole.PRESENT
    ) -> None:
        super().__init__(journal, f"Link {name}")
        self.entry_id, self.name, self.role = entry_id, name, LinkRole(role)
        self._before: LinkRole | None = None
        self._created = False

    def apply(self) -> None:
        self._created = not _actor_exists(self.journal, self.name)
        self._before = _actor_role(self.journal, self.entry_id, self.name)
        self.journal.link_actor(self.entry_id, self.name, self.role)

    def revert(self) -> None:
        if self._before is not None:
            self.journal.link_actor(self.entry_id, self.name, self._before)
        elif self._created:  # linking made the actor: undo takes it away again
            self.journal.delete_actor(self.name)
        else:
            self.journal.unlink_actor(self.entry_id, self.name)


class UnlinkActorCommand(JournalCommand):
    def __init__(self, journal: Journal, entry_id: str, name: str) -> None:
        super().__init__(journal, f"Unlink {name}")
        self.entry_id, self.name = entry_id, name
        self._role = LinkRole.PRESENT

    def apply(self) -> None:
        role = _actor_role(self.journal, self.entry_id, self.name)
        if role is None:
            raise NotFound(f"{self.name} is not linked to this entry")
        self._role = role
        self.journal.unlink_actor(self.entry_id, self.name)

    def revert(self) -> None:
        self.journal.link_actor(self.entry_id, self.name, self._role)


def _actor_exists(journal: Journal, name: str) -> bool:
    try:
        journal.get_actor(name)
    except NotFound:
        return False
    return True


def _actor_role(journal: Journal, entry_id: str, name: str) -> LinkRole | None:
    try:
        actor = journal.get_actor(name)
    except NotFound:
        return None
    for ref in journal.get_entry(entry_id).actors:
        if ref.id == actor.id:
            return ref.role
    return None


class AddEntryCodeCommand(JournalCommand):
    def __init__(self, journal: Journal, entry_id: str, path: str) -> None:
        super().__init__(journal, f"Code entry {path}")
        self.entry_id, self.path = entry_id, path
        self._created: str | None = None

    def apply(self) -> None:
        self.path = normalise_path(self.path)
        self._created = None if _code_exists(self.journal, self.path) else self.path
        self.journal.add_entry_code(self.entry_id, self.path)

    def revert(self) -> None:
        self.journal.remove_entry_code(self.entry_id, self.path)
        if self._created:
            self.journal.delete_code(self._created)


class RemoveEntryCodeCommand(JournalCommand):
    def __init__(self, journal: Journal, entry_id: str, path: str) -> None:
        super().__init__(journal, f"Uncode entry {path}")
        self.entry_id, self.path = entry_id, path

    def apply(self) -> None:
        self.journal.remove_entry_code(self.entry_id, self.path)

    def revert(self) -> None:
        self.journal.add_entry_code(self.entry_id, self.path)


def _code_exists(journal: Journal, path: str) -> bool:
    try:
        journal.get_code(path)
    except (NotFound, InvalidInput):
        return False
    return True


# --- coded segments --------------------------------------------------------------------
class ApplySegmentCommand(JournalCommand):
    """Code the words ``text`` at ``[start, end)`` (code points) of an entry.

    Redo after the text changed finds the same words again; a code the coding created is
    removed again on undo.
    """

    def __init__(
        self, journal: Journal, entry_id: str, path: str, start: int, end: int, text: str
    ) -> None:
        super().__init__(journal, f"Apply {path}")
        self.entry_id, self.path = entry_id, path
        self.start, self.end, self.words = start, end, text
        self.segment_id: str | None = None
        self._created = False

    def apply(self) -> None:
        body = self.journal.get_entry(self.entry_id).body
        span = relocate_span(body, self.start, self.end, self.words)
        if span is None:
            raise InvalidInput(f"the words {self.words!r} are no longer in this entry")
        self._created = not _code_exists(self.journal, self.path)
        if self.segment_id is None and any(
            (s.code_path, s.start, s.end) == (normalise_path(self.path), *span)
            for s in self.journal.get_entry(self.entry_id).segments
        ):
            raise InvalidInput(f"these words are coded {self.path} already")
        segment = self.journal.code_segment(
            self.entry_id, self.path, *span, segment_id=self.segment_id
        )
        self.segment_id, self.path = segment.id, segment.code_path
        self.start, self.end = segment.start, segment.end

    def revert(self) -> None:
        assert self.segment_id is not None
        segment = self.journal.remove_segment(self.segment_id)
        self.start, self.end, self.words = segment.start, segment.end, segment.text
        if self._created:
            self.journal.delete_code(self.path)


class RemoveSegmentCommand(JournalCommand):
    """Remove a coding; undo re-creates the same segment (same id) on the same words."""

    def __init__(self, journal: Journal, segment_id: str) -> None:
        super().__init__(journal, "Remove coding")
        self.segment_id = segment_id
        self._segment: Segment | None = None

    def apply(self) -> None:
        self._segment = self.journal.remove_segment(self.segment_id)
        self.setText(f"Remove coding {self._segment.code_path}")

    def revert(self) -> None:
        seg = self._segment
        assert seg is not None
        body = self.journal.get_entry(seg.entry_id).body
        span = relocate_span(body, seg.start, seg.end, seg.text)
        if span is None:
            raise InvalidInput(f"the words {seg.text!r} are no longer in the entry")
        self.journal.code_segment(
            seg.entry_id, seg.code_path, *span, memo=seg.memo, segment_id=seg.id
        )


# --- codebook --------------------------------------------------------------------------
class CreateCodeCommand(JournalCommand):
    """Create a code; redo after undo gives it back the same id."""

    def __init__(
        self, journal: Journal, path: str, *, description: str = "", colour: str | None = None
    ) -> None:
        super().__init__(journal, f"Create code {path}")
        self.path, self.description, self.colour = path, description, colour
        self.code_id: str | None = None

    def apply(self) -> None:
        code = self.journal.add_code(
            self.path, description=self.description, colour=self.colour, id=self.code_id
        )
        self.code_id, self.path, self.colour = code.id, code.path, code.colour

    def revert(self) -> None:
        assert self.code_id is not None
        self.journal.delete_code(self.journal.get_code(self.code_id).path)


class RenameCodeCommand(JournalCommand):
    def __init__(self, journal: Journal, path: str, new_name: str) -> None:
        super().__init__(journal, f"Rename code {path}")
        self.code_id = journal.get_code(path).id
        self.new_name = new_name
        self._old_name = ""

    def apply(self) -> None:
        self._old_name = self.journal.get_code(self.code_id).name
        self.journal.rename_code(self.code_id, self.new_name)

    def revert(self) -> None:
        self.journal.rename_code(self.code_id, self._old_name)


class MoveCodeCommand(JournalCommand):
    """Move a code under ``new_parent`` (a path) or to the top level (None)."""

    def __init__(self, journal: Journal, path: str, new_parent: str | None) -> None:
        super().__init__(journal, f"Move code {path}")
        self.code_id = journal.get_code(path).id
        self.parent_id = journal.get_code(new_parent).id if new_parent else None
        self._old_parent: str | None = None

    def apply(self) -> None:
        parent = self.journal.get_code(self.code_id).parent_path
        self._old_parent = self.journal.get_code(parent).id if parent else None
        self.journal.move_code(self.code_id, self.parent_id)

    def revert(self) -> None:
        self.journal.move_code(self.code_id, self._old_parent)


class UpdateCodeCommand(JournalCommand):
    """Change a code's colour and/or description."""

    def __init__(
        self,
        journal: Journal,
        path: str,
        *,
        description: str | None = None,
        colour: str | None = None,
    ) -> None:
        what = "Recolour" if description is None else "Describe"
        super().__init__(journal, f"{what} code {path}")
        self.code_id = journal.get_code(path).id
        self.description, self.colour = description, colour
        self._old: tuple[str, str] = ("", "")

    def apply(self) -> None:
        code = self.journal.get_code(self.code_id)
        self._old = (code.description, code.colour)
        self.journal.update_code(self.code_id, description=self.description, colour=self.colour)

    def revert(self) -> None:
        description, colour = self._old
        self.journal.update_code(self.code_id, description=description, colour=colour)


class DeleteCodeCommand(JournalCommand):
    """Delete a code with its children and codings; undo restores all of them."""

    def __init__(self, journal: Journal, path: str) -> None:
        super().__init__(journal, f"Delete code {path}")
        self.code_id = journal.get_code(path).id
        self._snapshot: CodeSnapshot | None = None

    def apply(self) -> None:
        self._snapshot = self.journal.snapshot_code(self.code_id)
        self.journal.delete_code(self._snapshot.root.path)

    def revert(self) -> None:
        assert self._snapshot is not None
        self.journal.restore_code(self._snapshot)


class MergeCodesCommand(JournalCommand):
    """Merge ``source`` into ``target``; undo splits them again as they were."""

    def __init__(self, journal: Journal, source: str, target: str) -> None:
        super().__init__(journal, f"Merge {source} into {target}")
        self.source_id = journal.get_code(source).id
        self.target_id = journal.get_code(target).id
        self._snapshots: tuple[CodeSnapshot, CodeSnapshot] | None = None

    def apply(self) -> None:
        source = self.journal.snapshot_code(self.source_id)
        target = self.journal.snapshot_code(self.target_id)
        self.journal.merge_codes(source.root.path, target.root.path)
        self._snapshots = (source, target)

    def revert(self) -> None:
        assert self._snapshots is not None
        source, target = self._snapshots
        self.journal.restore_code(source, unmerge_from=target)


# --- actors ----------------------------------------------------------------------------
def actor_fields(journal: Journal, name_or_id: str) -> dict[str, Any]:
    """An actor's editable fields as ``update_actor`` takes them."""
    actor = journal.get_actor(name_or_id)
    return {
        "name": actor.name,
        "kind": actor.kind.value,
        "sector": actor.sector.value if actor.sector else None,
        "role": actor.role,
        "affiliation": actor.affiliation,
        "pseudonym": actor.pseudonym,
        "aliases": list(actor.aliases),
        "consent": actor.consent.value,
        "notes": actor.notes,
    }


class CreateActorCommand(JournalCommand):
    """Add an actor; redo after undo gives it back the same id."""

    def __init__(self, journal: Journal, name: str, **fields: Any) -> None:
        super().__init__(journal, f"Add actor {name}")
        self.name, self.fields = name, fields
        self.actor_id: str | None = None

    def apply(self) -> None:
        actor = self.journal.add_actor(self.name, id=self.actor_id, **self.fields)
        self.actor_id, self.name = actor.id, actor.name

    def revert(self) -> None:
        assert self.actor_id is not None
        self.journal.delete_actor(self.actor_id)


class EditActorCommand(JournalCommand):
    """Change some fields of an actor; undo sets those fields back."""

    def __init__(self, journal: Journal, name_or_id: str, **fields: Any) -> None:
        actor = journal.get_actor(name_or_id)
        super().__init__(journal, f"Edit actor {actor.name}")
        self.actor_id, self.fields = actor.id, fields
        self._old: dict[str, Any] = {}

    def apply(self) -> None:
        before = actor_fields(self.journal, self.actor_id)
        self._old = {key: before[key] for key in self.fields}
        self.journal.update_actor(self.actor_id, **self.fields)

    def revert(self) -> None:
        self.journal.update_actor(self.actor_id, **self._old)


class MergeActorsCommand(JournalCommand):
    """Fold one actor into another. Not undoable, on purpose.

    A merge turns the source's name into an alias of the target and moves its links,
    affiliations and memo links; the facade has no single transaction that splits an
    actor again, and doing it in several steps could leave half a split behind if one
    failed. Undo therefore refuses with a message and drops the command from the history;
    the panel asks for confirmation before merging.
    """

    REFUSAL = "merging actors cannot be undone; edit the actors instead"

    def __init__(self, journal: Journal, source: str, target: str) -> None:
        super().__init__(journal, f"Merge {source} into {target}")
        self.source, self.target = source, target

    def apply(self) -> None:
        self.journal.merge_actors(self.source, self.target)

    def revert(self) -> None:
        raise InvalidInput(self.REFUSAL)


# --- trash -----------------------------------------------------------------------------
class TrashEntryCommand(JournalCommand):
    def __init__(self, journal: Journal, entry_id: str, title: str = "") -> None:
        super().__init__(journal, f"Move {title or 'entry'} to the trash")
        self.entry_id = entry_id

    def apply(self) -> None:
        self.journal.delete_entry(self.entry_id)

    def revert(self) -> None:
        self.journal.restore_entry(self.entry_id)


class RestoreEntryCommand(JournalCommand):
    def __init__(self, journal: Journal, entry_id: str, title: str = "") -> None:
        super().__init__(journal, f"Restore {title or 'entry'}")
        self.entry_id = entry_id

    def apply(self) -> None:
        self.journal.restore_entry(self.entry_id)

    def revert(self) -> None:
        self.journal.delete_entry(self.entry_id)
