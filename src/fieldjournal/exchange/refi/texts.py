"""Source texts in and out, and the offset conventions of the tools that write them.

Fieldjournal writes UTF-8 without a BOM, LF line breaks, and offsets in code points of
exactly that text (end exclusive): the one reading on which QualCoder, which takes
offsets as Python string indices into the UTF-8 it reads, lands on the same words.

Reading, a file may start with a BOM (QualCoder writes one; offsets never count it) and
may use CRLF line breaks. How a CRLF counts depends on who wrote the file, named in the
project's ``origin`` attribute:

- Fieldjournal, QualCoder and ATLAS.ti count a CRLF as one character (QualCoder writes
  CRLF only on request, offsets still counted on its LF text; ATLAS.ti counts a line
  break as one character whatever the file holds, as QualCoder's importer also assumes);
- every other writer, NVivo and MAXQDA among them, and files with no origin, are taken
  to count the characters of the file as written, so a CRLF counts two (QualCoder's
  importer compensates this way for NVivo and MAXQDA files).

Either way the text is stored with LF line breaks and the offsets moved onto it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

ONE_CHARACTER_CRLF = ("fieldjournal", "qualcoder", "atlas.ti", "atlas")

# Characters no journal text may hold, replaced one for one so offsets stay put:
# line-break-like controls become "\n", other controls a space.
_BREAKS = "\x0b\x0c"
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def crlf_is_one(origin: str) -> bool:
    """True when the writer named by ``origin`` counts a CRLF as one character."""
    folded = origin.casefold()
    return any(name in folded for name in ONE_CHARACTER_CRLF)


def encode(text: str) -> bytes:
    """A source file as Fieldjournal writes it: UTF-8, no BOM (the text is LF already)."""
    return text.encode("utf-8")


@dataclass(frozen=True, slots=True)
class Decoded:
    """A source's text as stored, and how to move the file's offsets onto it."""

    text: str
    invalid_bytes: bool = False
    # Positions, in the file's own counting, of the second character of each CRLF that
    # the file's offsets count as two; empty when offsets need no moving.
    _dropped: tuple[int, ...] = ()

    def position(self, offset: int) -> int:
        """The stored text's position for an offset counted as the file's writer counts."""
        if not self._dropped:
            return offset
        return offset - bisect.bisect_left(self._dropped, offset)


def decode(raw: bytes, *, crlf_one: bool) -> Decoded:
    """Decode a source file (BOM dropped), normalise its line breaks, keep offsets usable."""
    invalid = False
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("utf-8-sig", errors="replace")
        invalid = True
    return normalise(text, crlf_one=crlf_one, invalid=invalid)


def normalise(text: str, *, crlf_one: bool, invalid: bool = False) -> Decoded:
    """LF line breaks and no forbidden characters, with the map for the file's offsets."""
    dropped: list[int] = []
    if "\r" in text:
        if not crlf_one:
            # Each "\n" of a CRLF is one character more in the file's counting than in
            # ours; count the ones before each position as we drop them.
            index = text.find("\r\n")
            while index != -1:
                dropped.append(index + 1)
                index = text.find("\r\n", index + 2)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(c in text for c in _BREAKS):
        text = text.translate({ord(c): "\n" for c in _BREAKS})
    text = _CONTROLS.sub(" ", text)
    return Decoded(text, invalid, tuple(dropped))
