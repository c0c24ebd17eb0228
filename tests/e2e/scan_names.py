"""An independent reader of exported files for the evaluation tests: is a real name left?

Shares no code with the product's replacer or leak check. Each file is opened as its
readers open it (a DOCX or QDPX is unzipped and every XML part parsed with the standard
library; a PDF's text extracted with pypdf; SVG and CSV read as text); every text unit
(a paragraph's runs joined, every other text node, every attribute value, every line) is
normalised: NFKD, invisible characters dropped, combining marks dropped, spelt in ASCII
by ``anyascii``, case-folded, transliteration pairs folded (ue->u, oe->o, ae->a, aa->a,
ss->s). A distinctive name part (five letters or more, not an English word) is looked for
anywhere in the unit's letters (so inside addresses, CamelCase and split runs); a short
part as a whole word, or glued to a neighbour with nothing between; an ordinary-word part
("Rose") only where written with a capital, outside the given ordinary phrases.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from anyascii import anyascii

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u034f\u2061-\u2064]")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAIRS = (("ue", "u"), ("oe", "o"), ("ae", "a"), ("aa", "a"), ("ss", "s"))


def normalise(text: str) -> str:
    """ASCII, case-folded, invisible characters and accents gone, pairs folded."""
    text = _INVISIBLE.sub("", text).replace("*", "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = anyascii(text).casefold()
    for pair, single in _PAIRS:
        text = text.replace(pair, single)
    return text


def letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", normalise(text))


def _xml_units(data: bytes) -> Iterator[str]:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        yield data.decode("utf-8", "replace")
        return
    for element in root.iter():
        if element.tag == f"{_W}p":
            yield "".join(
                (node.text or "") if node.tag == f"{_W}t" else " "
                for node in element.iter()
                if node.tag in (f"{_W}t", f"{_W}tab", f"{_W}br")
            )
        elif element.tag != f"{_W}t" and element.text and element.text.strip():
            yield element.text
        if element.tail and element.tail.strip():
            yield element.tail
        for key, value in element.attrib.items():
            if "font" in key.casefold() or key.endswith("typeface"):
                continue
            yield value


def units(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every text unit of an exported file."""
    suffix = path.suffix.casefold()
    if suffix in (".docx", ".qdpx"):
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                data = package.read(name)
                if name.endswith((".xml", ".rels", ".qde")):
                    for text in _xml_units(data):
                        yield name, text
                elif name.endswith(".txt"):
                    for line in data.decode("utf-8").splitlines():
                        yield name, line
                yield f"{name} (file name)", name
    elif suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        for number, page in enumerate(reader.pages, 1):
            for line in (page.extract_text() or "").splitlines():
                yield f"page {number}", line
        for value in (reader.metadata or {}).values():
            yield "metadata", str(value)
    elif suffix == ".svg":
        for text in _xml_units(path.read_bytes()):
            yield "svg", text
        for comment in re.findall(r"<!--(.*?)-->", path.read_text("utf-8"), re.S):
            yield "svg comment", comment
    elif suffix == ".csv":
        for row in csv.reader(io.StringIO(path.read_text("utf-8"))):
            for cell in row:
                yield "csv", cell
    else:
        raise ValueError(path)


@dataclass(frozen=True)
class Needle:
    """A real name part to look for: ``distinctive`` anywhere, else as a word."""

    actor: str
    part: str
    distinctive: bool
    ordinary: bool = False  # an English word: only capitalised, outside ordinary phrases


def needles(actor: str, names: list[str], ordinary_words: frozenset[str]) -> list[Needle]:
    found = []
    titles = {"dr", "prof", "cllr", "revd", "mr", "mrs", "ms"}
    particles = {"de", "la", "del", "o", "ni", "al", "el", "van", "der", "mac", "mc", "abd"}
    for name in names:
        for word in re.split(r"[\s\-‐'’.]+", name):
            plain = letters(word)
            if not plain or plain in titles or plain in particles:
                continue
            ordinary = plain in ordinary_words
            found.append(Needle(actor, word, len(plain) >= 5 and not ordinary, ordinary))
        found.append(Needle(actor, name, len(letters(name)) >= 5, False))
    return found


def _words(text: str) -> list[str]:
    """Words of a unit, CamelCase split, each normalised."""
    out = []
    for run in re.findall(r"[^\W_]+", _INVISIBLE.sub("", text).replace("*", "")):
        for piece in re.findall(r"[A-Z]?[^\W\d_A-Z]+|[A-Z]+(?![^\W\d_A-Z])|\d+|[^\W\d_]+", run):
            out.append(letters(piece))
    return [w for w in out if w]


def leaks(
    path: Path,
    found_needles: list[Needle],
    ordinary_phrases: list[str] = (),  # type: ignore[assignment]
) -> list[tuple[str, str, str]]:
    """(where, actor, part) for every real name part still readable in ``path``."""
    out = []
    for where, text in units(path):
        spelt = letters(text)
        words = _words(text)
        glued = {a + b for a, b in itertools.pairwise(words)}
        plain_text = _INVISIBLE.sub("", text)
        for phrase in ordinary_phrases:
            plain_text = plain_text.replace(phrase, " ")
        for needle in found_needles:
            key = letters(needle.part)
            if needle.ordinary:
                word = anyascii(needle.part)
                if re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", anyascii(plain_text)):
                    out.append((where, needle.actor, needle.part))
            elif needle.distinctive:
                if key in spelt:
                    out.append((where, needle.actor, needle.part))
            elif key in words or key in glued:
                out.append((where, needle.actor, needle.part))
    return out


def text_of(path: Path) -> str:
    """The document's paragraphs, one line each (what a reader sees)."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(_xml_units(package.read("word/document.xml")))
