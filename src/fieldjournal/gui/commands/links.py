"""Undoable links of an entry: actors (present or mentioned) and whole-entry codes.

Each step learns what to undo from the link's ``Outcome``: an actor or code the link
created is deleted again (which takes its link with it), a role it replaced is set back,
and otherwise the link is removed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldjournal.domain.enums import LinkRole
from fieldjournal.gui.commands.base import JournalCommand

if TYPE_CHECKING:
    from fieldjournal.domain.records import Entry, Outcome
    from fieldjournal.gui.operations import Operations


def _roles(entry: Entry | None) -> dict[str, LinkRole]:
    return {ref.id: ref.role for ref in entry.actors} if entry is not None else {}


class LinkActorCommand(JournalCommand):
    """Link an actor (as present or mentioned); undo restores the earlier link, if any."""

    def __init__(
        self, ops: Operations, entry_id: str, name: str, role: LinkRole | str = LinkRole.PRESENT
    ) -> None:
        super().__init__(ops, f"Link {name}")
        self.entry_id, self.name, self.role = entry_id, name, LinkRole(role)
        # (actor id, whether the link created it, the role it replaced); None: nothing to undo
        self._undo: tuple[str, bool, LinkRole | None] | None = None

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.entries.link_actor(self.entry_id, self.name, self.role)
        before, after = _roles(outcome.before), _roles(outcome.value)
        changed = [actor_id for actor_id, role in after.items() if before.get(actor_id) != role]
        self._undo = None
        if changed:
            (actor_id,) = changed
            self.name = next(r.name for r in outcome.value.actors if r.id == actor_id)
            self._undo = (actor_id, actor_id in outcome.created, before.get(actor_id))
        return outcome

    def revert(self) -> Outcome[Any] | None:
        if self._undo is None:
            return None  # it was linked so already
        actor_id, created, role = self._undo
        if created:
            return self.journal.actors.delete(actor_id)
        elif role is not None:  # by name: linking by name is how an actor is found
            return self.journal.entries.link_actor(self.entry_id, self.name, role)
        else:
            return self.journal.entries.unlink_actor(self.entry_id, actor_id)


class UnlinkActorCommand(JournalCommand):
    def __init__(self, ops: Operations, entry_id: str, name: str) -> None:
        super().__init__(ops, f"Unlink {name}")
        self.entry_id, self.name = entry_id, name
        self._role = LinkRole.PRESENT

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.entries.unlink_actor(self.entry_id, self.name)
        after = _roles(outcome.value)
        assert outcome.before is not None
        (gone,) = [ref for ref in outcome.before.actors if ref.id not in after]
        self.name, self._role = gone.name, gone.role
        return outcome

    def revert(self) -> Outcome[Any] | None:
        return self.journal.entries.link_actor(self.entry_id, self.name, self._role)


class AddEntryCodeCommand(JournalCommand):
    def __init__(self, ops: Operations, entry_id: str, path: str) -> None:
        super().__init__(ops, f"Code entry {path}")
        self.entry_id, self.path = entry_id, path
        self._created: str | None = None  # the code asked for, if the link created it

    def apply(self) -> Outcome[Any]:
        outcome: Outcome[Entry] = self.journal.entries.add_code(self.entry_id, self.path)
        self._created = outcome.created[-1] if outcome.created else None
        return outcome

    def revert(self) -> Outcome[Any] | None:
        if self._created:  # deleting the code it created removes the link as well
            return self.journal.codes.delete(self._created)
        else:
            return self.journal.entries.remove_code(self.entry_id, self.path)


class RemoveEntryCodeCommand(JournalCommand):
    def __init__(self, ops: Operations, entry_id: str, path: str) -> None:
        super().__init__(ops, f"Uncode entry {path}")
        self.entry_id, self.path = entry_id, path

    def apply(self) -> Outcome[Any]:
        return self.journal.entries.remove_code(self.entry_id, self.path)

    def revert(self) -> Outcome[Any] | None:
        return self.journal.entries.add_code(self.entry_id, self.path)
