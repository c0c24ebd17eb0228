"""Undoable edits of the codebook: create, rename, move, recolour, describe or make a
category, delete, merge.

A command names its code by path until its first run, then by id (the path changes as
the codebook does). What to undo comes from the call's ``Outcome``: the code as it was
before a rename, move or update, and the snapshot a delete or merge took of what it
removed, which the restore service brings back in one call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldjournal.gui.commands.base import JournalCommand

if TYPE_CHECKING:
    from fieldjournal.domain.records import Code, CodeSnapshot, Outcome
    from fieldjournal.gui.operations import Operations


class CreateCodeCommand(JournalCommand):
    """Create a code; redo after undo gives it back the same id."""

    def __init__(
        self, ops: Operations, path: str, *, description: str = "", colour: str | None = None
    ) -> None:
        super().__init__(ops, f"Create code {path}")
        self.path, self.description, self.colour = path, description, colour
        self.code_id: str | None = None

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.codes.add(
            self.path, description=self.description, colour=self.colour, code_id=self.code_id
        )
        code = outcome.value
        self.code_id, self.path, self.colour = code.id, code.path, code.colour
        return outcome

    def revert(self) -> Outcome[Any] | None:
        assert self.code_id is not None
        return self.journal.codes.delete(self.code_id)


class _CodeCommand(JournalCommand):
    """A change of one existing code, which remembers the code as it was."""

    def __init__(self, ops: Operations, path: str, text: str) -> None:
        super().__init__(ops, text)
        self.code = path  # its path until the first run, then its id
        self._before: Code | None = None

    def _learn(self, after: Code, before: Code | None) -> None:
        self.code, self._before = after.id, before

    @property
    def before(self) -> Code:
        assert self._before is not None
        return self._before


class RenameCodeCommand(_CodeCommand):
    def __init__(self, ops: Operations, path: str, new_name: str) -> None:
        super().__init__(ops, path, f"Rename code {path}")
        self.new_name = new_name

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.codes.rename(self.code, self.new_name)
        self._learn(outcome.value, outcome.before)
        return outcome

    def revert(self) -> Outcome[Any] | None:
        return self.journal.codes.rename(self.code, self.before.name)


class MoveCodeCommand(_CodeCommand):
    """Move a code under ``new_parent`` (a path) or to the top level (None)."""

    def __init__(self, ops: Operations, path: str, new_parent: str | None) -> None:
        super().__init__(ops, path, f"Move code {path}")
        self.new_parent = new_parent

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.codes.move(self.code, self.new_parent)
        self._learn(outcome.value, outcome.before)
        self.new_parent = outcome.value.parent_path
        return outcome

    def revert(self) -> Outcome[Any] | None:
        return self.journal.codes.move(self.code, self.before.parent_path)


class UpdateCodeCommand(_CodeCommand):
    """Change a code's colour, description, or whether it is a category (not codable)."""

    def __init__(
        self,
        ops: Operations,
        path: str,
        *,
        description: str | None = None,
        colour: str | None = None,
        codable: bool | None = None,
    ) -> None:
        if codable is not None:
            text = f"Make {path} codable" if codable else f"Make {path} a category"
        else:
            text = f"{'Recolour' if description is None else 'Describe'} code {path}"
        super().__init__(ops, path, text)
        self.description, self.colour, self.codable = description, colour, codable

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.codes.update(
            self.code, description=self.description, colour=self.colour, codable=self.codable
        )
        self._learn(outcome.value, outcome.before)
        return outcome

    def revert(self) -> Outcome[Any] | None:
        before = self.before
        return self.journal.codes.update(
            self.code,
            description=before.description,
            colour=before.colour,
            codable=before.codable,
        )


class DeleteCodeCommand(JournalCommand):
    """Delete a code with its children and codings; undo restores all of them."""

    def __init__(self, ops: Operations, path: str) -> None:
        super().__init__(ops, f"Delete code {path}")
        self.code = path  # then its id, once the delete reported it
        self._snapshot: CodeSnapshot | None = None

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.codes.delete(self.code)
        (self._snapshot,) = outcome.taken
        self.code = self._snapshot.root.id
        return outcome

    def revert(self) -> Outcome[Any] | None:
        assert self._snapshot is not None
        return self.journal.code_restore.restore(self._snapshot)


class MergeCodesCommand(JournalCommand):
    """Merge ``source`` into ``target``; undo splits them again as they were."""

    def __init__(self, ops: Operations, source: str, target: str) -> None:
        super().__init__(ops, f"Merge {source} into {target}")
        self.source, self.target = source, target
        self._snapshots: tuple[CodeSnapshot, ...] = ()

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.codes.merge(self.source, self.target)
        self._snapshots = outcome.taken
        source, target = self._snapshots
        self.source, self.target = source.root.id, target.root.id
        return outcome

    def revert(self) -> Outcome[Any] | None:
        source, target = self._snapshots
        return self.journal.code_restore.restore(source, unmerge_from=target)
