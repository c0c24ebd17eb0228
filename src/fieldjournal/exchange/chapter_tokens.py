"""Our markdown-it plugin for chapter drafts: excerpt tokens and Pandoc citations.

Two rules on top of CommonMark:

- a block rule: a line that is, once stripped, ``[[kind:...]]`` is an excerpt (or figure)
  token, a block of its own that interrupts a paragraph, a list or a block quote. Only
  the whole line counts: ``- [[entry:ID]]`` and ``> [[entry:ID]]`` are prose, and a
  token inside a sentence stays words of it (as the drafts written so far expect).
- an inline rule: at each ``[`` and ``@`` a citation is tried (``citations.citation_at``,
  Pandoc's rules) and, when one starts there, kept whole as one ``citation`` token, so
  emphasis markers and escapes never cut into it.

``parse_token`` reads what a token line says; the GUI's highlighter asks it line by line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fieldjournal.domain.analysis import FigureRef
from fieldjournal.domain.chapters import ExcerptKind, ExcerptRef
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.citations import citation_at

if TYPE_CHECKING:  # markdown-it is imported on first parse: the CLI starts faster
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline

_TOKEN = re.compile(r"\[\[\s*([A-Za-z]+)\s*:(.*)\]\]")
TOKEN_BLOCK = "excerpt_token"
CITATION = "citation"


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


def chapter_plugin(md: MarkdownIt) -> None:
    """Add the token line and citation rules to ``md``."""
    md.block.ruler.before(
        "paragraph",
        TOKEN_BLOCK,
        _token_line,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.inline.ruler.before("escape", CITATION, _citation)


def _token_line(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A line that is a token as a whole, container markers included (see the module)."""
    src = state.src
    end = state.eMarks[start_line]
    at = state.bMarks[start_line] + state.tShift[start_line]
    if not src.startswith("[[", at) or src[at:end].rstrip()[-2:] != "]]":
        return False
    line_start = src.rfind("\n", 0, state.bMarks[start_line]) + 1
    if src[line_start:at].strip():  # after "- " or "> ": prose of the item or quote
        return False
    if silent:
        return True
    token = state.push(TOKEN_BLOCK, "", 0)
    token.content = src[at:end].strip()
    token.map = [start_line, start_line + 1]
    state.line = start_line + 1
    return True


def _citation(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] not in "[@":
        return False
    found = citation_at(state.src, state.pos, state.posMax)
    if found is None:
        return False
    if not silent:
        token = state.push(CITATION, "", 0)
        token.content = state.src[found.start : found.end]
        token.meta = {"citation": found}
    state.pos = found.end
    return True


__all__ = ["CITATION", "TOKEN_BLOCK", "chapter_plugin", "parse_token"]
