"""Bibliography files read into CSL-JSON items: BibTeX/BibLaTeX (``.bib``) and CSL-JSON.

BibTeX is parsed by bibtexparser 2 (LaTeX decoded, names split); its fields are mapped
onto CSL variables the way Zotero and Better BibTeX map them. An entry that cannot be read
is reported with its key and line and the others are kept.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.references import CITEKEY, EntryProblem

if TYPE_CHECKING:  # bibtexparser and pylatexenc load when a BibTeX file is read
    from bibtexparser.model import Entry


BIBTEX_TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "collection": "book",
    "manual": "report",
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "misc": "document",
    "unpublished": "manuscript",
}
_TEXT_FIELDS = {
    "title": "title",
    "booktitle": "container-title",
    "journal": "container-title",
    "journaltitle": "container-title",
    "publisher": "publisher",
    "institution": "publisher",
    "school": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "volume": "volume",
    "edition": "edition",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "abstract": "abstract",
    "shorttitle": "title-short",
    "series": "collection-title",
    "eventtitle": "event-title",
    "venue": "event-place",
    "organization": "publisher",
    "howpublished": "publisher",
    "type": "genre",
    "pagetotal": "number-of-pages",
    "chapter": "chapter-number",
}
# ``number`` is an issue of a journal, the number of a report, thesis or standard, and
# a book's number in its series.
_NUMBER_AS = {
    "article-journal": "issue",
    "book": "collection-number",
    "chapter": "collection-number",
}
# What an entry takes from its ``crossref`` parent, under the child's own name (BibLaTeX's
# default inheritance: the parent's title is the child's booktitle); the rest is copied
# when the child lacks it, all but these.
_RENAMED_FROM_PARENT = {"title": "booktitle", "subtitle": "booksubtitle"}
_NOT_INHERITED = {"crossref", "ids", "keywords", "file", "shorttitle", "abstract", "xref"}
# BibLaTeX's thesis types, as a reader sees them (CSL's ``genre``).
_GENRES = {
    "phdthesis": "PhD thesis",
    "mathesis": "Master's thesis",
    "mastersthesis": "Master's thesis",
    "techreport": "Technical report",
    "resreport": "Research report",
}
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
# "title = {Two} author = {...}": a value's end, then the next field with no comma between.
_NO_COMMA = re.compile(r"[}\"]\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]")
# Loose text after an entry that reads as its fields: ", author = {M, N}, year = ..."
_LOOSE_FIELD = re.compile(r"\s*,?\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]")
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*(" + CITEKEY + r")\s*,")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}

# BibTeX's predefined month macros, as it expands them.
_MONTH_NAMES = {
    name[:3].lower(): name
    for name in [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
}


@dataclass(frozen=True, slots=True)
class ReadBibliography:
    items: dict[str, dict[str, Any]]  # citekey -> CSL-JSON item (without ``id``)
    problems: tuple[EntryProblem, ...]


def read_file(path: Path) -> ReadBibliography:
    """A ``.json`` file is CSL-JSON; anything else is BibTeX/BibLaTeX."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(f"{path} is not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}") from None
    if path.suffix.lower() == ".json":
        return parse_csl_json(text)
    return parse_bibtex(text)


