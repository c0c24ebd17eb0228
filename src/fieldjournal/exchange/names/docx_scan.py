"""The last line of defence: no real name may leave in any part of a written document.

Every XML part of the package is read back from the file about to be delivered
(document, styles, headers, footers, footnotes, endnotes, comments, ``docProps/*``,
relationships): each paragraph's text joined across its runs (a name split by formatting
still counts; tabs and breaks count as spaces), every other text node, and every
attribute value. The file is written beside the target and renamed into place only
after the check passes; on a leak nothing is left behind.
"""

from __future__ import annotations

import os
import re
import zipfile
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from lxml import etree

from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.exchange.files import not_written
from fieldjournal.exchange.names.leak_check import Leak, LeakCheck

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH = f"{_W}p"
_RUN_TEXT = {f"{_W}t", f"{_W}delText"}
_RUN_SPACE = {f"{_W}tab", f"{_W}br", f"{_W}cr"}
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_comments=False)
# Word's machine values: colours (``5F497A``, ``FFFFFF``), revision and paragraph ids
# (``00AA1D8D``), GUIDs, font signatures and shades (``7F``). Read as text they spell short
# names ("AA", "Ada" in ``00ADA1F3``). A name is never written in upper-case hexadecimal
# with a digit in it, nor as exactly six or eight such letters.
_HEX_VALUE = re.compile(r"\{?[0-9A-F]+(?:-[0-9A-F]+)*\}?")
# Word's vocabulary in attribute values: ``doNotFlipMirrorIndents``, ``compatibilityMode``,
# ``spaceForUL``. Read with inner capitals as joins, they spell "Mirror" or "Flip". The
# writer puts journal text into attributes only as captions, titles and link targets,
# which are never one lower-case-first ASCII identifier.
_WORD_IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(?:[A-Z]+[a-z0-9]*)+")

# Font names: the template's and the writer's (``ＭＳ ゴシック``, ``맑은 고딕`` in the theme,
# spelt "go" letter by letter). The writer never puts journal text into a font's name.
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_FONT_ATTRIBUTES = frozenset(
    [
        (f"{_W}font", f"{_W}name"),
        (f"{_W}altName", f"{_W}val"),
        *((f"{_W}rFonts", f"{_W}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")),
        *((f"{_A}{e}", "typeface") for e in ("latin", "ea", "cs", "font", "sym")),
    ]
)


@lru_cache(maxsize=8192)  # a part repeats the same few values thousands of times
def _machine_value(value: str) -> bool:
    if _WORD_IDENTIFIER.fullmatch(value):
        return True
    return bool(_HEX_VALUE.fullmatch(value)) and (
        any(c.isdigit() for c in value) or len(value) in (6, 8)
    )


class NameLeak(FieldjournalError):
    """A real name survived pseudonymisation; the document was not written."""


def _label(element: etree._Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else "comment"
    qname = etree.QName(tag) if "}" in tag else None
    if qname is None:
        return tag
    prefix = next((p for p, uri in (element.nsmap or {}).items() if uri == qname.namespace), None)
    return f"{prefix}:{qname.localname}" if prefix else qname.localname


def _paragraph_text(paragraph: etree._Element) -> str:
    pieces = []
    for node in paragraph.iter():
        if node.tag in _RUN_TEXT:
            pieces.append(node.text or "")
        elif node.tag in _RUN_SPACE:
            pieces.append(" ")
    return "".join(pieces)


_Place = tuple[str, etree._Element, str, int]  # kind, element, attribute, paragraph number


def _places(root: etree._Element) -> Iterator[tuple[_Place, str]]:
    """Every paragraph, other text node and attribute value of a part, with its place."""
    paragraphs = 0
    for element in root.iter():
        if element.tag == _PARAGRAPH:
            paragraphs += 1
            yield ("paragraph", element, "", paragraphs), _paragraph_text(element)
        elif element.text and element.tag not in _RUN_TEXT and element.text.strip():
            yield ("text", element, "", 0), element.text
        if element.tail and element.tail.strip():
            yield ("tail", element, "", 0), element.tail
        for attribute, value in element.attrib.items():
            if (element.tag, attribute) in _FONT_ATTRIBUTES:
                continue
            if value.strip() and not _machine_value(value):
                yield ("attribute", element, str(attribute), 0), value


def _describe(place: _Place) -> str:
    """Where a leak stands, worked out only for a leak (a part has thousands of places)."""
    kind, element, attribute, number = place
    if kind == "paragraph":
        return f"paragraph {number}"
    if kind == "text":
        return f"<{_label(element)}>"
    if kind == "tail":
        return f"after <{_label(element)}>"
    return f"attribute {_label_attribute(element, attribute)} of <{_label(element)}>"


def _label_attribute(element: etree._Element, attribute: str) -> str:
    if "}" not in attribute:
        return attribute
    qname = etree.QName(attribute)
    prefix = next((p for p, uri in (element.nsmap or {}).items() if uri == qname.namespace), None)
    return f"{prefix}:{qname.localname}" if prefix else qname.localname


def _check_part(name: str, root: etree._Element, check: LeakCheck) -> list[Leak]:
    """One check over all of a part's texts, each kept apart from the next by a blank line."""
    places: list[_Place] = []
    texts: list[str] = []
    offsets: list[int] = []
    total = 0
    may_hold: dict[str, bool] = {}  # the same style names and values, asked once each
    for place, text in _places(root):
        held = may_hold.get(text)
        if held is None:
            held = may_hold[text] = check.may_hold(text)
        if not held:
            continue
        places.append(place)
        texts.append(text)
        offsets.append(total)
        total += len(text) + 2
    leaks = []
    for leak in check.check_text("\n\n".join(texts), name, ""):
        index = bisect_right(offsets, leak.start) - 1
        text, at = texts[index], leak.start - offsets[index]
        context = " ".join(text[max(0, at - 30) : at + len(leak.found) + 30].split())
        leaks.append(replace(leak, where=_describe(places[index]), context=context, start=at))
    return leaks


def scan_docx(data: bytes, check: LeakCheck) -> list[Leak]:
    """Every real name found in the package's XML parts, with where it stands."""
    leaks: list[Leak] = []
    with zipfile.ZipFile(BytesIO(data)) as package:
        for name in package.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            raw = package.read(name)
            try:
                root = etree.fromstring(raw, _PARSER)
            except etree.XMLSyntaxError:
                leaks += check.check_text(raw.decode("utf-8", "replace"), name, "unreadable XML")
                continue
            leaks += _check_part(name, root, check)
    return leaks


Scan = Callable[[bytes, LeakCheck], list[Leak]]


def deliver(data: bytes, target: Path, check: LeakCheck | None, scan: Scan = scan_docx) -> None:
    """Write ``data`` to ``target`` via a temporary file, checked first when ``check`` is
    given (read back by ``scan``: a DOCX unless told otherwise)."""
    target = Path(target)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as stream:  # real names may be in it: private
                stream.write(data)
        except OSError as error:  # a full disk: say so, and leave no part of the file
            raise (not_written(error, target) or error) from error
        if check is not None:
            leaks = scan(temporary.read_bytes(), check)
            if leaks:
                listed = "; ".join(leak.describe() for leak in leaks[:5])
                more = f" and {len(leaks) - 5} more" if len(leaks) > 5 else ""
                raise NameLeak(
                    f"export stopped: a real name is still in the document: {listed}{more}. "
                    f"No file was written to {target}."
                )
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
