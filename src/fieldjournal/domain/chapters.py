"""Chapter drafts: an outline of sections whose text is light Markdown with excerpt tokens.

A draft lives as text, so excerpts are tokens on a line of their own:
``[[entry:ID]]`` (a whole entry), ``[[quote:ID|exact words]]`` (a passage found by its
words), ``[[segment:ID]]`` (a coded segment) and ``[[code:PATH]]`` (everything coded
with PATH or below). References stay live: a compile quotes the notes as they are now.
A ``[[figure:VIEW key=value|caption]]`` token draws a chart of the journal there (see
``domain.analysis.FigureRef``).

Prose is deliberately small: paragraphs (lines joined until a blank line), ``*emphasis*``,
``**strong**``, ``- `` bullet items, ``1. `` numbered items and ``> `` block quotes of the
researcher's own words. A backslash keeps the next character literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from fieldjournal.domain.analysis import FigureRef
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.text import check_text, single_line

MAX_LEVEL = 3


class ExcerptKind(StrEnum):
    ENTRY = "entry"
    QUOTE = "quote"
    SEGMENT = "segment"
    CODE = "code"


@dataclass(frozen=True, slots=True)
class ExcerptRef:
    """One excerpt token: what it points at (an id or a code path) and, for quotes, the words."""

    kind: ExcerptKind
    target: str
    words: str = ""

    @property
    def token(self) -> str:
        if self.kind is ExcerptKind.QUOTE:
            return f"[[quote:{self.target}|{self.words}]]"
        return f"[[{self.kind.value}:{self.target}]]"


_TOKEN = re.compile(r"\[\[\s*([A-Za-z]+)\s*:(.*)\]\]")


def parse_token(line: str) -> ExcerptRef | FigureRef | None:
    """The excerpt (or figure) a line holds, None for prose, or an error for a malformed token."""
    stripped = line.strip()
    if not (stripped.startswith("[[") and stripped.endswith("]]")):
        return None
    match = _TOKEN.fullmatch(stripped)
    if match is None:
        raise InvalidInput(f"{stripped!r} is not an excerpt token; write e.g. [[entry:ID]]")
    name, rest = match.group(1).lower(), match.group(2)
    if name == "figure":
        return FigureRef.parse(rest)
    try:
        kind = ExcerptKind(name)
    except ValueError:
        allowed = ", ".join([*(k.value for k in ExcerptKind), "figure"])
        raise InvalidInput(f"unknown excerpt kind {name!r} in {stripped}; use {allowed}") from None
    words = ""
    if kind is ExcerptKind.QUOTE:
        target, bar, words = rest.partition("|")
        words = " ".join(words.split())
        if not bar or not words:
            raise InvalidInput(f"{stripped} needs the quoted words: [[quote:ID|exact words]]")
    else:
        target = rest
    target = target.strip()
    if not target:
        raise InvalidInput(f"{stripped} names no {'code path' if name == 'code' else 'id'}")
    return ExcerptRef(kind, target, words)


# --- the prose model -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of prose with one formatting."""

    text: str
    emphasis: bool = False
    strong: bool = False


class ProseKind(StrEnum):
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    NUMBERED = "numbered"
    QUOTE = "quote"  # the researcher's own block quote, not an excerpt


@dataclass(frozen=True, slots=True)
class Prose:
    kind: ProseKind
    runs: tuple[Run, ...]
    list_start: bool = False  # the first item of a list (numbering restarts)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class ExcerptLine:
    """An excerpt token where it stands in the prose, with its line for error messages."""

    ref: ExcerptRef
    line: int


@dataclass(frozen=True, slots=True)
class BadToken:
    """A line written as an excerpt token that is not one, kept where it stands (previews)."""

    text: str
    line: int
    problem: str


@dataclass(frozen=True, slots=True)
class FigureLine:
    """A figure token where it stands in the prose."""

    ref: FigureRef
    line: int


ProseBlock = Prose | ExcerptLine | FigureLine | BadToken

_BULLET = re.compile(r"[-*+]\s+(.*)")
_NUMBERED = re.compile(r"\d{1,9}[.)]\s+(.*)")
_QUOTE = re.compile(r">\s?(.*)")
_INLINE = re.compile(r"\\(.)|(\*\*\*|\*\*|\*)")


def parse_inline(text: str) -> tuple[Run, ...]:
    """Split text into runs at ``*`` and ``**`` markers; unmatched markers stay literal."""
    runs: list[Run] = []
    emphasis = strong = False
    buffer: list[str] = []
    pieces = list(_INLINE.finditer(text))
    closers = [m.group(2) for m in pieces]

    def flush() -> None:
        if buffer:
            runs.append(Run("".join(buffer), emphasis, strong))
            buffer.clear()

    last = 0
    for index, match in enumerate(pieces):
        buffer.append(text[last : match.start()])
        last = match.end()
        if match.group(1) is not None:
            buffer.append(match.group(1))
            continue
        marker = match.group(2)
        toggles_strong = marker in ("**", "***")
        toggles_em = marker in ("*", "***")
        opening = (toggles_strong and not strong) or (toggles_em and not emphasis)
        if opening and marker not in closers[index + 1 :]:
            buffer.append(marker)  # nothing closes it: a literal asterisk
            continue
        flush()
        strong ^= toggles_strong
        emphasis ^= toggles_em
    buffer.append(text[last:])
    flush()
    return tuple(run for run in runs if run.text)


