"""The last look at a ``.qdpx`` before it is delivered: no real name in any member.

Reads every member's bytes as they go into the archive (not the records they were made
from), with the independent leak check (its own matcher, not the replacer's), every text
file whole. Of the XML it
reads what a person's words can be in: every attribute value, text node, comment and
CDATA section, entities decoded. Tag and attribute names are the schema's vocabulary,
and values a machine made (GUIDs, timestamps, numbers, colours, booleans) hold no name;
leaving both out makes the check of a 10,000-entry project a few seconds, not minutes.
"""

from __future__ import annotations

import codecs
import html
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.exchange.names.leak_check import LeakCheck
from fieldjournal.exchange.refi.container import Member

_XML_PARTS = (".qde", ".qdc", ".xml")
_GUID = "[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}"
_MACHINE = (
    rf"\{{?{_GUID}\}}?|(?:internal|relative)://{_GUID}\.txt"
    r"|\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
    r"|[+-]?\d+(?:\.\d+)?|#[0-9a-fA-F]{6}|true|false"
)
# One pass, left to right: machine-made attribute values and text nodes (anything of
# these shapes holds no name, wherever it stands) match without a group and are passed
# over; the rest is a value with its delimiters (a tag's quoted value, the text after a
# ">", a comment or CDATA section up to its closing ">", which opens the text after it).
# One group, so the scan makes a string a match, not a tuple.
_SCAN = re.compile(
    rf"=\s*\"\s*(?:{_MACHINE})\s*\"|>\s*(?:{_MACHINE})?\s*(?=<)"
    r"|(<!--.*?--(?=>)|<!\[CDATA\[.*?\]\](?=>)|=\s*\"[^\"]*\"|=\s*'[^']*'|>[^<]+)",
    re.S,
)


class NameLeak(FieldjournalError):
    """A real name survived pseudonymisation; the project was not written."""


def _inside(found: str) -> str:
    """A value as ``_SCAN`` found it, without its delimiters."""
    opening = found[0]
    if opening == ">":
        return found[1:]
    if opening == "=":
        return found[1:].lstrip()[1:-1]
    if found.startswith("<!--"):
        return found[4:-2]
    return found[9:-2]  # <![CDATA[ ... ]]


def xml_values(xml: str) -> list[str]:
    """What in ``xml`` a person may have written, decoded, in document order."""
    unescape = html.unescape
    values = []
    for found in _SCAN.findall(xml):
        if found:
            value = _inside(found)
            if value and not value.isspace():
                values.append(unescape(value) if "&" in value else value)
    return values


def member_leaks(name: str, data: bytes, check: LeakCheck) -> list[str]:
    """Where each real name found in one archive member's bytes stands."""
    text = data.decode("utf-8", "replace")
    if name.endswith(_XML_PARTS):
        return [leak.describe() for leak in check.check_values(xml_values(text), name)]
    return [leak.describe() for leak in check.check_text(text, name)]


class _XmlScan:
    """A document checked as its pieces arrive, cut where no value can be cut.

    A value never holds a raw ``<`` (only comments and CDATA sections may), so the text
    up to the last ``<`` seen holds only whole values; the rest waits for the next piece.
    """

    def __init__(self, name: str, check: LeakCheck, found: list[str]) -> None:
        self.name, self.check, self.found = name, check, found
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.pending = ""

    def feed(self, data: bytes) -> None:
        text = self.pending + self.decoder.decode(data)
        cut = text.rfind("<")
        head = text[:cut] if cut > 0 else ""
        if _open_section(head):
            head = ""  # a comment or CDATA section is still open: wait for its end
        self.pending = text[len(head) :]
        self._scan(head)

    def close(self) -> None:
        self._scan(self.pending + self.decoder.decode(b"", final=True))
        self.pending = ""

    def _scan(self, text: str) -> None:
        if text:
            leaks = self.check.check_values(xml_values(text), self.name)
            self.found += [leak.describe() for leak in leaks]


def _open_section(text: str) -> bool:
    """Whether ``text`` ends inside a comment or a CDATA section (or may)."""
    return text.rfind("<!--") > text.rfind("-->") or text.rfind("<![CDATA[") > text.rfind("]]>")


def checked_members(
    members: Iterable[Member], check: LeakCheck, found: list[str]
) -> Iterator[Member]:
    """``members`` passed on to the zip writer, each checked as it goes in.

    Every byte the archive gets goes through here, so reading the archive back would
    only inflate it again (a second of a 10,000-entry export) to see the same bytes.
    A member given in pieces is passed on in pieces, each checked before it goes.
    """
    for name, data in members:
        if isinstance(data, bytes):
            found += member_leaks(name, data, check)
            yield name, data
        else:
            yield name, _checked_pieces(name, data, check, found)


def _checked_pieces(
    name: str, pieces: Iterable[bytes], check: LeakCheck, found: list[str]
) -> Iterator[bytes]:
    if not name.endswith(_XML_PARTS):  # a text in pieces: checked whole, at its end
        whole = []
        for piece in pieces:
            whole.append(piece)
            yield piece
        found += member_leaks(name, b"".join(whole), check)
        return
    scan = _XmlScan(name, check, found)
    for piece in pieces:
        scan.feed(piece)
        yield piece
    scan.close()


def leaks(path: Path, check: LeakCheck) -> list[str]:
    """Where each real name found in the archive stands, said for the researcher."""
    found: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            found += member_leaks(name, archive.read(name), check)
    return found
