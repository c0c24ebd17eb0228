"""Immutable records that services return and every upper layer consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from fieldjournal.domain.enums import (
    ActorKind,
    Consent,
    EntryKind,
    LinkRole,
    MemoTarget,
    MemoType,
    Sector,
)
from fieldjournal.domain.text import entry_label, first_line

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as linked from an entry."""

    id: str
    name: str
    role: LinkRole


@dataclass(frozen=True, slots=True)
class Segment:
    id: str
    entry_id: str
    code_path: str
    start: int
    end: int
    text: str
    created_at: datetime
    memo: str = ""


@dataclass(frozen=True, slots=True)
class MemoLink:
    memo_id: str
    target_type: MemoTarget
    target_id: str
    label: str  # entry title, actor name or code path


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    kind: EntryKind
    title: str
    body: str
    occurred_at: datetime
    ended_at: datetime | None
    site: str
    memo_type: MemoType | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None
    version: int = 1
    actors: tuple[ActorRef, ...] = ()
    codes: tuple[str, ...] = ()
    segments: tuple[Segment, ...] = ()
    memo_links: tuple[MemoLink, ...] = ()

    @property
    def actor_names(self) -> list[str]:
        return [a.name for a in self.actors]

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    @property
    def label(self) -> str:
        return entry_label(self.title, first_line(self.body))


@dataclass(frozen=True, slots=True)
class EntrySummary:
    """What a list of entries shows: no body, only its first line."""

    id: str
    kind: EntryKind
    title: str
    occurred_at: datetime
    site: str
    memo_type: MemoType | None
    first_line: str
    updated_at: datetime
    deleted_at: datetime | None = None
    actors: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return entry_label(self.title, self.first_line)


@dataclass(frozen=True, slots=True)
class Revision:
    id: int
    entry_id: str
    title: str
    body: str
    saved_at: datetime  # when this text was current until


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: ActorKind
    sector: Sector | None
    role: str
    affiliation: str | None  # the organisation actor's name
    pseudonym: str
    aliases: tuple[str, ...]
    consent: Consent
    notes: str
    entry_count: int = 0
    common_word: bool = False  # its names are ordinary words ("Hope"): see domain.pseudonyms

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    path: str
    description: str
    colour: str
    entry_count: int = 0
    segment_count: int = 0
    codable: bool = True  # False: a category, which groups codes and is not applied
    # With the codes under it: the distinct entries coded with any of them, their passages.
    # None when not counted (a code handed back by an edit): read as its own counts.
    entries_under: int | None = None
    segments_under: int | None = None

    @property
    def entry_total(self) -> int:
        return self.entry_count if self.entries_under is None else self.entries_under

    @property
    def segment_total(self) -> int:
        return self.segment_count if self.segments_under is None else self.segments_under

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def parent_path(self) -> str | None:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else None


@dataclass(frozen=True, slots=True)
class CodeSnapshot:
    """A code with its subtree and every coding of them, kept so a delete or merge can
    be undone. ``codes`` lists parents before children; links name codes by id."""

    codes: tuple[Code, ...]
    entry_links: tuple[tuple[str, str], ...]  # (entry id, code id)
    segments: tuple[tuple[Segment, str], ...]  # (segment, code id)
    memo_links: tuple[tuple[str, str], ...]  # (memo id, code id)

    @property
    def root(self) -> Code:
        return self.codes[0]


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What a unit of work changed, so each view refreshes only that.

    ``dropped_segments`` are coded segments removed because an edit deleted all their
    words: the caller tells the researcher.
    """

    entries: frozenset[str] = frozenset()
    removed_entries: frozenset[str] = frozenset()
    actors: bool = False
    codes: bool = False
    segments: bool = False
    memos: bool = False
    chapters: bool = False
    references: bool = False
    dropped_segments: tuple[Segment, ...] = field(default=())

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(
            entries=self.entries | other.entries,
            removed_entries=self.removed_entries | other.removed_entries,
            actors=self.actors or other.actors,
            codes=self.codes or other.codes,
            segments=self.segments or other.segments,
            memos=self.memos or other.memos,
            chapters=self.chapters or other.chapters,
            references=self.references or other.references,
            dropped_segments=self.dropped_segments + other.dropped_segments,
        )

    @property
    def empty(self) -> bool:
        return self == ChangeSet()


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """A service's answer: the record it produced and what changed.

    A call that makes or replaces something says so, so an undo can replay it without
    looking anything up first: ``created`` holds the ids of actors or codes it made on the
    way (ancestors first), ``before`` the record as the call found it when it replaced it,
    and ``taken`` the codes (with their codings) a delete or merge took away.
    """

    value: T
    changes: ChangeSet
    created: tuple[str, ...] = ()
    before: T | None = None
    taken: tuple[CodeSnapshot, ...] = ()
