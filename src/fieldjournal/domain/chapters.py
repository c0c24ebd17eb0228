"""Chapter drafts: an outline of sections whose text is light Markdown with excerpt tokens.

A draft lives as text, so excerpts are tokens on a line of their own:
``[[entry:ID]]`` (a whole entry), ``[[quote:ID|exact words]]`` (a passage found by its
words), ``[[segment:ID]]`` (a coded segment) and ``[[code:PATH]]`` (everything coded
with PATH or below). References stay live: a compile quotes the notes as they are now.
A ``[[figure:VIEW key=value|caption]]`` token draws a chart of the journal there (see
``domain.analysis.FigureRef``).

Prose is light Markdown: paragraphs, ``*emphasis*``, ``**strong**``, ``- `` bullet items,
``1. `` numbered items and ``> `` block quotes of the researcher's own words, with Pandoc
citations of the literature. These are the records only: parsing the text into them is
``exchange.chapter_prose`` (CommonMark, with markdown-it-py), so this layer needs nothing
beyond the standard library.
"""

from __future__ import annotations

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


# --- the prose model -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of prose with one formatting."""

    text: str
    emphasis: bool = False
    strong: bool = False
    cite: bool = False  # a citation of the literature as written: rendered, never renamed


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
    line: int = field(default=0, compare=False)  # where it starts, for messages

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
    return Section(heading, section.level, body.strip("\n"))


def check_outline(draft: ChapterDraft) -> ChapterDraft:
    """The title and sections checked as records; ``exchange.chapter_prose.check_draft``
    also reads each section's text (a malformed excerpt token is an error)."""
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
