"""The JSON Lines exchange format: one typed record per line.

Records: ``actor``, ``code``, ``entry``, ``segment``, ``memo_link``, ``revision``,
``reference`` (a citekey and its CSL-JSON item). This
module only parses and validates lines into records and writes records back as lines;
applying them to a journal is the exchange service's job. Depends on the domain only.

Lines end with ``\n`` and nothing else: a record is never split at the other characters
Unicode calls line breaks (``str.splitlines`` splits at U+2028, U+0085, form feeds...).
``dump`` writes U+0085, U+2028 and U+2029 as JSON escapes (JSON escapes the C0 ones
itself), so an exported line holds no line break of any kind, whatever a reader splits
on; ``parse_line`` reads them back as they were.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fieldjournal.domain.codepaths import check_colour, normalise_path
from fieldjournal.domain.enums import (
    ActorKind,
    Consent,
    EntryKind,
    LinkRole,
    MemoTarget,
    MemoType,
    Sector,
    parse_enum,
)
from fieldjournal.domain.errors import FieldjournalError, ImportFailed, InvalidInput
from fieldjournal.domain.references import check_citekey
from fieldjournal.domain.text import check_text, single_line
from fieldjournal.domain.timeutil import parse_datetime

RECORD_TYPES = ("actor", "code", "entry", "segment", "memo_link", "revision", "reference")
# No record nests deeper than an entry's actors ({"actors": [{"name": ...}]}: 3 levels).
MAX_DEPTH = 8
_ESCAPED = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True, slots=True)
class ActorRecord:
    line: int
    name: str
    id: str | None = None
    kind: ActorKind = ActorKind.PERSON
    sector: Sector | None = None
    role: str = ""
    affiliation: str | None = None
    pseudonym: str = ""
    aliases: tuple[str, ...] = ()
    consent: Consent = Consent.UNKNOWN
    notes: str = ""
    common_word: bool = False
    given: frozenset[str] = frozenset()  # the fields the line has (an import merges those)


ACTOR_FIELDS = [
    "id",
    "kind",
    "sector",
    "role",
    "affiliation",
    "pseudonym",
    "aliases",
    "consent",
    "notes",
    "common_word",
]


@dataclass(frozen=True, slots=True)
class CodeRecord:
    line: int
    path: str
    id: str | None = None
    description: str = ""
    colour: str | None = None
    codable: bool = True


@dataclass(frozen=True, slots=True)
class EntryRecord:
    line: int
    kind: EntryKind
    title: str
    body: str
    occurred_at: datetime
    id: str | None = None
    ended_at: datetime | None = None
    site: str = ""
    memo_type: MemoType | None = None
    actors: tuple[tuple[str, LinkRole], ...] = ()
    codes: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    line: int
    entry: str
    code: str
    start: int
    end: int
    id: str | None = None
    memo: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MemoLinkRecord:
    line: int
    memo: str
    target_type: MemoTarget
    target: str


@dataclass(frozen=True, slots=True)
class RevisionRecord:
    line: int
    entry: str
    title: str
    body: str
    saved_at: datetime


@dataclass(frozen=True, slots=True)
class ReferenceRecord:
    line: int
    citekey: str
    csl: dict[str, Any] = field(hash=False)


Record = (
    ActorRecord
    | CodeRecord
    | EntryRecord
    | SegmentRecord
    | MemoLinkRecord
    | RevisionRecord
    | ReferenceRecord
)


@dataclass
class _Fields:
    """Typed access to one JSON object, with messages that name the field."""

    data: dict[str, Any]
    used: set[str] = field(default_factory=set)

    def get(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        return self.data.get(key, default)

    def text(self, key: str, *, required: bool = False, multiline: bool = False) -> str:
        value = self.get(key)
        if value is None:
            if required:
                raise InvalidInput(f"{key!r} is required")
            return ""
        if not isinstance(value, str):
            raise InvalidInput(f"{key!r} must be a string")
        return check_text(value, key) if multiline else single_line(value, key)

    def optional_text(self, key: str) -> str | None:
        return self.text(key) or None

    def time(self, key: str, *, required: bool = False) -> datetime | None:
        value = self.get(key)
        if value in (None, ""):
            if required:
                raise InvalidInput(f"{key!r} is required")
            return None
        if not isinstance(value, str):
            raise InvalidInput(f"{key!r} must be an ISO 8601 string")
        return parse_datetime(value, key)

    def integer(self, key: str) -> int:
        value = self.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidInput(f"{key!r} must be a whole number")
        return value

    def boolean(self, key: str) -> bool:
        value = self.get(key, False)
        if not isinstance(value, bool):
            raise InvalidInput(f"{key!r} must be true or false")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInput(f"{key!r} must be a list of strings")
        return tuple(single_line(v, key) for v in value)


def _actor(f: _Fields, line: int) -> ActorRecord:
    sector = f.get("sector")
    return ActorRecord(
        line=line,
        name=f.text("name", required=True),
        id=f.optional_text("id"),
        kind=parse_enum(ActorKind, f.get("kind") or "person", "actor kind"),
        sector=parse_enum(Sector, sector, "sector") if sector else None,
        role=f.text("role"),
        affiliation=f.optional_text("affiliation"),
        pseudonym=f.text("pseudonym"),
        aliases=f.strings("aliases"),
        consent=parse_enum(Consent, f.get("consent") or "unknown", "consent"),
        notes=f.text("notes", multiline=True),
        common_word=f.boolean("common_word"),
        given=frozenset(k for k in ACTOR_FIELDS if k in f.data),
    )


def _code(f: _Fields, line: int) -> CodeRecord:
    colour = f.optional_text("colour")
    return CodeRecord(
        line=line,
        path=normalise_path(f.text("path", required=True)),
        id=f.optional_text("id"),
        description=f.text("description", multiline=True),
        colour=check_colour(colour) if colour else None,
        codable=f.get("codable", True) is not False,
    )


def _entry_actors(value: Any) -> tuple[tuple[str, LinkRole], ...]:
    if not isinstance(value, list):
        raise InvalidInput("'actors' must be a list of names")
    actors = []
    for item in value:
        if isinstance(item, str):
            actors.append((single_line(item, "actor"), LinkRole.PRESENT))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            role = parse_enum(LinkRole, item.get("role") or "present", "link role")
            actors.append((single_line(item["name"], "actor"), role))
        else:
            raise InvalidInput('each actor must be a name or {"name": ..., "role": ...}')
    return tuple(actors)


def _entry(f: _Fields, line: int) -> EntryRecord:
    kind = parse_enum(EntryKind, f.get("kind") or "", "entry kind")
    memo_type = f.get("memo_type")
    if kind is EntryKind.MEMO:
        memo = parse_enum(MemoType, memo_type or "analytic", "memo type")
    elif memo_type:
        raise InvalidInput("only memos have a memo type")
    else:
        memo = None
    occurred = f.time("occurred_at", required=True)
    assert occurred is not None
    return EntryRecord(
        line=line,
        kind=kind,
        title=f.text("title"),
        body=f.text("body", multiline=True),
        occurred_at=occurred,
        id=f.optional_text("id"),
        ended_at=f.time("ended_at"),
        site=f.text("site"),
        memo_type=memo,
        actors=_entry_actors(f.get("actors", [])),
        codes=tuple(normalise_path(p) for p in f.strings("codes")),
        created_at=f.time("created_at"),
        updated_at=f.time("updated_at"),
        deleted_at=f.time("deleted_at"),
    )


def _segment(f: _Fields, line: int) -> SegmentRecord:
    return SegmentRecord(
        line=line,
        entry=f.text("entry", required=True),
        code=normalise_path(f.text("code", required=True)),
        start=f.integer("start"),
        end=f.integer("end"),
        id=f.optional_text("id"),
        memo=f.text("memo", multiline=True),
        created_at=f.time("created_at"),
    )


def _memo_link(f: _Fields, line: int) -> MemoLinkRecord:
    return MemoLinkRecord(
        line=line,
        memo=f.text("memo", required=True),
        target_type=parse_enum(MemoTarget, f.get("target_type") or "", "memo target type"),
        target=f.text("target", required=True),
    )


def _revision(f: _Fields, line: int) -> RevisionRecord:
    saved = f.time("saved_at", required=True)
    assert saved is not None
    return RevisionRecord(
        line=line,
        entry=f.text("entry", required=True),
        title=f.text("title"),
        body=f.text("body", multiline=True),
        saved_at=saved,
    )


def _reference(f: _Fields, line: int) -> ReferenceRecord:
    csl = f.get("csl")
    if not isinstance(csl, dict):
        raise InvalidInput("csl must be a CSL-JSON object")
    return ReferenceRecord(line, check_citekey(f.text("citekey", required=True)), csl)


_PARSERS: dict[str, Callable[[_Fields, int], Record]] = {
    "actor": _actor,
    "code": _code,
    "entry": _entry,
    "segment": _segment,
    "memo_link": _memo_link,
    "revision": _revision,
    "reference": _reference,
}


def parse_line(text: str, line: int) -> Record | None:
    """One record from one line (None for a blank line), or ``ImportFailed`` naming it."""
    if not text.strip():
        return None
    brackets = text.count("[") + text.count("{")  # C speed: most lines end the check here
    if brackets > MAX_DEPTH and _nesting(text) > MAX_DEPTH:
        raise ImportFailed(
            line, f"the JSON is nested more than {MAX_DEPTH} levels deep; no record nests so deep"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(line, f"not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:  # _nesting refuses such lines first; this is the last guard
        raise ImportFailed(line, "the JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise ImportFailed(line, "a record must be a JSON object")
    kind = data.get("type")
    parser = _PARSERS.get(kind) if isinstance(kind, str) else None
    if parser is None:
        raise ImportFailed(
            line, f"unknown record type {kind!r}; use one of {', '.join(RECORD_TYPES)}"
        )
    fields = _Fields(data, {"type"})
    try:
        record = parser(fields, line)
    except ImportFailed:
        raise
    except FieldjournalError as error:
        raise ImportFailed(line, f"{kind}: {error}") from None
    unknown = set(data) - fields.used
    if unknown:
        word = "field" if len(unknown) == 1 else "fields"
        raise ImportFailed(line, f"{kind}: unknown {word} {', '.join(sorted(unknown))}")
    return record


def _nesting(text: str) -> int:
    """How deep brackets nest outside strings (quick: one pass over the line)."""
    if "[" not in text and "{" not in text:
        return 0
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def split_records(text: str) -> list[str]:
    """A file's lines, split only at ``\n`` (a ``\r`` before it is JSON whitespace)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_lines(lines: Iterable[str]) -> Iterator[Record]:
    for number, text in enumerate(lines, start=1):
        record = parse_line(text, number)
        if record is not None:
            yield record


def dump(record: dict[str, Any]) -> str:
    """One line of JSON, keys in a stable order, text kept as typed (no ASCII escapes).

    Only the line breaks JSON leaves raw (U+0085, U+2028, U+2029) are escaped.
    """
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _ESCAPED.items():
        if char in line:
            line = line.replace(char, escape)
    return line
