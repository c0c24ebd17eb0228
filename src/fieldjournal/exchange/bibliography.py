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
    "number": "issue",
    "edition": "edition",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "abstract": "abstract",
}
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*(" + CITEKEY + r")\s*,")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
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

    library = parse_string(
        text,
        append_middleware=[
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),  # before decoding: braces keep "{Calder Trust}" whole
            middlewares.LatexDecodingMiddleware(),  # decodes every field but the names
        ],
    )
    items: dict[str, dict[str, Any]] = {}
    problems: list[EntryProblem] = []
    for entry in library.entries:
        items[entry.key] = _csl_item(entry)
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


def _csl_item(entry: Entry) -> dict[str, Any]:
    fields = {k.lower(): v for k, v in entry.fields_dict.items()}
    item: dict[str, Any] = {"type": BIBTEX_TYPES.get(entry.entry_type.lower(), "document")}
    for role in ("author", "editor", "translator"):
        if role in fields and isinstance(fields[role].value, list):
            item[role] = [_csl_name(n) for n in fields[role].value]
    for name, variable in _TEXT_FIELDS.items():
        if name in fields and variable not in item:
            item[variable] = _plain(str(fields[name].value))
    if "pages" in fields:
        item["page"] = re.sub(r"\s*[-–—]+\s*", "-", str(fields["pages"].value))
    issued = _issued(fields)
    if issued:
        item["issued"] = {"date-parts": [issued]}
    return item


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


def _issued(fields: dict[str, Any]) -> list[int]:
    if "date" in fields:
        found = _DATE.match(str(fields["date"].value).strip())
        if found:
            return [int(part) for part in found.groups() if part]
    if "year" in fields:
        year = re.search(r"\d{4}", str(fields["year"].value))
        if year:
            parts = [int(year.group())]
            month = str(fields["month"].value).strip().lower()[:3] if "month" in fields else ""
            if month.isdigit() or month in _MONTHS:
                parts.append(int(month) if month.isdigit() else _MONTHS[month])
            return parts
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
        key = str(raw.get("id", "")) if isinstance(raw, dict) else ""
        if not isinstance(raw, dict):
            problems.append(EntryProblem("", line, "an item must be a JSON object"))
        elif not re.fullmatch(CITEKEY, key):
            problems.append(EntryProblem(key, line, "the item has no usable id (its citekey)"))
        elif key in items:
            problems.append(EntryProblem(key, line, "the key is used twice; kept the first"))
        else:
            items[key] = {k: v for k, v in raw.items() if k != "id"}
    return ReadBibliography(items, tuple(problems))


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
