"""A REFI-QDA project as plain records: what the writer writes and the reader reads.

Offsets are code points into ``text`` as Fieldjournal keeps it (LF line breaks, no BOM),
end exclusive. Dates are timezone-aware or None (MAXQDA, for one, writes no dates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"


class ValueType(StrEnum):
    TEXT = "Text"
    DATETIME = "DateTime"


@dataclass(frozen=True, slots=True)
class VariableValue:
    name: str
    value: str
    type: ValueType = ValueType.TEXT


@dataclass(frozen=True, slots=True)
class User:
    guid: str
    name: str


@dataclass(frozen=True, slots=True)
class Code:
    guid: str
    name: str
    codable: bool = True
    colour: str | None = None
    description: str = ""
    children: tuple[Code, ...] = ()
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Selection:
    """A passage (``PlainTextSelection``) and the codes applied to it."""

    guid: str
    start: int
    end: int
    code_guids: tuple[str, ...] = ()
    coding_guids: tuple[str, ...] = ()
    created_at: datetime | None = None
    memo: str = ""
    name: str = ""
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """A ``TextSource``, or a ``Note`` (same schema type) when it is a memo."""

    guid: str
    name: str
    text: str
    created_at: datetime | None = None
    modified_at: datetime | None = None
    variables: tuple[VariableValue, ...] = ()
    selections: tuple[Selection, ...] = ()
    note_refs: tuple[str, ...] = ()
    description: str = ""
    codes: tuple[str, ...] = ()  # codes applied to the whole source (a ``Coding`` child)

    def variable(self, *names: str) -> str | None:
        """The first value of a variable called any of ``names`` (case-insensitive)."""
        wanted = {n.casefold() for n in names}
        for item in self.variables:
            if item.name.casefold() in wanted and item.value.strip():
                return item.value.strip()
        return None


@dataclass(frozen=True, slots=True)
class Case:
    guid: str
    name: str
    description: str = ""
    variables: tuple[VariableValue, ...] = ()
    source_refs: tuple[str, ...] = ()

    def variable(self, *names: str) -> str | None:
        wanted = {n.casefold() for n in names}
        for item in self.variables:
            if item.name.casefold() in wanted and item.value.strip():
                return item.value.strip()
        return None


@dataclass(frozen=True, slots=True)
class Link:
    """A peer's ``Link`` between two objects: with a Note at one end, a memo about the other.

    Fieldjournal writes no Links: a memo says what it is about by NoteRefs in its Note."""

    guid: str
    origin: str
    target: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a file that was not applied, said for the researcher."""

    where: str
    what: str

    def describe(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass(frozen=True, slots=True)
class Project:
    name: str
    origin: str = ""
    users: tuple[User, ...] = ()
    codes: tuple[Code, ...] = ()
    sources: tuple[Source, ...] = ()
    cases: tuple[Case, ...] = ()
    notes: tuple[Source, ...] = ()
    links: tuple[Link, ...] = ()
    created_at: datetime | None = None
    creating_user: str | None = None
    description: str = ""
    # Read only: what the file holds that Fieldjournal does not import, and what did not fit.
    not_imported: tuple[str, ...] = field(default=())
    problems: tuple[Problem, ...] = field(default=())


def walk_codes(
    codes: tuple[Code, ...], parents: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], Code]]:
    """Every code with the names of its ancestors, parents before children."""
    found: list[tuple[tuple[str, ...], Code]] = []
    for code in codes:
        found.append((parents, code))
        found.extend(walk_codes(code.children, (*parents, code.name)))
    return found
