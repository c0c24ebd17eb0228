"""Actors: the register of people, organisations and groups in the field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from fieldjournal.domain.enums import ActorKind, Consent, Sector, parse_enum
from fieldjournal.domain.errors import Conflict, InvalidInput
from fieldjournal.domain.records import Actor, ChangeSet, Outcome
from fieldjournal.domain.text import check_text, single_line
from fieldjournal.domain.timeutil import now
from fieldjournal.services.context import ServiceContext, bump_versions
from fieldjournal.storage.models import ActorRow, EntryActorRow, MemoLinkRow
from fieldjournal.storage.repositories import actors as actor_repo
from fieldjournal.storage.repositories.ids import check_uuid

EDITABLE = frozenset(
    {"name", "kind", "sector", "role", "affiliation", "pseudonym", "aliases", "consent", "notes"}
    | {"common_word"}
)


def _linked_entries(session: Session, actor_id: str) -> set[str]:
    return set(
        session.scalars(select(EntryActorRow.entry_id).where(EntryActorRow.actor_id == actor_id))
    )


class ActorService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def all(self) -> list[Actor]:
        with self.ctx.db.reading() as session:
            return actor_repo.all_records(session)

    def get(self, name_or_id: str) -> Actor:
        with self.ctx.db.reading() as session:
            return actor_repo.record(session, actor_repo.get(session, name_or_id))

    def add(self, name: str, *, actor_id: str | None = None, **fields: Any) -> Outcome[Actor]:
        """Add an actor; ``actor_id`` lets an undone creation come back with its identity."""
        clean = single_line(name, "actor name")
        if not clean:
            raise InvalidInput("an actor needs a name")
        given = check_uuid(actor_id, "actor") if actor_id else None
        with self.ctx.db.writing() as session:
            if actor_repo.find(session, clean) is not None:
                raise Conflict(f"an actor called {clean!r} exists already (as a name or alias)")
            if given and session.get(ActorRow, given) is not None:
                raise Conflict(f"an actor with id {given} exists already")
            row = actor_repo.create(
                session,
                clean,
                kind=parse_enum(ActorKind, fields.pop("kind", "person"), "actor kind"),
                actor_id=given,
            )
            self._apply(session, row, fields)
            record = actor_repo.record(session, row)
        return Outcome(record, self.ctx.committed(ChangeSet(actors=True)))

    def update(self, /, name_or_id: str, **fields: Any) -> Outcome[Actor]:
        with self.ctx.db.writing() as session:
            row = actor_repo.get(session, name_or_id)
            before = actor_repo.record(session, row)
            self._apply(session, row, fields)
            row.updated_at = now()
            affected = _linked_entries(session, row.id)
            bump_versions(session, affected)
            record = actor_repo.record(session, row)
        changes = ChangeSet(entries=frozenset(affected), actors=True)
        return Outcome(record, self.ctx.committed(changes), before=before)

    def _apply(self, session: Session, row: ActorRow, fields: dict[str, Any]) -> None:
        unknown = set(fields) - EDITABLE
        if unknown:
            raise InvalidInput(f"cannot set {', '.join(sorted(unknown))} of an actor")
        if "name" in fields:
            name = single_line(fields["name"], "actor name")
            if not name:
                raise InvalidInput("an actor needs a name")
            other = actor_repo.find(session, name)
            if other is not None and other.id != row.id:
                raise Conflict(f"another actor is called {name!r}")
            row.name, row.name_key = name, actor_repo.name_key(name)
        if "kind" in fields:
            row.kind = parse_enum(ActorKind, fields["kind"], "actor kind").value
        if "sector" in fields:
            sector = fields["sector"]
            row.sector = parse_enum(Sector, sector, "sector").value if sector else None
        if "consent" in fields:
            row.consent = parse_enum(Consent, fields["consent"] or "unknown", "consent").value
        for key in ("role", "pseudonym"):
            if key in fields:
                setattr(row, key, single_line(fields[key] or "", key))
        if "notes" in fields:
            row.notes = check_text(fields["notes"] or "", "notes")
        if "common_word" in fields:
            if not isinstance(fields["common_word"], bool):
                raise InvalidInput("common_word is true or false")
            row.common_word = fields["common_word"]
        if "affiliation" in fields:
            row.affiliation_id = self._affiliation(session, row, fields["affiliation"])
        if "aliases" in fields:
            self._set_aliases(session, row, fields["aliases"] or ())
        session.flush()
        if {"pseudonym", "name", "aliases"} & set(fields):
            self._check_pseudonyms(session, row)

    @staticmethod
    def _check_pseudonyms(session: Session, row: ActorRow) -> None:
        """This actor's pseudonym against everyone, and everyone's against this actor's names."""
        rows = actor_repo.all_rows(session)
        problem = actor_repo.pseudonym_conflict(rows, row)
        for other in rows:
            if problem is None and other.id != row.id and other.pseudonym:
                problem = actor_repo.pseudonym_conflict([row], other)
        if problem is not None:
            raise Conflict(problem)

    def _affiliation(self, session: Session, row: ActorRow, name: str | None) -> str | None:
        if not name:
            return None
        clean = single_line(name, "affiliation")
        org = actor_repo.find(session, clean)
        if org is None:
            org = actor_repo.create(session, clean, kind=ActorKind.ORGANISATION)
        if org.id == row.id:
            raise InvalidInput("an actor cannot be affiliated with itself")
        if org.kind != ActorKind.ORGANISATION.value:
            raise InvalidInput(f"{org.name} is a {org.kind}; an affiliation is an organisation")
        return org.id

    def _set_aliases(self, session: Session, row: ActorRow, aliases: Iterable[str]) -> None:
        clean = [single_line(a, "alias") for a in aliases]
        for alias in clean:
            other = actor_repo.find(session, alias)
            if other is not None and other.id != row.id:
                raise Conflict(f"{alias!r} already names {other.name}")
        actor_repo.set_aliases(row, clean)

    def delete(self, name_or_id: str) -> Outcome[str]:
        with self.ctx.db.writing() as session:
            row = actor_repo.get(session, name_or_id)
            affected = _linked_entries(session, row.id)
            bump_versions(session, affected)
            session.execute(
                delete(MemoLinkRow).where(
                    (MemoLinkRow.target_type == "actor") & (MemoLinkRow.target_id == row.id)
                )
            )
            actor_id = row.id
            session.delete(row)
        changes = ChangeSet(entries=frozenset(affected), actors=True, memos=True)
        return Outcome(actor_id, self.ctx.committed(changes))

    def merge(self, source: str, target: str) -> Outcome[Actor]:
        """Fold ``source`` into ``target``: links move, its name becomes an alias."""
        with self.ctx.db.writing() as session:
            src = actor_repo.get(session, source)
            dst = actor_repo.get(session, target)
            if src.id == dst.id:
                raise InvalidInput("cannot merge an actor into itself")
            affected = _linked_entries(session, src.id)
            for link in session.scalars(
                select(EntryActorRow).where(EntryActorRow.actor_id == src.id)
            ):
                if session.get(EntryActorRow, (link.entry_id, dst.id)) is None:
                    session.add(
                        EntryActorRow(
                            entry_id=link.entry_id,
                            actor_id=dst.id,
                            role=link.role,
                            position=link.position,
                        )
                    )
            session.execute(
                update(MemoLinkRow)
                .where((MemoLinkRow.target_type == "actor") & (MemoLinkRow.target_id == src.id))
                .values(target_id=dst.id)
                .execution_options(synchronize_session=False)
            )
            session.execute(
                update(ActorRow)
                .where(ActorRow.affiliation_id == src.id)
                .values(affiliation_id=dst.id)
            )
            names = [src.name, *(a.alias for a in src.aliases), *(a.alias for a in dst.aliases)]
            session.delete(src)
            session.flush()
            actor_repo.set_aliases(dst, names)
            for field in ("pseudonym", "role", "sector", "notes"):
                if not getattr(dst, field) and getattr(src, field):
                    setattr(dst, field, getattr(src, field))
            dst.updated_at = now()
            session.flush()
            bump_versions(session, affected)
            record = actor_repo.record(session, dst)
        changes = ChangeSet(entries=frozenset(affected), actors=True, memos=True)
        return Outcome(record, self.ctx.committed(changes))
