"""Rules for text that enters the journal.

Text is stored exactly as typed (any script, emoji, combining marks), except for
characters no document format can hold: NUL and the other C0 controls apart from tab
and newline, and lone surrogates. ``check_text`` refuses them with a message that says
where; ``clean_text`` replaces them for input that comes from pasting or files, where
refusing would only frustrate (minutes pasted from e-mail carry form feeds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fieldjournal.domain.errors import InvalidText

# C0 controls except \t and \n, DEL, and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _describe(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return f"a broken character (lone surrogate {code})"
    return f"the control character {code}"


def check_text(value: str, field: str) -> str:
    """Return ``value`` unchanged, or raise ``InvalidText`` naming the first bad character."""
    if not isinstance(value, str):
        raise InvalidText(f"{field} must be text, not {type(value).__name__}")
    match = _FORBIDDEN.search(value)
    if match:
        raise InvalidText(
            f"{field} contains {_describe(match.group())} at position {match.start()}, "
            "which no document format can hold; remove it"
        )
    return value


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    replaced: int


def clean_text(value: str) -> Cleaned:
    """Normalise line breaks to ``\\n`` and replace every other forbidden character.

    Vertical tabs, form feeds and Unicode line separators become newlines (they separate
    lines in pasted minutes); other controls are dropped; lone surrogates become U+FFFD.
    """
    replaced = 0

    def _newline(match: re.Match[str]) -> str:
        nonlocal replaced
        if match.group() != "\r\n":
            replaced += 1
        return "\n"

    text = _LINE_BREAKS.sub(_newline, value)

    def _other(match: re.Match[str]) -> str:
        nonlocal replaced
        replaced += 1
        char = match.group()
        return "\ufffd" if "\ud800" <= char <= "\udfff" else ""

    text = _FORBIDDEN.sub(_other, text)
    return Cleaned(text, replaced)


def single_line(value: str, field: str) -> str:
    """Titles, names and sites are one line: refuse line breaks as well as controls."""
    check_text(value, field)
    if "\n" in value or "\t" in value:
        raise InvalidText(f"{field} must be a single line")
    return value.strip()


def entry_label(title: str, first: str) -> str:
    """What lists call an entry: its title, or its first line when it has none yet
    (the timeline, search and the command line name untitled notes alike)."""
    return title or first or "Untitled"


def first_line(body: str, limit: int = 120) -> str:
    """The first non-empty line of a body, shortened for lists."""
    for line in body.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
    return ""
