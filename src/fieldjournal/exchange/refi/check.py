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

import html
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.exchange.names.leak_check import LeakCheck

_XML_PARTS = (".qde", ".qdc", ".xml")
_GUID = "[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}"
_MACHINE = (
    rf"\{{?{_GUID}\}}?|(?:internal|relative)://{_GUID}\.txt"
    r"|\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
    r"|[+-]?\d+(?:\.\d+)?|#[0-9a-fA-F]{6}|true|false"
)
# Machine-made attribute values and text nodes, cut out before the scan (anything of
# these shapes holds no name, wherever it stands).
_MACHINE_VALUE = re.compile(rf"=\s*\"\s*(?:{_MACHINE})\s*\"")
_MACHINE_TEXT = re.compile(rf">\s*(?:{_MACHINE})?\s*<")
# Scanned left to right: a tag's quoted values, then the text after its ">".
_VALUES = re.compile(
    r"<!--(.*?)-->|<!\[CDATA\[(.*?)\]\]>|=\s*\"([^\"]*)\"|=\s*'([^']*)'|>([^<]+)", re.S
)
# Between two values: a hard break that opens no sentence, as `="` and `>` are.
_BETWEEN = " | "


class NameLeak(FieldjournalError):
    """A real name survived pseudonymisation; the project was not written."""


def xml_values(xml: str) -> list[str]:
    """What in ``xml`` a person may have written, decoded, in document order."""
    kept = _MACHINE_TEXT.sub("><", _MACHINE_VALUE.sub('=""', xml))
    return [
        html.unescape(value)
        for groups in _VALUES.findall(kept)
        for value in groups
        if value and not value.isspace()
    ]


def member_leaks(name: str, data: bytes, check: LeakCheck) -> list[str]:
    """Where each real name found in one archive member's bytes stands."""
    text = data.decode("utf-8", "replace")
    if name.endswith(_XML_PARTS):
        text = _BETWEEN.join(xml_values(text))
    return [leak.describe() for leak in check.check_text(text, name)]


def checked_members(
    members: Iterable[tuple[str, bytes]], check: LeakCheck, found: list[str]
) -> Iterator[tuple[str, bytes]]:
    """``members`` passed on to the zip writer, each checked as it goes in.

    Every byte the archive gets goes through here, so reading the archive back would
    only inflate it again (a second of a 10,000-entry export) to see the same bytes.
    """
    for name, data in members:
        found += member_leaks(name, data, check)
        yield name, data


def leaks(path: Path, check: LeakCheck) -> list[str]:
    """Where each real name found in the archive stands, said for the researcher."""
    found: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            found += member_leaks(name, archive.read(name), check)
    return found
