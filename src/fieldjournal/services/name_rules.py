"""The names substitution every export uses: real names, or each actor's pseudonym.

Generated pseudonyms (``[Participant 7]``) are numbered on first need and kept, so every
export (chapters, reports, charts) names the same actor the same way.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from fieldjournal.domain.enums import ActorKind
from fieldjournal.domain.pseudonyms import (
    NameRule,
    NameSubstitution,
    RealNames,
    generated_pseudonym,
)
from fieldjournal.domain.records import ChangeSet
from fieldjournal.exchange.names.replacer import Pseudonymiser
from fieldjournal.services.context import ServiceContext
from fieldjournal.storage.repositories import actors as actor_repo
from fieldjournal.storage.repositories import chapters as chapter_repo


def substitution(ctx: ServiceContext, real_names: bool) -> NameSubstitution:
    """The substitution an export uses; numbers generated pseudonyms on first need.

    Read first: only an actor still without a pseudonym or a number needs a write, and a
    write waits for the open-time integrity check (seconds on a large journal)."""
    if real_names:
        return RealNames()
    with ctx.db.reading() as session:
        rules = _rules(session)
    assigned = False
    if rules is None:
        with ctx.db.writing() as session:
            assigned = chapter_repo.assign_generated_numbers(session)
            rules = _rules(session)
    if assigned:
        ctx.committed(ChangeSet(actors=True))
    assert rules is not None  # every actor was numbered in the write above
    return Pseudonymiser(rules)


def _rules(session: Session) -> list[NameRule] | None:
    """Every actor's rule, or None while one still needs a generated pseudonym's number."""
    numbers = chapter_repo.generated_numbers(session)
    rules = []
    for actor in actor_repo.all_records(session):
        if not actor.pseudonym and actor.id not in numbers:
            return None
        rules.append(
            NameRule(
                actor.name,
                actor.all_names,
                actor.pseudonym or generated_pseudonym(numbers[actor.id]),
                generated=not actor.pseudonym,
                person=actor.kind is ActorKind.PERSON,
                common_word=actor.common_word,
            )
        )
    return rules
