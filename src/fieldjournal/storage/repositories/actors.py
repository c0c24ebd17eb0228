"""Actor rows: lookup by name or alias, creation, records."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from fieldjournal.domain.enums import ActorKind, Consent, Sector
from fieldjournal.domain.errors import NotFound
from fieldjournal.domain.pseudonyms import name_identity
from fieldjournal.domain.records import Actor
from fieldjournal.domain.timeutil import now
from fieldjournal.storage.models import ActorAliasRow, ActorRow, EntryActorRow
from fieldjournal.storage.repositories.ids import new_id


def name_key(name: str) -> str:
    """Names match case-insensitively and with spaces collapsed."""
    return " ".join(name.split()).casefold()


def find(session: Session, name: str) -> ActorRow | None:
    """The actor called ``name``, by its name first, then by an alias."""
    key = name_key(name)
    row = session.scalar(select(ActorRow).where(ActorRow.name_key == key))
    if row is not None:
        return row
    alias = session.scalar(select(ActorAliasRow).where(ActorAliasRow.alias_key == key).limit(1))
    return None if alias is None else session.get(ActorRow, alias.actor_id)


def get(session: Session, name_or_id: str) -> ActorRow:
    row = session.get(ActorRow, name_or_id) or find(session, name_or_id)
    if row is None:
        raise NotFound(f"no actor called {name_or_id!r}")
    return row


def create(
    session: Session,
    name: str,
    *,
    kind: ActorKind = ActorKind.PERSON,
    actor_id: str | None = None,
) -> ActorRow:
    moment = now()
    row = ActorRow(
        id=actor_id or new_id(),
        name=name,
        name_key=name_key(name),
        kind=kind.value,
        sector=None,
        role="",
        pseudonym="",
        consent=Consent.UNKNOWN.value,
        notes="",
        common_word=False,
        created_at=moment,
        updated_at=moment,
    )
    session.add(row)
    session.flush()
    return row


def ensure(session: Session, name: str) -> ActorRow:
    return find(session, name) or create(session, name)


def set_aliases(row: ActorRow, aliases: Iterable[str]) -> None:
    seen: set[str] = set()
    row.aliases.clear()
    for position, alias in enumerate(a for a in aliases if a.strip()):
        key = name_key(alias)
        if key in seen or key == row.name_key:
            continue
        seen.add(key)
        row.aliases.append(
            ActorAliasRow(alias=" ".join(alias.split()), alias_key=key, position=position)
        )


def pseudonym_conflict(rows: Iterable[ActorRow], row: ActorRow) -> str | None:
    """Why ``row``'s pseudonym cannot stand (another's pseudonym, or a real name), or None.

    A pseudonym must tell people apart, and must never be somebody's real name or alias:
    an export would put that person's name on someone else's words.
    """
    if not row.pseudonym:
        return None
    wanted = name_identity(row.pseudonym)
    for other in rows:
        if other.id == row.id:
            continue
        if other.pseudonym and name_identity(other.pseudonym) == wanted:
            return (
                f"the pseudonym {row.pseudonym!r} is {other.name}'s already; "
                "pseudonyms must tell people apart"
            )
        names = [other.name, *(a.alias for a in other.aliases)]
        if any(name_identity(name) == wanted for name in names):
            return f"the pseudonym {row.pseudonym!r} is a real name of {other.name}; choose another"
    return None


def all_rows(session: Session) -> list[ActorRow]:
    """Every actor with its aliases, in two queries."""
    return list(session.scalars(select(ActorRow).options(selectinload(ActorRow.aliases))))


def entry_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(EntryActorRow.actor_id, func.count()).group_by(EntryActorRow.actor_id)
    )
    return {actor_id: count for actor_id, count in rows}


def to_record(row: ActorRow, names: dict[str, str], count: int = 0) -> Actor:
    return Actor(
        id=row.id,
        name=row.name,
        kind=ActorKind(row.kind),
        sector=Sector(row.sector) if row.sector else None,
        role=row.role,
        affiliation=names.get(row.affiliation_id) if row.affiliation_id else None,
        pseudonym=row.pseudonym,
        aliases=tuple(a.alias for a in row.aliases),
        consent=Consent(row.consent),
        notes=row.notes,
        entry_count=count,
        common_word=row.common_word,
    )


def all_records(session: Session) -> list[Actor]:
    query = select(ActorRow).options(selectinload(ActorRow.aliases)).order_by(ActorRow.name_key)
    rows = list(session.scalars(query))  # aliases in one more query, not one per actor
    names = {r.id: r.name for r in rows}
    counts = entry_counts(session)
    return [to_record(r, names, counts.get(r.id, 0)) for r in rows]


def record(session: Session, row: ActorRow) -> Actor:
    names: dict[str, str] = {}
    if row.affiliation_id:
        org = session.get(ActorRow, row.affiliation_id)
        if org is not None:
            names[org.id] = org.name
    count = session.scalar(
        select(func.count()).select_from(EntryActorRow).where(EntryActorRow.actor_id == row.id)
    )
    return to_record(row, names, int(count or 0))