def parse_prose(body: str, first_line: int = 1, *, keep_bad: bool = False) -> list[ProseBlock]:
    """Blocks of a section's text, in order; excerpt tokens keep their line number.

    ``first_line`` numbers the body's first line, so errors can name a line of a file.
    A malformed token is an error, or with ``keep_bad`` a ``BadToken`` where it stands.
    """
    blocks: list[ProseBlock] = []
    pending: list[str] = []
    pending_kind: ProseKind | None = None
    previous_kind: ProseKind | None = None

    def flush() -> None:
        nonlocal pending_kind, previous_kind
        if pending_kind is not None and pending:
            text = " ".join(part.strip() for part in pending if part.strip())
            listed = pending_kind in (ProseKind.BULLET, ProseKind.NUMBERED)
            start = listed and previous_kind != pending_kind
            blocks.append(Prose(pending_kind, parse_inline(text), start))
            previous_kind = pending_kind
        pending.clear()
        pending_kind = None

    for number, raw in enumerate(body.split("\n"), start=first_line):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
            if previous_kind not in (ProseKind.BULLET, ProseKind.NUMBERED):
                previous_kind = None
            continue
        try:
            ref = parse_token(stripped)
        except InvalidInput as error:
            if not keep_bad:
                raise InvalidInput(f"line {number}: {error}") from None
            flush()
            blocks.append(BadToken(stripped, number, str(error)))
            previous_kind = None
            continue
        if ref is not None:
            flush()
            blocks.append(
                FigureLine(ref, number) if isinstance(ref, FigureRef) else ExcerptLine(ref, number)
            )
            previous_kind = None
            continue
        for kind, pattern in (
            (ProseKind.BULLET, _BULLET),
            (ProseKind.NUMBERED, _NUMBERED),
        ):
            item = pattern.fullmatch(stripped)
            if item:
                flush()
                pending_kind = kind
                pending.append(item.group(1))
                break
        else:
            quoted = _QUOTE.fullmatch(stripped)
            kind = ProseKind.QUOTE if quoted else ProseKind.PARAGRAPH
            text = quoted.group(1) if quoted else stripped
            if pending_kind is None or (
                pending_kind != kind and pending_kind in (ProseKind.QUOTE, ProseKind.PARAGRAPH)
            ):
                flush()
                pending_kind = kind
            pending.append(text)
    flush()
    return blocks


def figure_refs(body: str, *, keep_bad: bool = False) -> list[FigureRef]:
    """The well-formed figure tokens of ``body``, in order."""
    return [b.ref for b in parse_prose(body, keep_bad=keep_bad) if isinstance(b, FigureLine)]


def excerpt_refs(body: str, *, keep_bad: bool = False) -> list[ExcerptRef]:
    """The well-formed tokens of ``body``; malformed ones are errors unless ``keep_bad``."""
    return [b.ref for b in parse_prose(body, keep_bad=keep_bad) if isinstance(b, ExcerptLine)]


# --- chapter records -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Section:
    """A heading (level 1-3) and its text; only a chapter's first section may lack a heading."""

    heading: str
    level: int = 1
    body: str = ""


@dataclass(frozen=True, slots=True)
class Chapter:
    id: str
    title: str
    sections: tuple[Section, ...]
    created_at: datetime
    updated_at: datetime

    @property
    def excerpt_count(self) -> int:
        return sum(len(excerpt_refs(s.body)) for s in self.sections)


@dataclass(frozen=True, slots=True)
class ChapterSummary:
    id: str
    title: str
    section_count: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ChapterDraft:
    """A chapter's content before it has an identity (an import, an edit)."""

    title: str
    sections: tuple[Section, ...] = field(default=())


def check_section(section: Section, position: int) -> Section:
    """Validate one section of an outline; returns it with tidy heading and body."""
    heading = single_line(section.heading, "section heading")
    if not 1 <= section.level <= MAX_LEVEL:
        raise InvalidInput(f"section {heading!r} has level {section.level}; use 1 to {MAX_LEVEL}")
    if not heading and position > 0:
        raise InvalidInput(f"section {position + 1} needs a heading")
    body = check_text(section.body, f"text of section {heading or position + 1}")
    try:
        parse_prose(body)
    except InvalidInput as error:
        raise InvalidInput(f"section {heading or position + 1}, {error}") from None
    return Section(heading, section.level, body.strip("\n"))


def check_draft(draft: ChapterDraft) -> ChapterDraft:
    title = single_line(draft.title, "chapter title")
    if not title:
        raise InvalidInput("a chapter needs a title")
    sections = tuple(check_section(s, i) for i, s in enumerate(draft.sections))
    return ChapterDraft(title, sections)


def find_quote(body: str, words: str) -> tuple[int, int] | None:
    """Where ``words`` first stand in ``body``, allowing any run of whitespace between them.

    String searches, not a pattern per quote: compiling a regular expression of fifty
    words took longer than everything else a quoted excerpt costs.
    """
    parts = words.split()
    if not parts:
        return None
    first, rest = parts[0], parts[1:]
    at = body.find(first)
    while at >= 0:
        end = _words_from(body, at + len(first), rest)
        if end >= 0:
            return at, end
        at = body.find(first, at + 1)
    return None


def _words_from(body: str, index: int, parts: list[str]) -> int:
    """Where ``parts`` end if they follow ``index``, each after whitespace; else -1."""
    for part in parts:
        gap = index
        while gap < len(body) and body[gap].isspace():
            gap += 1
        if gap == index or not body.startswith(part, gap):
            return -1
        index = gap + len(part)
    return index
