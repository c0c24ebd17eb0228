"""The format-neutral middle of an export: what the compiler reads and what writers draw.

The service gathers notes and excerpts into these records (the compiler never touches the
journal); the compiler turns a chapter into a list of blocks (headings, prose, excerpts
with citations, placeholders for withheld excerpts, the sources table); each writer
(DOCX, the preview) draws the blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from fieldjournal.domain.chapters import ExcerptRef, ProseKind, Run
from fieldjournal.domain.enums import Consent, EntryKind
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.timeutil import format_long_date

# --- input: what the service resolved ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Withholding:
    """Why a note may not be quoted: an actor's consent, and whether they are linked to
    the note or only named in its text."""

    actor: str
    consent: Consent
    named: bool = False

    def describe(self) -> str:
        how = "named in the text" if self.named else "linked"
        return f"{self.actor} ({self.consent.value.replace('_', ' ')}, {how})"


@dataclass(frozen=True, slots=True)
class Note:
    """The entry an excerpt comes from, as far as a citation needs it.

    ``withheld_by``: the actors whose consent forbids quoting this note.
    """

    id: str
    kind: EntryKind
    title: str
    occurred_at: datetime
    site: str
    withheld_by: tuple[Withholding, ...] = ()

    @property
    def withdrawn(self) -> bool:
        """Someone it concerns withdrew from the study: not even cited."""
        return any(w.consent is Consent.WITHDRAWN for w in self.withheld_by)


@dataclass(frozen=True, slots=True)
class Excerpt:
    note: Note
    text: str
    code_path: str = ""


ResolvedExcerpts = dict[ExcerptRef, tuple[Excerpt, ...]]


CITATION_FIELDS = ("kind", "date", "site", "title")


@dataclass(frozen=True, slots=True)
class CitationStyle:
    """Which note fields a citation shows and how: ``(Meeting observation, 5 April 2016, Site)``.

    Fields: ``kind``, ``date``, ``site``, ``title``. Empty fields are left out.
    """

    fields: tuple[str, ...] = ("kind", "date", "site")
    separator: str = ", "
    opening: str = "("
    closing: str = ")"

    def __post_init__(self) -> None:
        unknown = [f for f in self.fields if f not in CITATION_FIELDS]
        if unknown or not self.fields:
            raise InvalidInput(
                f"citation fields must be some of {', '.join(CITATION_FIELDS)}, not {unknown}"
            )

    @classmethod
    def parse(cls, text: str) -> CitationStyle:
        """``kind,date,site`` (as the command line takes it)."""
        return cls(tuple(part.strip().lower() for part in text.split(",") if part.strip()))

    def values(self, note: Note) -> dict[str, str]:
        return {
            "kind": note.kind.label,
            "date": format_long_date(note.occurred_at),
            "site": note.site,
            "title": note.title,
        }

    def format(self, note: Note, transform: Callable[[str], str] = str) -> str:
        """The citation; ``transform`` (the pseudonymiser) is applied to every value."""
        values = self.values(note)
        shown = [transform(values[name]) for name in self.fields if values[name]]
        return f"{self.opening}{self.separator.join(shown)}{self.closing}"


# --- output: the block list --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """Level 0 is the chapter title; 1-3 are sections."""

    text: str
    level: int


@dataclass(frozen=True, slots=True)
class ProseBlock:
    kind: ProseKind
    runs: tuple[Run, ...]
    list_start: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class ExcerptBlock:
    """Quoted words (one item per paragraph of the note, its light Markdown as runs) and
    the citation after them."""

    lines: tuple[tuple[Run, ...], ...]
    citation: str
    note_id: str

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Each paragraph's words, without their formatting."""
        return tuple("".join(run.text for run in line) for line in self.lines)


@dataclass(frozen=True, slots=True)
class FigureBlock:
    """A chart drawn from the journal (PNG bytes) and its caption, numbered in order."""

    image: bytes
    number: int
    caption: str
    token: str = ""

    @property
    def caption_text(self) -> str:
        """``Figure 2: Uses of Trust``, as Word shows it once its field is updated."""
        return f"{FIGURE_LABEL} {self.number}" + (f": {self.caption}" if self.caption else "")


FIGURE_LABEL = "Figure"


@dataclass(frozen=True, slots=True)
class Placeholder:
    """Where an excerpt was left out because a participant did not consent to quotation."""

    text: str
    note_id: str


@dataclass(frozen=True, slots=True)
class Problem:
    """A reference that cannot be quoted, where it stands (previews only; exports refuse)."""

    token: str
    problem: str


@dataclass(frozen=True, slots=True)
class SourceRow:
    date: str
    kind: str
    site: str
    title: str


# The sources table's columns and their widths on an A4 page: the DOCX and the preview
# draw the same table.
SOURCE_COLUMNS = ("Date", "Kind", "Site", "Title")
SOURCE_WIDTHS_MM = (30, 35, 45, 50)


@dataclass(frozen=True, slots=True)
class SourcesTable:
    heading: str
    rows: tuple[SourceRow, ...]


@dataclass(frozen=True, slots=True)
class ReferencesList:
    """The works the chapter cites, in the style's order, each entry as styled runs."""

    heading: str
    entries: tuple[tuple[Run, ...], ...]


Block = (
    Heading
    | ProseBlock
    | ExcerptBlock
    | FigureBlock
    | Placeholder
    | Problem
    | SourcesTable
    | ReferencesList
)


@dataclass(frozen=True, slots=True)
class Progress:
    """How far an export is: ``done`` of ``total`` steps in ``stage``."""

    stage: str
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class Compiled:
    """A compiled chapter: the blocks, and what the researcher must be told."""

    title: str
    blocks: tuple[Block, ...]
    warnings: tuple[str, ...] = ()
    generated: tuple[tuple[str, str], ...] = ()  # (actor, generated pseudonym) used
    cited: tuple[str, ...] = field(default=())  # note ids, in order of first citation
    withheld: tuple[str, ...] = field(default=())  # each excerpt left out, and why

    @property
    def excerpt_count(self) -> int:
        return sum(isinstance(block, ExcerptBlock) for block in self.blocks)

    @property
    def figure_count(self) -> int:
        return sum(isinstance(block, FigureBlock) for block in self.blocks)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Problem))
