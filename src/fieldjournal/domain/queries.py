"""Which entries: the one query type that the timeline, the repositories, search and the CLI
all take, so a filter means the same wherever the researcher sets it.

An ``EntryQuery`` holds checked values (enums, aware datetimes); ``EntryQuery.of`` builds
one from what a person typed or a script passed as keywords, and explains what is wrong.
Fields left empty do not filter. The database answers every field but ``text``; the
search index answers ``text`` and every field it indexes (see ``search_fields``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import TypedDict, Unpack

from fieldjournal.domain.enums import EntryKind, MemoType, parse_enum
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.timeutil import parse_datetime, parse_until


class QueryFields(TypedDict, total=False):
    """The keywords that build a query (``Journal.list_entries(kind="memo")`` and the like)."""

    text: str
    kind: EntryKind | str | None
    actor: str | None
    code: str | None
    site: str | None
    since: datetime | str | None
    until: datetime | str | None
    memo_type: MemoType | str | None
    trashed: bool


@dataclass(frozen=True, slots=True)
class EntryQuery:
    """Entries matching every field that is set.

    ``actor`` matches a name, alias or pseudonym; ``code`` matches the code and its
    descendants, on the entry or on one of its segments; ``site`` matches the whole site,
    ignoring case (a search also takes one word of it: ``hall`` finds ``Quay Street hall``);
    ``since`` and ``until`` bound when the entry happened, both included; ``trashed`` asks
    for the trash instead of the live entries; ``ids`` narrows to those entries (the memos
    about something); ``text`` is search words (Whoosh syntax).
    """

    text: str = ""
    kind: EntryKind | None = None
    actor: str | None = None
    code: str | None = None
    site: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    memo_type: MemoType | None = None
    trashed: bool = False
    ids: frozenset[str] | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            moment = getattr(self, name)
            if moment is not None and moment.utcoffset() is None:
                raise InvalidInput(f"{name} needs a time zone")

    @classmethod
    def of(cls, base: EntryQuery | None = None, /, **given: Unpack[QueryFields]) -> EntryQuery:
        """``base`` (or an empty query) with the given fields set from typed or typed-in values.

        Strings are checked as a person would type them: a kind or memo type by name, a
        date or time in ISO 8601, where a date alone as ``until`` includes that whole day.
        Empty strings and None leave a field unset.
        """
        query = base or cls()
        if not given:
            return query
        unknown = sorted(set(given) - set(QueryFields.__annotations__))
        if unknown:  # only a caller that ignores the types gets here
            raise InvalidInput(f"no such filter: {', '.join(unknown)}")
        kind, memo_type = given.get("kind", query.kind), given.get("memo_type", query.memo_type)
        since, until = given.get("since", query.since), given.get("until", query.until)
        return replace(
            query,
            text=given.get("text", query.text) or "",
            kind=parse_enum(EntryKind, kind, "entry kind") if kind else None,
            actor=given.get("actor", query.actor) or None,
            code=given.get("code", query.code) or None,
            site=given.get("site", query.site) or None,
            since=parse_datetime(since, "since") if since else None,
            until=parse_until(until, "until") if until else None,
            memo_type=parse_enum(MemoType, memo_type, "memo type") if memo_type else None,
            trashed=bool(given.get("trashed", query.trashed)),
        )

    def set_fields(self) -> list[str]:
        """The names of the fields that filter, in declaration order."""
        empty = EntryQuery()
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(empty, f.name)]


# What the search index can answer; the others need the database (trash, memo types and
# id lists are not in the index).
SEARCH_FIELDS = frozenset({"text", "kind", "actor", "code", "site", "since", "until"})


def search_fields(query: EntryQuery) -> EntryQuery:
    """``query`` itself if the index can answer it, else InvalidInput naming what cannot be."""
    other = [name for name in query.set_fields() if name not in SEARCH_FIELDS]
    if "trashed" in other:
        raise InvalidInput("search never looks in the trash; list the trash instead")
    if other:
        raise InvalidInput(f"search cannot filter by {', '.join(other)}")
    return query
