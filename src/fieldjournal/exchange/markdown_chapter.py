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
``###`` start sections of levels 1-3. Serialising and parsing again gives the same draft.
"""

from __future__ import annotations

import re

from fieldjournal.domain.chapters import ChapterDraft, Section, check_draft, parse_prose
from fieldjournal.domain.errors import InvalidInput

_HEADING = re.compile(r"(#{1,3})\s+(.*?)\s*#*\s*")
_FENCE = "---"


def _front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    if not lines or lines[0].strip() != _FENCE:
        return {}, lines
    for end in range(1, len(lines)):
        if lines[end].strip() == _FENCE:
            fields = {}
            for number, line in enumerate(lines[1:end], start=2):
                if not line.strip():
                    continue
                key, colon, value = line.partition(":")
                if not colon:
                    raise InvalidInput(f"line {number}: front matter lines are 'key: value'")
                fields[key.strip().lower()] = value.strip()
            return fields, lines[end + 1 :]
    raise InvalidInput("line 1: the front matter opened with --- is never closed")


def parse_chapter(text: str, default_title: str = "") -> ChapterDraft:
    """The draft a text holds; errors name the line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields, body_lines = _front_matter(lines)
    offset = len(lines) - len(body_lines)
    title = fields.get("title", default_title)
    sections: list[Section] = []
    buffer: list[str] = []
    heading, level, start = "", 1, offset + 1

    def close() -> None:
        if heading or "\n".join(buffer).strip():
            sections.append(Section(heading, level, "\n".join(buffer)))
            parse_prose(sections[-1].body, first_line=start)  # errors name the file's line

    for number, line in enumerate(body_lines, start=offset + 1):
        match = _HEADING.fullmatch(line)
        if match is None:
            buffer.append(line)
            continue
        close()
        heading, level, buffer, start = match.group(2), len(match.group(1)), [], number + 1
        if not heading:
            raise InvalidInput(f"line {number}: a heading needs text after the #")
    close()
    return check_draft(ChapterDraft(title, tuple(sections)))


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