def parse_bibtex(text: str) -> ReadBibliography:
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)  # problems come back as blocks
    from bibtexparser import middlewares
    from bibtexparser.entrypoint import parse_string
    from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock

    library = parse_string(text, parse_stack=[])
    _interpolate(library.strings, library.entries)
    for middleware in (
        middlewares.RemoveEnclosingMiddleware(),
        middlewares.SeparateCoAuthors(),
        middlewares.SplitNameParts(),  # before decoding: braces keep "{Calder Trust}" whole
        middlewares.LatexDecodingMiddleware(),  # decodes every field but the names
    ):
        library = middleware.transform(library)
    items: dict[str, dict[str, Any]] = {}
    problems = _damaged(library.blocks)
    refused = {(p.key, p.line) for p in problems}
    by_key = {entry.key.casefold(): entry for entry in library.entries}
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        if not re.fullmatch(CITEKEY, entry.key):
            reason = "the key cannot be cited (letters, digits and _:.#$%&-+?<>~/ only)"
            problems.append(EntryProblem(entry.key, line, reason if entry.key else "no key"))
        elif (entry.key, line) not in refused:
            items[entry.key] = _csl_item(entry, _parent_fields(entry, by_key))
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.append(EntryProblem(block.key, line, "the key is used twice; kept the first"))
        elif isinstance(block, ParsingFailedBlock):
            found = _KEY.match((block.raw or "").lstrip())
            reason = getattr(block.error, "abort_reason", "") or str(block.error or "")
            reason = " ".join(reason.replace("`", "").split()) or "cannot be read"
            problems.append(EntryProblem(found.group(1) if found else "", line, reason))
    return ReadBibliography(items, tuple(sorted(problems, key=lambda p: p.line)))


def _interpolate(strings: list[Any], entries: list[Any]) -> None:
    """Each ``@string`` and each field written with them as BibTeX reads it: pieces
    joined by ``#`` (``jn # " Review"``, ``jan # "~15"``), a name replaced by its
    ``@string`` (defined before it) or a month's name, an undefined one by nothing (BibTeX
    warns and leaves it out); bibtexparser resolves a lone name only, and no ``#``."""
    defined: dict[str, str] = {}
    for string in strings:
        defined[string.key.lower()] = _joined(str(string.value), defined)
    for entry in entries:
        for field in list(entry.fields):
            value = str(field.value).strip()
            if value[:1] in '{"' and len(_pieces(value)) == 1:
                continue  # written whole: bibtexparser removes its braces or quotes
            joined = _joined(value, defined)
            if joined.strip():
                field.value = "{" + joined + "}"
            else:
                entry.fields.remove(field)


def _joined(value: str, defined: dict[str, str]) -> str:
    text: list[str] = []
    for piece in _pieces(value):
        if piece[:1] in '{"':
            text.append(piece[1:-1])
        elif piece.isdigit():
            text.append(piece)
        elif piece.lower() in defined:
            text.append(defined[piece.lower()])
        elif piece.lower() in _MONTH_NAMES:
            text.append(_MONTH_NAMES[piece.lower()])
    return "".join(text)


def _pieces(value: str) -> list[str]:
    """``value`` split at each ``#`` outside braces and quotes, each piece stripped."""
    pieces: list[str] = []
    depth, quoted, start = 0, False, 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(value[start:index].strip())
            start = index + 1
    pieces.append(value[start:].strip())
    return [piece for piece in pieces if piece]


def _damaged(blocks: list[Any]) -> list[EntryProblem]:
    """Entries bibtexparser reads without a word that BibTeX would not: a comma missing
    between two fields (the second is read into the first's value), or a brace that
    closes the entry early (its other fields are left behind as loose text). Each is
    refused with its key and line, so a linked file's earlier reading of it stays."""
    from bibtexparser.model import Entry, ImplicitComment

    problems: list[EntryProblem] = []
    previous: Entry | None = None
    for block in blocks:
        if isinstance(block, Entry):
            previous = block
            if _NO_COMMA.search(block.raw or ""):
                line = (block.start_line or 0) + 1
                reason = "a comma is missing between two fields"
                problems.append(EntryProblem(block.key, line, reason))
        elif isinstance(block, ImplicitComment) and previous is not None:
            if _LOOSE_FIELD.match(block.raw or ""):
                line = (previous.start_line or 0) + 1
                reason = (
                    f"a closing brace ends the entry early, on line {(block.start_line or 0) + 1}"
                )
                problems.append(EntryProblem(previous.key, line, reason))
            previous = None
    return problems


