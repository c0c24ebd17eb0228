"""Rules for text that enters the journal.

Text is stored exactly as typed (any script, emoji, combining marks, and every control
character: form feeds, vertical tabs, U+2028 and the like come in with pasted minutes and
must come out of an export as they went in), except for the two things storage cannot
keep: NUL (many SQLite clients end a string there) and lone surrogates (not UTF-8).
``check_text`` refuses those with a message that says where; ``storable_text`` replaces
them for input from files and pipes. Documents are stricter: ``clean_text`` is for
writers of formats that cannot hold controls (Word's XML), never for storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fieldjournal.domain.errors import InvalidText

# What storage cannot keep: NUL and lone surrogates.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# What a document cannot hold: C0 controls except \t and \n, DEL, and lone surrogates.
_NOT_IN_DOCUMENTS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
# The space separators (Unicode category Zs), trimmed from single-line fields.
SPACE_SEPARATORS = " \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_SPACES = SPACE_SEPARATORS
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
    match = _UNSTORABLE.search(value)
    if match:
        raise InvalidText(
            f"{field} contains {_describe(match.group())} at position {match.start()}, "
            "which the journal cannot store; remove it"
        )
    return value


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    replaced: int


def _replacement(char: str) -> str:
    return "\ufffd" if "\ud800" <= char <= "\udfff" else ""


def storable_text(value: str) -> Cleaned:
    """``value`` with what storage cannot keep replaced: NUL dropped, lone surrogates
    U+FFFD; everything else, controls included, kept as it is."""
    text, replaced = _UNSTORABLE.subn(lambda match: _replacement(match.group()), value)
    return Cleaned(text, replaced)


def clean_text(value: str) -> Cleaned:
    """Text as a document can hold it: line breaks as ``\\n``, other controls gone.

    Vertical tabs, form feeds and Unicode line separators become newlines (they separate
    lines in pasted minutes); other controls are dropped; lone surrogates become U+FFFD.
    For document writers only: the journal stores the text as it was.
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
        return _replacement(match.group())

    text = _NOT_IN_DOCUMENTS.sub(_other, text)
    return Cleaned(text, replaced)


def single_line(value: str, field: str) -> str:
    """Titles, names and sites are one line: no newline, carriage return or tab.

    Only spaces are trimmed from the ends; the other characters Python counts as
    whitespace (form feeds, U+2028...) are text the journal keeps as it was given.
    """
    check_text(value, field)
    if "\n" in value or "\r" in value or "\t" in value:
        raise InvalidText(f"{field} must be a single line")
    return value.strip(_SPACES)


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
