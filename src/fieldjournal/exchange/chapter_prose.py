"""A section's text, parsed: CommonMark (markdown-it-py) with our token and citation plugin.

The blocks are the domain's plain records (``Prose``, ``ExcerptLine``, ``FigureLine``,
``BadToken``); the compiler, the preview and the checks of a draft all read them from
here. What counts as a paragraph, a list item, a block quote or emphasis is what every
Markdown editor agrees on (CommonMark). The rules that would drop or change a
researcher's words are off, so those stay as typed: HTML, links and link definitions,
entities, code spans and indented or fenced code, and setext headings (a line of
``---`` under a paragraph is a rule, never a heading that would split the section when
the draft is read back). A backslash still keeps the next character literal.

A list item nested in another, or a list inside a block quote, is drawn flat: the prose
model has paragraphs, items and quotes, not trees. Headings inside a section's text
(``####`` and deeper; ``#`` to ``###`` start sections) are bold paragraphs.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from fieldjournal.domain.analysis import FigureRef
from fieldjournal.domain.chapters import (
    BadToken,
    ChapterDraft,
    ExcerptLine,
    ExcerptRef,
    FigureLine,
    Prose,
    ProseBlock,
    ProseKind,
    Run,
    Section,
    check_outline,
)
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.chapter_tokens import TOKEN_BLOCK, chapter_plugin, parse_token
from fieldjournal.exchange.note_markdown import inline_runs

KEEP_AS_TYPED = [
    "code",
    "fence",
    "reference",
    "html_block",
    "lheading",
    "backticks",
    "link",
    "image",
    "autolink",
    "html_inline",
    "entity",
]


@cache
def parser(*, front_matter: bool = False) -> Any:
    """The one CommonMark parser of drafts (with front matter for a whole chapter's text)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").disable(KEEP_AS_TYPED).use(chapter_plugin)
    if front_matter:
        from mdit_py_plugins.front_matter import front_matter_plugin

        md.use(front_matter_plugin)
    return md


def parse_prose(body: str, first_line: int = 1, *, keep_bad: bool = False) -> list[ProseBlock]:
    """Blocks of a section's text, in order; tokens (and prose) keep their line number.

    ``first_line`` numbers the body's first line, so errors can name a line of a file.
    A malformed token is an error, or with ``keep_bad`` a ``BadToken`` where it stands.
    """
    blocks = _parsed(body, first_line)
    if not keep_bad:
        for block in blocks:
            if isinstance(block, BadToken):
                raise InvalidInput(f"line {block.line}: {block.problem}")
    return list(blocks)


@lru_cache(maxsize=256)
def _parsed(body: str, first_line: int) -> tuple[ProseBlock, ...]:
    """Cached: a compile reads each section for its references and again to draw it."""
    return tuple(_Blocks(body, first_line).read(parser().parse(body)))


def parse_inline(text: str) -> tuple[Run, ...]:
    """One paragraph's runs: emphasis, strong words and citations (kept whole)."""
    return inline_runs(parser().parseInline(text)[0].children or [], line_break=" ")


def excerpt_refs(body: str, *, keep_bad: bool = False) -> list[ExcerptRef]:
    """The well-formed tokens of ``body``; malformed ones are errors unless ``keep_bad``."""
    return [b.ref for b in parse_prose(body, keep_bad=keep_bad) if isinstance(b, ExcerptLine)]


def figure_refs(body: str, *, keep_bad: bool = False) -> list[FigureRef]:
    """The well-formed figure tokens of ``body``, in order."""
    return [b.ref for b in parse_prose(body, keep_bad=keep_bad) if isinstance(b, FigureLine)]


def check_draft(draft: ChapterDraft) -> ChapterDraft:
    """The draft checked as records and each section's text read: a malformed token in
    it is an error that names the section and the line."""
    clean = check_outline(draft)
    for position, section in enumerate(clean.sections):
        check_section_text(section, position)
    return clean


def check_section_text(section: Section, position: int) -> None:
    try:
        parse_prose(section.body)
    except InvalidInput as error:
        raise InvalidInput(f"section {section.heading or position + 1}, {error}") from None


class _Blocks:
    """Walks markdown-it's token stream and keeps the blocks our prose model has."""

    def __init__(self, body: str, first_line: int) -> None:
        self.lines = body.split("\n")
        self.first_line = first_line
        self.blocks: list[ProseBlock] = []
        self.quotes = 0
        self.lists: list[ProseKind] = []
        self.item: ProseKind | None = None  # the kind of the item whose first paragraph is next
        self.item_starts = False
        self.list_fresh = False
        self.heading = False

    def read(self, tokens: list[Any]) -> list[ProseBlock]:
        for token in tokens:
            kind = token.type
            if kind == "blockquote_open":
                self.quotes += 1
            elif kind == "blockquote_close":
                self.quotes -= 1
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.lists.append(ProseKind.BULLET if kind[0] == "b" else ProseKind.NUMBERED)
                self.list_fresh = True
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.item, self.item_starts, self.list_fresh = (
                    self.lists[-1],
                    self.list_fresh,
                    False,
                )
            elif kind == "list_item_close":
                self.item = None
            elif kind == "heading_open":
                self.heading = True
            elif kind == "heading_close":
                self.heading = False
            elif kind == "inline":
                self._prose(token)
            elif kind == "hr":  # a rule stays as written: the prose model has none
                written = self.lines[token.map[0]].strip().lstrip(">").strip()
                self.blocks.append(Prose(self._kind(), (Run(written),), line=self._line(token)))
            elif kind == TOKEN_BLOCK:
                self._token(token)
        return self.blocks

    def _line(self, token: Any) -> int:
        return self.first_line + (token.map[0] if token.map else 0)

    def _kind(self) -> ProseKind:
        if self.quotes:
            return ProseKind.QUOTE
        return self.item or ProseKind.PARAGRAPH

    def _prose(self, token: Any) -> None:
        kind, start = self._kind(), self.item_starts and self.item is not None
        runs = inline_runs(token.children or [], strong=self.heading, line_break=" ")
        if self.item is not None:  # later paragraphs of the item are plain ones
            self.item, self.item_starts = None, False
        if runs:
            self.blocks.append(
                Prose(kind, runs, start and kind is not ProseKind.QUOTE, line=self._line(token))
            )

    def _token(self, token: Any) -> None:
        line = self._line(token)
        try:
            ref = parse_token(token.content)
        except InvalidInput as error:
            self.blocks.append(BadToken(token.content, line, str(error)))
            return
        if isinstance(ref, FigureRef):
            self.blocks.append(FigureLine(ref, line))
        elif ref is not None:
            self.blocks.append(ExcerptLine(ref, line))


__all__ = [
    "check_draft",
    "excerpt_refs",
    "figure_refs",
    "parse_inline",
    "parse_prose",
    "parser",
]
