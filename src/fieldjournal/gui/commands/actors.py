"""Undoable edits of the actor register: add, edit; merging is refused as an undo.

An edit's ``Outcome`` carries the actor as it was, so undo sets back the fields it changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.gui.commands.base import JournalCommand

if TYPE_CHECKING:
    from fieldjournal.domain.records import Actor, Outcome
    from fieldjournal.gui.operations import Operations


def fields_of(actor: Actor) -> dict[str, Any]:
    """An actor's editable fields as ``update_actor`` takes them."""
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
        "common_word": actor.common_word,
    }


class CreateActorCommand(JournalCommand):
    """Add an actor; redo after undo gives it back the same id."""

    def __init__(self, ops: Operations, name: str, **fields: Any) -> None:
        super().__init__(ops, f"Add actor {name}")
        self.name, self.fields = name, fields
        self.actor_id: str | None = None

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.actors.add(self.name, actor_id=self.actor_id, **self.fields)
        self.actor_id, self.name = outcome.value.id, outcome.value.name
        return outcome

    def revert(self) -> Outcome[Any] | None:
        assert self.actor_id is not None
        return self.journal.actors.delete(self.actor_id)


class EditActorCommand(JournalCommand):
    """Change some fields of an actor; undo sets those fields back."""

    def __init__(self, ops: Operations, name_or_id: str, **fields: Any) -> None:
        super().__init__(ops, f"Edit actor {name_or_id}")
        self.actor, self.fields = name_or_id, fields
        self._old: dict[str, Any] = {}

    def apply(self) -> Outcome[Any]:
        outcome = self.journal.actors.update(self.actor, **self.fields)
        assert outcome.before is not None
        before = fields_of(outcome.before)
        self.actor, self._old = outcome.value.id, {key: before[key] for key in self.fields}
        self.setText(f"Edit actor {outcome.before.name}")
        return outcome

    def revert(self) -> Outcome[Any] | None:
        return self.journal.actors.update(self.actor, **self._old)


class MergeActorsCommand(JournalCommand):
    """Fold one actor into another. Not undoable, on purpose.

    A merge turns the source's name into an alias of the target and moves its links,
    affiliations and memo links; no single transaction splits an actor again, and doing it
    in several steps could leave half a split behind if one failed. Undo therefore refuses
    with a message and drops the command from the history; the panel asks for
    confirmation before merging.
    """

    REFUSAL = "merging actors cannot be undone; edit the actors instead"

    def __init__(self, ops: Operations, source: str, target: str) -> None:
        super().__init__(ops, f"Merge {source} into {target}")
        self.source, self.target = source, target

    def apply(self) -> Outcome[Any]:
        return self.journal.actors.merge(self.source, self.target)

    def revert(self) -> Outcome[Any] | None:
        raise InvalidInput(self.REFUSAL)
