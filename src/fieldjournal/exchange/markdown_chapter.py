"""A chapter's text form: what ``chapter import`` reads and ``chapter show`` prints.

::

    ---
    title: Trust across sectors
    ---

    Opening prose, before any heading.

    # A section
    Prose with *emphasis*, **strong** words and excerpt tokens on lines of their own:

    [[quote:3f2a9c1e|we are the delivery arm]]

    ## A subsection

Front matter is optional (the caller supplies a title, e.g. the file name); ``#`` to
``###`` start sections of levels 1-3. Parsed as CommonMark with markdown-it-py: the front
matter by ``mdit_py_plugins``, the headings where markdown-it finds them (not inside a
list or a block quote), each section's text by ``chapter_prose``. A section's text is
kept exactly as written between its heading and the next, so serialising and parsing
again gives the same draft.
"""

from __future__ import annotations

from typing import Any

from fieldjournal.domain.chapters import ChapterDraft, Section
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.chapter_prose import check_draft, parse_prose, parser

_FENCE = "---"
_SECTION_TAGS = {"h1": 1, "h2": 2, "h3": 3}


def _fields(token: Any) -> dict[str, str]:
    """``key: value`` lines of the front matter (not YAML: a title is all it says)."""
    fields = {}
    for number, line in enumerate(token.content.split("\n"), start=token.map[0] + 2):
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise InvalidInput(f"line {number}: front matter lines are 'key: value'")
        fields[key.strip().lower()] = value.strip()
    return fields


def parse_chapter(text: str, default_title: str = "") -> ChapterDraft:
    """The draft a text holds; errors name the line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    tokens = parser(front_matter=True).parse(text)
    fields: dict[str, str] = {}
    offset = 0
    if tokens and tokens[0].type == "front_matter":
        fields, offset = _fields(tokens[0]), tokens[0].map[1]
    elif lines[0].strip() == _FENCE:
        raise InvalidInput("line 1: the front matter opened with --- is never closed")
    headings = [
        (index, token)
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.level == 0 and token.tag in _SECTION_TAGS
    ]
    sections: list[Section] = []

    def close(heading: str, level: int, start: int, end: int) -> None:
        body = "\n".join(lines[start:end])
        if heading or body.strip():
            sections.append(Section(heading, level, body))
            parse_prose(body, first_line=start + 1)  # errors name the file's line

    heading, level, start = "", 1, offset
    for index, token in headings:
        close(heading, level, start, token.map[0])
        heading, level, start = tokens[index + 1].content, _SECTION_TAGS[token.tag], token.map[1]
        if not heading:
            raise InvalidInput(f"line {token.map[0] + 1}: a heading needs text after the #")
    close(heading, level, start, len(lines))
    return check_draft(ChapterDraft(fields.get("title", default_title), tuple(sections)))


def serialise_chapter(title: str, sections: tuple[Section, ...] | list[Section]) -> str:
    """The text form of a chapter, ending with a newline."""
    parts = [f"{_FENCE}\ntitle: {title}\n{_FENCE}"]
    for section in sections:
        lines = []
        if section.heading:
            lines.append(f"{'#' * section.level} {section.heading}")
        if section.body.strip():
            lines.append(section.body.strip("\n"))
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