def _parent_fields(entry: Entry, by_key: dict[str, Entry]) -> dict[str, Any]:
    """What ``entry`` inherits from the entry its ``crossref`` names (a chapter from its
    book: the book's title as its booktitle, the editors, publisher and date)."""
    fields = {k.lower(): v for k, v in entry.fields_dict.items()}
    parent_key = str(fields["crossref"].value).strip() if "crossref" in fields else ""
    parent = by_key.get(parent_key.casefold()) if parent_key else None
    if parent is None or parent is entry:
        return {}
    inherited: dict[str, Any] = {}
    for name, value in parent.fields_dict.items():
        name = name.lower()
        if name in _NOT_INHERITED:
            continue
        inherited.setdefault(_RENAMED_FROM_PARENT.get(name, name), value)
    return {k: v for k, v in inherited.items() if k not in fields}


def _csl_item(entry: Entry, inherited: dict[str, Any] | None = None) -> dict[str, Any]:
    fields = {**(inherited or {}), **{k.lower(): v for k, v in entry.fields_dict.items()}}
    entry_type = entry.entry_type.lower()
    item: dict[str, Any] = {"type": BIBTEX_TYPES.get(entry_type, "document")}
    for role in ("author", "editor", "translator"):
        if role in fields and isinstance(fields[role].value, list):
            # "and others" is BibTeX's "et al.": no one of that name
            names = [n for n in fields[role].value if not _is_others(n)]
            if names:
                item[role] = [_csl_name(n) for n in names]
    for name, variable in _TEXT_FIELDS.items():
        if name in fields and variable not in item:
            item[variable] = _plain(str(fields[name].value))
    if "genre" in item:
        item["genre"] = _GENRES.get(item["genre"].lower(), item["genre"])
    elif entry_type in _GENRES:
        item["genre"] = _GENRES[entry_type]
    if "number" in fields:
        item[_NUMBER_AS.get(item["type"], "number")] = _plain(str(fields["number"].value))
    if "pages" in fields:
        item["page"] = re.sub(r"\s*[-–—]+\s*", "-", str(fields["pages"].value))
    for field_name, variable in (("urldate", "accessed"), ("eventdate", "event-date")):
        if field_name in fields:
            parts = _date_parts(str(fields[field_name].value))
            if parts:
                item[variable] = {"date-parts": parts}
    issued = _issued(fields)
    if issued:
        item["issued"] = {"date-parts": issued}
    return item


def _is_others(name: Any) -> bool:
    return not name.first and not name.von and [p.lower() for p in name.last] == ["others"]


def _csl_name(name: Any) -> dict[str, str]:
    """A name's parts as CSL's: a name braced whole (an organisation) stays a literal."""
    if not name.first and not name.von and len(name.last) == 1:
        last = name.last[0]
        if last.startswith("{") and last.endswith("}"):
            return {"literal": _decoded(last)}
        return {"family": _decoded(last)}
    csl = {"family": _decoded(" ".join(name.last)), "given": _decoded(" ".join(name.first))}
    if name.von:
        csl["non-dropping-particle"] = _decoded(" ".join(name.von))
    if name.jr:
        csl["suffix"] = _decoded(" ".join(name.jr))
    return csl


@cache
def _latex() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text()


def _decoded(text: str) -> str:
    return _plain(_latex().latex_to_text(text))


def _plain(text: str) -> str:
    return " ".join(text.replace("{", "").replace("}", "").split())


def _date_parts(text: str) -> list[list[int]]:
    """BibLaTeX's (EDTF) date: ``2019``, ``2019-03``, ``2019-03-04``, a range
    ``2019-03/2019-04`` (CSL's two date-parts); an uncertain ``2019?`` or ``2019~`` too."""
    parts: list[list[int]] = []
    for side in text.strip().split("/")[:2]:
        found = _DATE.match(side.strip().rstrip("?~%"))
        if found:
            parts.append([int(part) for part in found.groups() if part])
    return parts


