"""Turn a chapter's excerpt tokens into the notes and words they quote, as they are now.

Consent is decided here, per note: a note may not be quoted if an actor linked to it, or
named anywhere in its title or text (by name, alias or name part, however written), is
``observe_only``, ``no_quotes`` or ``withdrawn``. A quote or segment that cuts a word is
widened to whole words, so neither the replacement nor the check sees half a name.

A chapter quotes hundreds of notes: the rows, segments and consent links they need are
read in a few queries for all of them (``resolve_all``), not a few queries per excerpt.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldjournal.domain.chapters import ExcerptKind, ExcerptRef, find_quote
from fieldjournal.domain.enums import Consent, EntryKind
from fieldjournal.domain.errors import FieldjournalError, InvalidInput
from fieldjournal.domain.pseudonyms import NameHit, widen_to_words
from fieldjournal.exchange.chapter_blocks import Excerpt, Note, ResolvedExcerpts, Withholding
from fieldjournal.storage.models import (
    ActorRow,
    CodeRow,
    EntryActorRow,
    EntryCodeRow,
    EntryRow,
    SegmentRow,
)
from fieldjournal.storage.repositories import codes as code_repo
from fieldjournal.storage.repositories import entries as entry_repo
from fieldjournal.storage.repositories.ids import resolve

WITHHOLDING = tuple(c.value for c in Consent if not c.may_quote)
NameFinder = Callable[[str], list[NameHit]]
_BATCH = 500  # ids per IN (...) query, well under SQLite's limit on parameters
_FULL_ID = 36


class ExcerptResolver:
    """Resolves within one read transaction; notes are built once per entry.

    ``named`` finds withholding actors' names in a note's text (``None``: links only).
    """

    def __init__(self, session: Session, named: NameFinder | None = None) -> None:
        self.session = session
        self.named = named
        self._consent: dict[str, Consent] | None = None
        self._notes: dict[str, Note] = {}
        self._rows: dict[str, EntryRow] = {}
        self._segments: dict[str, tuple[SegmentRow, str]] = {}  # id -> row, code path
        self._links: dict[str, list[Withholding]] = {}  # entry id -> linked withholding

    def resolve_all(
        self, refs: Iterable[ExcerptRef], problems: dict[ExcerptRef, str] | None = None
    ) -> ResolvedExcerpts:
        """Every reference, or the first error; with ``problems``, each error is kept there
        (the reference left out) and the rest resolved, as a preview wants."""
        refs = list(dict.fromkeys(refs))
        self._prefetch(refs)
        resolved: ResolvedExcerpts = {}
        for ref in refs:
            if problems is not None and ref in problems:
                continue
            try:
                resolved[ref] = self.resolve(ref)
            except FieldjournalError as error:
                if problems is None:
                    raise
                problems[ref] = str(error)
        return resolved

    def resolve(self, ref: ExcerptRef) -> tuple[Excerpt, ...]:
        if ref.kind is ExcerptKind.CODE:
            return self._code(ref.target)
        if ref.kind is ExcerptKind.SEGMENT:
            segment, path = self._segment_row(ref.target)
            row = self._entry_row(segment.entry_id, ref)
            text = _words(row.body, segment.start, segment.end)
            return (Excerpt(self.note(row), text, path),)
        entry_id = _full(ref.target)
        if entry_id not in self._rows:
            entry_id = resolve(self.session, EntryRow.id, ref.target, "entry")
        row = self._entry_row(entry_id, ref)
        if ref.kind is ExcerptKind.ENTRY:
            return (Excerpt(self.note(row), row.body),)
        span = find_quote(row.body, ref.words)
        if span is None:
            raise InvalidInput(
                f"the words {ref.words!r} are not in entry {row.title or '(untitled)'!r} "
                f"({row.id[:8]}); quote them exactly as the note has them"
            )
        return (Excerpt(self.note(row), _words(row.body, *span)),)

    def _prefetch(self, refs: list[ExcerptRef]) -> None:
        """Read the rows that the excerpts given by full id need, in a few queries.

        Ids given as prefixes, and ids that name nothing, are left to ``resolve``, which
        finds them (or says what is wrong) one at a time as before.
        """
        segment_ids = {_full(r.target) for r in refs if r.kind is ExcerptKind.SEGMENT}
        segment_ids.discard("")
        for chunk in _chunks(segment_ids - self._segments.keys()):
            found = self.session.execute(
                select(SegmentRow, CodeRow.path)
                .join(CodeRow, CodeRow.id == SegmentRow.code_id)
                .where(SegmentRow.id.in_(chunk))
            )
            for segment, path in found:
                self._segments[segment.id] = (segment, path)
        entry_ids = {
            _full(r.target) for r in refs if r.kind in (ExcerptKind.ENTRY, ExcerptKind.QUOTE)
        }
        entry_ids.update(segment.entry_id for segment, _ in self._segments.values())
        entry_ids.discard("")
        for chunk in _chunks(entry_ids - self._rows.keys()):
            self._rows.update(
                (row.id, row)
                for row in self.session.scalars(select(EntryRow).where(EntryRow.id.in_(chunk)))
            )
        self._load_links(self._rows.keys())

    def _load_links(self, entry_ids: Collection[str]) -> None:
        """Which withholding actors each of ``entry_ids`` is linked to, in one query a batch."""
        missing = [i for i in entry_ids if i not in self._links]
        for chunk in _chunks(missing):
            for entry_id in chunk:
                self._links[entry_id] = []
            linked = self.session.execute(
                select(EntryActorRow.entry_id, ActorRow.name, ActorRow.consent)
                .join(ActorRow, EntryActorRow.actor_id == ActorRow.id)
                .where(EntryActorRow.entry_id.in_(chunk) & ActorRow.consent.in_(WITHHOLDING))
                .order_by(ActorRow.name_key)
            )
            for entry_id, name, consent in linked:
                self._links[entry_id].append(Withholding(name, Consent(consent)))

    def _segment_row(self, given: str) -> tuple[SegmentRow, str]:
        """A segment and the path of its code."""
        known = self._segments.get(_full(given))
        if known is not None:
            return known
        segment = self.session.get(
            SegmentRow, resolve(self.session, SegmentRow.id, given, "segment")
        )
        assert segment is not None
        self._segments[segment.id] = (segment, segment.code.path)
        return self._segments[segment.id]

    def _entry_row(self, entry_id: str, ref: ExcerptRef) -> EntryRow:
        row = self._rows.get(entry_id)
        if row is None:
            row = self._rows[entry_id] = entry_repo.get_row(self.session, entry_id)
        if row.deleted_at is not None:
            raise InvalidInput(
                f"{ref.token} quotes {row.title or '(untitled)'!r}, which is in the trash; "
                "restore it or remove the excerpt"
            )
        return row

    def note(self, row: EntryRow) -> Note:
        if row.id not in self._notes:
            self._notes[row.id] = Note(
                id=row.id,
                kind=EntryKind(row.kind),
                title=row.title,
                occurred_at=entry_repo.occurred(row),
                site=row.site,
                withheld_by=self._withholding(row),
            )
        return self._notes[row.id]

    def _withholding(self, row: EntryRow) -> tuple[Withholding, ...]:
        """Linked or named actors whose consent keeps this note from being quoted."""
        self._load_links([row.id])
        found = {link.actor: link for link in self._links[row.id]}
        if self.named is not None:
            for hit in self.named(f"{row.title}\n\n{row.site}\n\n{row.body}"):
                for actor in hit.actors or (hit.actor,):
                    if actor not in found:
                        found[actor] = Withholding(actor, self._consent_of(actor), named=True)
        return tuple(sorted(found.values(), key=lambda w: w.actor.casefold()))

    def _consent_of(self, actor: str) -> Consent:
        """An actor's consent; every actor's is read at the first need, in one query."""
        if self._consent is None:
            found = self.session.execute(select(ActorRow.name, ActorRow.consent))
            self._consent = {name: Consent(consent) for name, consent in found}
        return self._consent.get(actor, Consent.UNKNOWN)

    def code_excerpts(self, code_ids: list[str]) -> tuple[Excerpt, ...]:
        """Segments coded with any of ``code_ids`` and entries coded whole, oldest first;
        each passage once: an entry coded whole is quoted whole, and not again for its
        segments (nor a span coded twice, under a code and its sub-code)."""
        live = EntryRow.deleted_at.is_(None)
        segments = self.session.execute(
            select(SegmentRow, EntryRow, CodeRow.path)
            .join(EntryRow, EntryRow.id == SegmentRow.entry_id)
            .join(CodeRow, CodeRow.id == SegmentRow.code_id)
            .where(SegmentRow.code_id.in_(code_ids) & live)
        ).all()
        entries = self.session.execute(
            select(EntryRow, CodeRow.path)
            .join(EntryCodeRow, EntryCodeRow.entry_id == EntryRow.id)
            .join(CodeRow, CodeRow.id == EntryCodeRow.code_id)
            .where(EntryCodeRow.code_id.in_(code_ids) & live)
        ).all()
        self._load_links({row.id for _, row, _ in segments} | {row.id for row, _ in entries})
        found: dict[tuple[str, int, int], tuple[EntryRow, Excerpt]] = {}
        for row, path in entries:
            found.setdefault((row.id, 0, -1), (row, Excerpt(self.note(row), row.body, path)))
        whole = {entry_id for entry_id, _, _ in found}
        for segment, row, path in segments:
            if row.id in whole:
                continue
            key = (row.id, segment.start, segment.end)
            text = _words(row.body, segment.start, segment.end)
            found.setdefault(key, (row, Excerpt(self.note(row), text, path)))
        ordered = sorted(found.items(), key=lambda item: (item[1][0].occurred_at, *item[0]))
        return tuple(excerpt for _, (_, excerpt) in ordered)

    def _code(self, path: str) -> tuple[Excerpt, ...]:
        root = code_repo.get(self.session, path)
        return self.code_excerpts([c.id for c in code_repo.subtree(self.session, root)])


def _full(given: str) -> str:
    """A full id as ``resolve`` reads it, or "" for a prefix (resolved one at a time)."""
    text = given.strip().lower()
    return text if len(text) == _FULL_ID else ""


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    batch = list(ids)
    for start in range(0, len(batch), _BATCH):
        yield batch[start : start + _BATCH]


def _words(body: str, start: int, end: int) -> str:
    """The passage ``start``-``end`` of ``body``, widened so it cuts no word."""
    wide_start, wide_end = widen_to_words(body, start, end)
    return body[wide_start:wide_end]
