"""Stage one of an export: a chapter and its resolved excerpts become a block list.

Everything the document will say passes through here, so this is where names are
replaced (prose, headings, excerpts, citations, sources), where control characters are
cleaned, and where excerpts a participant did not consent to are replaced by a visible
placeholder. The result is format-neutral: the DOCX writer and the editor's preview draw
the same blocks. ``ChapterCompiler.steps()`` yields progress so a dialog can follow it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from fieldjournal.domain.analysis import FigureRef
from fieldjournal.domain.chapters import (
    BadToken,
    ExcerptKind,
    ExcerptLine,
    ExcerptRef,
    FigureLine,
    Prose,
    Run,
    Section,
)
from fieldjournal.domain.chapters import (
    ProseBlock as ParsedBlock,
)
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.pseudonyms import NameSubstitution
from fieldjournal.domain.text import clean_text
from fieldjournal.domain.timeutil import format_long_date
from fieldjournal.domain.wording import counted
from fieldjournal.exchange.chapter_blocks import (
    Block,
    CitationStyle,
    Compiled,
    Excerpt,
    ExcerptBlock,
    FigureBlock,
    Heading,
    Note,
    Placeholder,
    Problem,
    Progress,
    ProseBlock,
    ReferencesList,
    ResolvedExcerpts,
    SourceRow,
    SourcesTable,
)
from fieldjournal.exchange.chapter_prose import parse_prose
from fieldjournal.exchange.citations import Citation, find_citations
from fieldjournal.exchange.csl_render import CslRenderer
from fieldjournal.exchange.note_markdown import quote_paragraphs

_LINE_BREAK = re.compile(r"\s*\n\s*")
_POSSESSIVE = re.compile(r"['’]s(?!\w)")  # "@holt2000a's argument"
_NOT_XML = re.compile("[\ufffe\uffff]")  # noncharacters XML 1.0 cannot carry
# An excerpt token written inside a sentence (words typed on its line): prose, printed as
# it stands, so the export says so rather than quoting nothing without a word.
_TOKEN_KINDS = "|".join([*(kind.value for kind in ExcerptKind), "figure"])
_TOKEN_IN_PROSE = re.compile(rf"\[\[\s*(?:{_TOKEN_KINDS})\s*:", re.IGNORECASE)
WITHHELD = "[Excerpt withheld: a participant has not consented to quotation. {citation}]"
WITHDRAWN = "[Excerpt withheld: a participant has withdrawn from the study.]"


def document_text(text: str) -> tuple[str, int]:
    """``text`` as a document can hold it, and how many characters had to go."""
    cleaned = clean_text(text)
    value, removed = _NOT_XML.subn("", cleaned.text)
    return value, cleaned.replaced + removed


@dataclass(frozen=True, slots=True)
class CompileOptions:
    citation: CitationStyle = field(default_factory=CitationStyle)
    sources: bool = False
    sources_heading: str = "Sources"
    references: CslRenderer | None = None  # renders literature citations; None: none cited
    references_heading: str = "References"


class ChapterCompiler:
    """Compile once: iterate ``steps()`` (progress), then read ``result``.

    ``problems`` (a preview's): references that could not be resolved, and why; they and
    malformed tokens become ``Problem`` blocks where they stand instead of errors.
    """

    def __init__(
        self,
        title: str,
        sections: Sequence[Section],
        excerpts: ResolvedExcerpts,
        names: NameSubstitution,
        options: CompileOptions = CompileOptions(),
        problems: Mapping[ExcerptRef | FigureRef, str] | None = None,
        figures: Mapping[FigureRef, bytes] | None = None,
    ) -> None:
        self.title = title
        self.figures = figures or {}
        self._figure_number = 0
        self.problems = problems
        self.sections = tuple(sections)
        self.excerpts = excerpts
        self.names = names
        self.options = options
        self._blocks: list[Block] = []
        self._warnings: list[str] = []
        self._cited: dict[str, Note] = {}
        self._withheld: list[str] = []
        self._cleaned = 0
        self._lines: dict[str, tuple[str, int]] = {}  # text -> line, characters removed
        self._result: Compiled | None = None

    @property
    def result(self) -> Compiled:
        if self._result is None:
            for _ in self.steps():
                pass
        assert self._result is not None
        return self._result

    def steps(self) -> Iterator[Progress]:
        """Compile section by section, yielding progress after each."""
        total = len(self.sections)
        self._blocks, self._warnings, self._cited, self._cleaned = [], [], {}, 0
        self._withheld = []
        self._figure_number = 0
        self._result = None
        self._blocks.append(Heading(self._line(self.title), 0))
        self._register_citations()
        yield Progress("compile", 0, total)
        for done, section in enumerate(self.sections, start=1):
            self._section(section)
            yield Progress("compile", done, total)
        references = self.options.references
        if references is not None and references.order():
            heading = self._line(self.options.references_heading)
            self._blocks.append(ReferencesList(heading, tuple(references.bibliography())))
        if self.options.sources and self._cited:
            self._blocks.append(self._sources())
        if self._cleaned:
            self._warnings.append(
                f"{counted(self._cleaned, 'control character')} that no document can hold "
                f"{'was' if self._cleaned == 1 else 'were'} removed"
            )
        generated = tuple((r.actor, r.pseudonym) for r in self.names.generated_used())
        self._result = Compiled(
            title=self._line(self.title),
            blocks=tuple(self._blocks),
            warnings=tuple(self._warnings),
            generated=generated,
            cited=tuple(self._cited),
            withheld=tuple(self._withheld),
        )

    # --- citations of the literature ------------------------------------------------
    def _register_citations(self) -> None:
        """Every citation known before any is written (year suffixes need them all), from
        the prose and from the memos it quotes; each unknown citekey is reported with the
        section or memo and the line it stands on."""
        for section in self.sections:
            where = f"section {section.heading!r}"
            for block in self._parsed(section):
                if isinstance(block, Prose):
                    for run in block.runs:
                        if run.cite:
                            line = _line_of(section.body, run.text, block.line)
                            self._register(_citation(run), where, line)
        memos = {
            excerpt.note.id: excerpt
            for excerpts in self.excerpts.values()
            for excerpt in excerpts
            if _cites(excerpt)
        }
        for excerpt in memos.values():
            text = excerpt.text.strip()
            where = f"memo {excerpt.note.title or excerpt.note.id!r}"
            for citation in find_citations(text):
                self._register(citation, where, text.count("\n", 0, citation.start) + 1)

    def _register(self, citation: Citation, where: str, line: int) -> None:
        renderer = self.options.references
        if renderer is not None:
            renderer.register(citation)
        for key in citation.keys:
            if renderer is None or not renderer.known(key):
                self._warnings.append(
                    f"{where}, line {line}: unknown citekey @{key}, shown as [@{key}?]"
                )

    def _parsed(self, section: Section) -> list[ParsedBlock]:
        try:
            return parse_prose(section.body, keep_bad=self.problems is not None)
        except InvalidInput as error:
            raise InvalidInput(f"section {section.heading!r}, {error}") from None

    def _cited_text(self, text: str) -> str:
        """A memo's words with its citations rendered, as plain text (a quote has no
        runs); names are replaced outside the citations only."""
        pieces: list[Run] = []
        position = 0
        for citation in find_citations(text):
            pieces.append(Run(text[position : citation.start]))
            pieces.append(Run(text[citation.start : citation.end], cite=True))
            position = citation.end
        pieces.append(Run(text[position:]))
        return "".join(run.text for run in self._prose_runs(tuple(pieces)))

    def _prose_runs(self, runs: tuple[Run, ...]) -> tuple[Run, ...]:
        """Prose with its citations rendered; names are replaced outside citations only
        (a citation names the literature, never a participant), and in the marks of
        unknown keys (``@Holloway`` that is no reference is a handle)."""
        out: list[Run] = []
        prose: list[Run] = []  # runs of the participants' words since the last citation
        renderer = self.options.references

        def flush() -> None:
            # Names are found across runs: "Mir*iam*" is Miriam whatever the emphasis.
            texts = self._texts([r.text for r in prose])
            out.extend(Run(t, r.emphasis, r.strong) for t, r in zip(texts, prose, strict=True))
            prose.clear()

        pending = list(runs)
        while pending:
            run = pending.pop(0)
            if not run.cite:
                prose.append(run)
                continue
            flush()
            citation = _citation(run)
            if renderer is None:  # no reference is known: each key is marked unknown
                marks = " ".join(f"[@{key}?]" for key in citation.keys)
                out.append(Run(self._text(marks)))
                continue
            possessive = ""
            after = _POSSESSIVE.match(pending[0].text) if pending and citation.narrative else None
            if after is not None and not pending[0].cite:  # "@holt2000a's": "Holt's (2000)"
                possessive = after.group()
                pending[0] = replace(pending[0], text=pending[0].text[after.end() :])
            cited = renderer.cite(citation, self._text, possessive=possessive)
            # a citation in emphasis or strong words takes their formatting
            out.extend(
                replace(r, emphasis=r.emphasis or run.emphasis, strong=r.strong or run.strong)
                for r in cited
            )
        flush()
        return tuple(out)

    # --- pieces ---------------------------------------------------------------------
    def _text(self, text: str) -> str:
        value, replaced = document_text(text)
        self._cleaned += replaced
        return self.names.apply(value)

    def _texts(self, texts: list[str]) -> list[str]:
        """Runs of one paragraph, cleaned and with names replaced as they read together."""
        values = []
        for text in texts:
            value, replaced = document_text(text)
            self._cleaned += replaced
            values.append(value)
        if len(values) == 1:
            return [self.names.apply(values[0])]
        return self.names.apply_runs(values)

    def _line(self, text: str) -> str:
        """A heading, title or site: one line, whatever separators the journal kept.

        Citations repeat the same kinds, dates and sites hundreds of times: each is made
        once (its names count as used from then on; its removed characters count each time)."""
        known = self._lines.get(text)
        if known is None:
            before = self._cleaned
            line = _LINE_BREAK.sub(" ", self._text(text)).strip()
            known = self._lines[text] = (line, self._cleaned - before)
        else:
            self._cleaned += known[1]
        return known[0]

    def _section(self, section: Section) -> None:
        if section.heading:
            self._blocks.append(Heading(self._line(section.heading), section.level))
        for block in self._parsed(section):
            if isinstance(block, Prose):
                runs = self._prose_runs(block.runs)
                self._blocks.append(ProseBlock(block.kind, runs, block.list_start))
                if any(_TOKEN_IN_PROSE.search(run.text) for run in block.runs if not run.cite):
                    self._warnings.append(
                        f"section {section.heading!r}, line {block.line}: an excerpt token "
                        "shares its line with other words, so it is printed as words; "
                        "put it on a line of its own to quote the note"
                    )
            elif isinstance(block, BadToken):
                self._blocks.append(Problem(block.text, block.problem))
            elif isinstance(block, FigureLine):
                self._figure(block)
            else:
                self._excerpts(block)

    def _figure(self, line: FigureLine) -> None:
        if self.problems is not None and line.ref in self.problems:
            self._blocks.append(Problem(line.ref.token, self.problems[line.ref]))
            return
        image = self.figures.get(line.ref)
        if image is None:
            raise InvalidInput(f"{line.ref.token} was not drawn before compiling")
        self._figure_number += 1
        caption = self._line(line.ref.caption)
        self._blocks.append(FigureBlock(image, self._figure_number, caption, line.ref.token))

    def _excerpts(self, line: ExcerptLine) -> None:
        if self.problems is not None and line.ref in self.problems:
            self._blocks.append(Problem(line.ref.token, self.problems[line.ref]))
            return
        found = self.excerpts.get(line.ref)
        if found is None:
            raise InvalidInput(f"{line.ref.token} was not resolved before compiling")
        for excerpt in found:
            self._blocks.append(self._excerpt(excerpt))

    def _excerpt(self, excerpt: Excerpt) -> ExcerptBlock | Placeholder:
        note = excerpt.note
        citation = self.options.citation.format(note, self._line)
        if note.withheld_by:
            why = "; ".join(w.describe() for w in note.withheld_by)
            message = (
                f"excerpt of {note.title or 'an untitled note'!r} "
                f"({format_long_date(note.occurred_at)}, id {note.id[:8]}) withheld: {why}"
            )
            self._warnings.append(message)
            self._withheld.append(message)
            if note.withdrawn:  # not quoted, not cited, not among the sources
                return Placeholder(WITHDRAWN, note.id)
            self._cited.setdefault(note.id, note)  # observed: cited, not quoted
            return Placeholder(WITHHELD.format(citation=citation), note.id)
        self._cited.setdefault(note.id, note)
        words = excerpt.text.strip()
        text = self._cited_text(words) if _cites(excerpt) else self._text(words)
        return ExcerptBlock(quote_paragraphs(text) or ((Run(""),),), citation, note.id)

    def _sources(self) -> SourcesTable:
        notes = sorted(self._cited.values(), key=lambda n: (n.occurred_at, n.id))
        rows = tuple(
            SourceRow(
                date=format_long_date(note.occurred_at),
                kind=note.kind.label,
                site=self._line(note.site),
                title=self._line(note.title),
            )
            for note in notes
        )
        return SourcesTable(self._line(self.options.sources_heading), rows)


def _cites(excerpt: Excerpt) -> bool:
    """Whether an excerpt's citations of the literature are rendered: a memo's are (the
    researcher's own writing, with Pandoc citations); a fieldnote is quoted verbatim."""
    note = excerpt.note
    return note.kind is EntryKind.MEMO and not note.withheld_by and "@" in excerpt.text


def _citation(run: Run) -> Citation:
    """The citation a citation run holds (the parser kept it whole, as written)."""
    return _citation_in(run.text)


@lru_cache(maxsize=1024)
def _citation_in(text: str) -> Citation:
    return find_citations(text)[0]


def _line_of(body: str, text: str, from_line: int) -> int:
    """The line of ``body`` where ``text`` (a citation) stands, looking from ``from_line``
    (its paragraph's); the paragraph's line when a container's markers split it."""
    start = 0
    for _ in range(from_line - 1):
        start = body.find("\n", start) + 1
    at = body.find(text, start)
    return from_line if at == -1 else body.count("\n", 0, at) + 1


def compile_chapter(
    title: str,
    sections: Sequence[Section],
    excerpts: ResolvedExcerpts,
    names: NameSubstitution,
    options: CompileOptions = CompileOptions(),
) -> Compiled:
    return ChapterCompiler(title, sections, excerpts, names, options).result