def _issued(fields: dict[str, Any]) -> list[list[int]]:
    if "date" in fields:
        parts = _date_parts(str(fields["date"].value))
        if parts:
            return parts
    if "year" in fields:
        year = re.search(r"\d{4}", str(fields["year"].value))
        if year:
            start = [int(year.group())]
            month = str(fields["month"].value).strip().lower()[:3] if "month" in fields else ""
            if month.isdigit() or month in _MONTHS:
                start.append(int(month) if month.isdigit() else _MONTHS[month])
            return [start]
    return []


def parse_csl_json(text: str) -> ReadBibliography:
    """A CSL-JSON array of items (Zotero's and Better BibTeX's export); each needs an id."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"not valid CSL-JSON ({error.msg} at line {error.lineno})") from None
    if isinstance(data, dict) and "items" in data:
        data = data["items"]
    if not isinstance(data, list):
        raise InvalidInput("CSL-JSON must be an array of items")
    lines = _item_lines(text, len(data))
    items: dict[str, dict[str, Any]] = {}
    problems: list[EntryProblem] = []
    for index, raw in enumerate(data):
        line = lines[index]
        key = _csl_key(raw) if isinstance(raw, dict) else ""
        if not isinstance(raw, dict):
            problems.append(EntryProblem("", line, "an item must be a JSON object"))
        elif not re.fullmatch(CITEKEY, key):
            problems.append(EntryProblem(key, line, "the item has no usable id (its citekey)"))
        elif key in items:
            problems.append(EntryProblem(key, line, "the key is used twice; kept the first"))
        else:
            items[key] = _csl_dates({k: v for k, v in raw.items() if k != "id"})
    return ReadBibliography(items, tuple(problems))


def _csl_key(raw: dict[str, Any]) -> str:
    """The citekey: Zotero's own export names items by URI and keeps the citation key
    (Better BibTeX's or Zotero 7's) in ``citation-key``."""
    for name in ("citation-key", "citationKey", "id"):
        if isinstance(raw.get(name), (str, int)) and str(raw[name]).strip():
            return str(raw[name]).strip()
    return ""


_DATE_VARIABLES = ("issued", "accessed", "event-date", "original-date", "submitted")


def _csl_dates(item: dict[str, Any]) -> dict[str, Any]:
    """Dates as date-parts of numbers: Zotero writes ``"2016"`` as text in them, and
    other tools a ``raw`` date ("2011-05", "2019-03/2019-04") that citeproc-py cannot read."""
    for variable in _DATE_VARIABLES:
        date = item.get(variable)
        if not isinstance(date, dict):
            continue
        parts = date.get("date-parts")
        if not parts and isinstance(date.get("raw"), str):
            parts = _date_parts(date["raw"])
            if parts:
                item[variable] = {k: v for k, v in date.items() if k != "raw"}
                item[variable]["date-parts"] = parts
        elif isinstance(parts, list):
            item[variable] = {**date, "date-parts": [_numbers(p) for p in parts if p]}
    return item


def _numbers(parts: Any) -> Any:
    if not isinstance(parts, list):
        return parts
    numbers: list[Any] = []
    for part in parts:
        if isinstance(part, str) and part.strip().lstrip("-").isdigit():
            numbers.append(int(part))
        else:
            numbers.append(part)
    return numbers


def _item_lines(text: str, count: int) -> list[int]:
    """The line each top-level item of a JSON array starts on (1-based)."""
    starts: list[int] = []
    depth, line, in_string, escaped = 0, 1, False, False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
            if depth == 1:
                starts.append(line)
        elif char in "[{":
            if depth == 1:
                starts.append(line)
            depth += 1
        elif char in "]}":
            depth -= 1
    return (starts + [line] * count)[:count]


__all__ = ["ReadBibliography", "parse_bibtex", "parse_csl_json", "read_file"]
