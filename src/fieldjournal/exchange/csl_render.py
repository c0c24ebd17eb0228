"""Citations and the References list rendered with a CSL style, through citeproc-py.

citeproc-py renders one work well (names, dates, the style's punctuation and "et al.")
but not what depends on the works around it: two Marsh 2019 items both come out as
"Marsh, 2019", and citations of one author are not collapsed. So each work is rendered
on its own, once, and this module does the rest: the bibliography's order, year
suffixes (2019a, 2019b) given in that order and used in every citation and entry,
same-author collapse ("Holt and Vangsgaard, 2000a, 2000b"), narrative and year-only
forms, locators (in the style's own form, learnt from citeproc-py once per term) and the
cluster's delimiters read from the style. Rendered text is handed on as ``Run``s, the
style's italics and bold kept.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import string
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fieldjournal.domain.chapters import Run
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.citations import Citation, Cite
from fieldjournal.exchange.citeproc_mends import mend_citeproc

STYLES_DIR = Path(__file__).parents[1] / "resources" / "styles"
STYLES = {
    "apa": "apa.csl",
    "harvard": "harvard-cite-them-right.csl",
    "chicago": "chicago-author-date.csl",  # the 18th edition (2024)
    "chicago-17": "chicago-author-date-17th-edition.csl",
}
_NAMES = ", ".join(STYLES)
# Cite Them Right is a British guide (single quotation marks, punctuation outside them),
# but its file names no default locale, so citeproc-py would write it in US English.
_SHIPPED_LOCALES = {"harvard-cite-them-right.csl": "en-GB"}
_CSL = "{http://purl.org/net/xbiblio/csl}"
_TAG = re.compile(r"<(/?)(i|b|em|strong)>")
_RENDERED: dict[str, _Work] = {}  # by render_key: the style's content and the item
_RENDERED_MAX = 5000
_LOCATOR_FORMS: dict[tuple[str, str, str, bool], tuple[str, str]] = {}
_AFTER_QUOTE = re.compile(r"(”(?:</(?:i|b|em|strong)>)*)([.,])")
# A period the style adds after a title that ends in ? or ! (or after an abbreviation's
# period), which citeproc-py writes as it comes: "Work?." and "Work?.”".
_COLLISION = re.compile(r"(?<!\.)([?!.])((?:</?(?:i|b|em|strong)>|[”’])*)\.(?![\w.])")
_RENDERING = 4  # how works are rendered here: a new value renders saved works again
_PROBE = "9999"  # a locator value no style changes (page ranges aside)
_PROBE_YEAR = "1888"  # a year no work in a fieldwork journal's literature has


def style_path(style: str) -> Path:
    """A shipped style by name (apa, harvard, chicago, chicago-17) or the path of any
    ``.csl`` file."""
    if style in STYLES:
        return STYLES_DIR / STYLES[style]
    path = Path(style).expanduser()
    if path.suffix.lower() != ".csl" or not path.is_file():
        raise InvalidInput(f"no citation style {style!r}: use {_NAMES} or a .csl file")
    return path


def _style(path: Path) -> Any:
    stat = path.stat()
    return _parsed_style(path, stat.st_mtime_ns, stat.st_size)  # a changed file is read again


@cache
def _parsed_style(path: Path, mtime_ns: int, size: int) -> Any:
    from citeproc import CitationStylesStyle  # imported on first use: the CLI starts faster

    mend_citeproc()
    try:
        locale = _SHIPPED_LOCALES.get(path.name) if path.parent == STYLES_DIR else None
        return CitationStylesStyle(str(path), locale, validate=False)
    except Exception as error:  # lxml's and citeproc's own errors: a file that is no style
        raise InvalidInput(f"{path} is not a CSL style: {error}") from None


def _style_digest(path: Path) -> str:
    stat = path.stat()
    return _digest(path, stat.st_mtime_ns, stat.st_size)


@cache
def _digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def remember_rendered(saved: Mapping[str, Any]) -> None:
    """Works rendered by an earlier process (``rendered_to_save``'s form), so a new one
    renders none of them again; a malformed entry is skipped."""
    for known, fields in saved.items():
        if known not in _RENDERED and isinstance(fields, list) and len(fields) == 6:
            author, joint, date, year, entry, sort = fields
            texts = (author, joint, date, year, entry)
            if all(isinstance(t, str) for t in texts) and isinstance(sort, list):
                order = tuple(str(part) for part in sort)
                _RENDERED[known] = _Work(author, joint, date, year, entry, order)


def rendered_to_save(works: Mapping[str, _Work]) -> dict[str, list[Any]]:
    return {
        known: [w.author, w.joint, w.date, w.year, w.entry, list(w.sort)]
        for known, w in works.items()
    }


@dataclass(frozen=True, slots=True)
class _Work:
    author: str  # as a citation names the authors, HTML
    joint: str  # between author and date in a citation (", " or " ")
    date: str  # the citation's date part, HTML
    year: str
    entry: str  # the bibliography entry, HTML
    sort: tuple[str, ...]


def runs(markup: str) -> tuple[Run, ...]:
    """citeproc's HTML (``<i>``, ``<b>``, entities) as runs."""
    found: list[Run] = []
    italic = bold = False
    position = 0
    for tag in _TAG.finditer(markup):
        if tag.start() > position:
            found.append(Run(html.unescape(markup[position : tag.start()]), italic, bold))
        on = tag.group(1) == ""
        if tag.group(2) in ("i", "em"):
            italic = on
        else:
            bold = on
        position = tag.end()
    if position < len(markup):
        found.append(Run(html.unescape(markup[position:]), italic, bold))
    return tuple(found)


class CslRenderer:
    """Renders citations of ``items`` (citekey -> CSL-JSON) in one style, for one document.

    ``register`` every citation first (so year suffixes know every cited work), then
    ``cite`` each and take the ``bibliography``.
    """

    def __init__(self, style: str, items: Mapping[str, Mapping[str, Any]]) -> None:
        self.path = style_path(style)
        self.style = _style(self.path)
        self.items = items
        citation = self.style.root.find(f"{_CSL}citation")
        layout = citation.find(f"{_CSL}layout") if citation is not None else None
        options = layout.attrib if layout is not None else {}
        self.opening: str = options.get("prefix", "(")
        self.closing: str = options.get("suffix", ")")
        self.delimiter: str = options.get("delimiter", "; ")
        cite_options = citation.attrib if citation is not None else {}
        self.group_delimiter: str = cite_options.get("cite-group-delimiter", ", ")
        self.collapse = cite_options.get("collapse", "") == "year"
        self.sorted_cites = citation is not None and citation.find(f"{_CSL}sort") is not None
        # citeproc-py reads the locale's punctuation-in-quote and then ignores it: US styles
        # (Chicago, APA) write “Waiting Rooms.” where it writes “Waiting Rooms”.
        piq = self.style.root.get_locale_option("punctuation-in-quote") or "false"
        self.punctuation_in_quote = piq.lower() == "true"
        self._works: dict[str, _Work] = {}
        # Every work this renderer used, by render key, however it came by it: rendered
        # here, or known to this process from another journal, whose store is not this one's.
        self.used: dict[str, _Work] = {}
        self._cited: dict[str, None] = {}
        self._suffixes: dict[str, str] | None = None

    # --- what is cited --------------------------------------------------------------------
    def known(self, key: str) -> bool:
        return key in self.items

    def register(self, citation: Citation) -> None:
        for cite in citation.cites:
            if cite.key in self.items:
                self._cited.setdefault(cite.key)
        self._suffixes = None

    def order(self) -> list[str]:
        """The cited works in the bibliography's order."""
        return sorted(self._cited, key=lambda key: self._work(key).sort)

    def suffixes(self) -> dict[str, str]:
        """Year suffixes: works cited with the same author and year get a, b, ... in order."""
        if self._suffixes is None:
            groups: dict[tuple[str, str], list[str]] = {}
            for key in self.order():
                work = self._work(key)
                groups.setdefault((work.author, work.year), []).append(key)
            self._suffixes = {
                key: string.ascii_lowercase[i % 26] * (1 + i // 26)
                for keys in groups.values()
                if len(keys) > 1
                for i, key in enumerate(keys)
            }
        return self._suffixes

    # --- rendering ------------------------------------------------------------------------
    def cite(
        self, citation: Citation, mark: Callable[[str], str] = str, possessive: str = ""
    ) -> tuple[Run, ...]:
        """One citation as the style writes it. Unknown keys are ``[@key?]``, passed
        through ``mark``: a key that is no reference may be anything typed after an @ (a
        handle that names a participant), so an export replaces names in it.
        ``possessive`` ("'s", written after a narrative citation) goes after the names:
        "Holt and Vangsgaard's (2000a)"; if no work is known it is given back as text."""
        cites = [c for c in citation.cites if c.key in self.items]
        unknown = [c for c in citation.cites if c.key not in self.items]
        marks = mark(" ".join(f"[@{c.key}?]" for c in unknown)) if unknown else ""
        if not cites:
            return (Run(marks + possessive),)
        if citation.narrative:
            markup = self._narrative(cites[0], html.escape(possessive))
        else:
            if self.sorted_cites and not any(c.prefix for c in cites):
                position = {key: i for i, key in enumerate(self.order())}
                cites.sort(key=lambda c: position[c.key])
            markup = self.opening + self._cluster(cites) + self.closing
        rendered = runs(markup)
        return (*rendered, Run(" " + marks)) if marks else rendered

    def bibliography(self) -> list[tuple[Run, ...]]:
        """The References: every cited work, in the style's order, suffixes in place."""
        suffixes = self.suffixes()
        return [
            runs(_with_suffix(self._work(key).entry, self._work(key).year, suffixes.get(key, "")))
            for key in self.order()
        ]

    def _date(self, cite: Cite) -> str:
        work = self._work(cite.key)
        date = _with_suffix(work.date, work.year, self.suffixes().get(cite.key, ""))
        if cite.locator:
            before, after = self._locator_form(cite.key, cite.label, cite.locator)
            date += before + html.escape(cite.locator.replace("-", "–")) + after
        if cite.suffix:
            joint = ", " if not cite.locator else "" if cite.suffix[0] in ",;:" else " "
            date += joint + html.escape(cite.suffix)
        return date

    def _cluster(self, cites: list[Cite]) -> str:
        pieces: list[str] = []
        previous_author = None
        for cite in cites:
            work = self._work(cite.key)
            prefix = html.escape(cite.prefix) + " " if cite.prefix else ""
            date = self._date(cite)
            if cite.suppress_author:
                pieces.append(prefix + date)
                previous_author = None
            elif self.collapse and not prefix and work.author == previous_author and pieces:
                pieces[-1] += self.group_delimiter + date
            else:
                pieces.append(prefix + work.author + work.joint + date)
                previous_author = work.author
        return self.delimiter.join(pieces)

    def _narrative(self, cite: Cite, possessive: str = "") -> str:
        work = self._work(cite.key)
        author = work.author.replace(" &amp; ", " and ")  # "&" belongs in parentheses only
        return f"{author}{possessive} {self.opening}{self._date(cite)}{self.closing}"

    # --- one work at a time, through citeproc-py --------------------------------------------
    def _render(
        self,
        key: str,
        locator: tuple[str, str] | None = None,
        item: Mapping[str, Any] | None = None,
    ) -> tuple[str, str]:
        """The citation and (without a locator or a stand-in ``item``) the entry."""
        from citeproc import Citation as CiteprocCitation
        from citeproc import CitationItem, CitationStylesBibliography, formatter
        from citeproc.source import Locator
        from citeproc.source.json import CiteProcJSON

        work = {**(item or self.items[key]), "id": "work"}  # citeproc lowercases keys
        work.setdefault("type", "document")  # citeproc-py refuses an item without one
        with warnings.catch_warnings():  # CSL 1.0.2's variables (event-title) it lacks
            warnings.simplefilter("ignore", UserWarning)
            source = CiteProcJSON([work])
        bibliography = CitationStylesBibliography(self.style, source, formatter.html)
        extra = {"locator": Locator(locator[0], locator[1])} if locator else {}
        citation = CiteprocCitation([CitationItem("work", **extra)])
        bibliography.register(citation)
        text: str = str(bibliography.cite(citation, lambda _: None))
        entry = "" if locator or item else str(bibliography.bibliography()[0])
        if self.punctuation_in_quote:
            text, entry = _punctuation_in_quote(text), _punctuation_in_quote(entry)
        return _COLLISION.sub(r"\1\2", text), _COLLISION.sub(r"\1\2", entry)

    def _work(self, key: str) -> _Work:
        work = self._works.get(key)
        if work is None:
            # Rendered works outlive the document: the next export or preview of the same
            # works in the same style (and the same file of it) renders nothing again.
            known = self.render_key(key)
            work = _RENDERED.get(known)
            if work is None:
                if len(_RENDERED) >= _RENDERED_MAX:
                    _RENDERED.clear()
                work = _RENDERED[known] = self._make_work(key)
            self._works[key] = self.used[known] = work
        return work

    def render_key(self, key: str) -> str:
        """What a rendered work depends on: the style file's content and the CSL item."""
        item = json.dumps(self.items[key], sort_keys=True, ensure_ascii=False)
        made = f"{_RENDERING}\n{_style_digest(self.path)}\n{item}"
        return hashlib.sha256(made.encode()).hexdigest()

    def _make_work(self, key: str) -> _Work:
        text, entry = self._render(key)
        inner = _strip(text, self.opening, self.closing)
        year = _year(self.items[key])
        at = inner.rfind(year) if year else -1
        if at > 0:
            head = inner[:at]
        else:
            # no year to find ("n.d.", "Spring 2014"): the author is what comes before
            # the year of the same work dated in a probe year
            probe = {**self.items[key], "issued": {"date-parts": [[int(_PROBE_YEAR)]]}}
            probed = _strip(self._render(key, item=probe)[0], self.opening, self.closing)
            at = probed.rfind(_PROBE_YEAR)
            named = probed[:at].rstrip(", ") if at > 0 else ""
            if named and inner.startswith(named):  # "Marsh, n.d." where it is "Marsh 2019"
                rest = inner[len(named) :]
                head = named + rest[: len(rest) - len(rest.lstrip(", "))]
            else:
                head = inner
        author = head.rstrip(", ")
        joint, date = head[len(author) :], inner[len(head) :]
        return _Work(author, joint, date, year, entry, self._sort_key(self.items[key], year))

    def _sort_key(self, item: Mapping[str, Any], year: str) -> tuple[str, ...]:
        """Author-date order: names (family, then given), then year, then title. A style
        that never demotes a particle (APA) sorts "van der Berg" under V."""
        demote = self.style.root.get("demote-non-dropping-particle", "display-and-sort")
        return _sort_key(item, year, particle_first=demote == "never")

    def _locator_form(self, key: str, term: str, value: str) -> tuple[str, str]:
        """What the style writes before and after a locator of ``term`` (learnt once)."""
        ranged = bool(re.search(r"[-–,&]", value))
        probe = f"{_PROBE}-{_PROBE}" if ranged else _PROBE
        kind = str(self.items[key].get("type", ""))
        form = _LOCATOR_FORMS.get((str(self.path), kind, term, ranged))
        if form is None:
            work = self._work(key)
            plain = work.author + work.joint + work.date  # the citation without a locator
            located = _strip(self._render(key, (term, probe))[0], self.opening, self.closing)
            rest = located[len(plain) :] if located.startswith(plain) else f", {probe}"
            written = re.search(rf"{_PROBE}\W*{_PROBE}" if ranged else _PROBE, rest)
            form = (rest[: written.start()], rest[written.end() :]) if written else (", ", "")
            _LOCATOR_FORMS[(str(self.path), kind, term, ranged)] = form
        return form


def _punctuation_in_quote(markup: str) -> str:
    """A period or comma after a closing quotation mark moves inside it."""
    return _AFTER_QUOTE.sub(r"\2\1", markup)


def _strip(text: str, opening: str, closing: str) -> str:
    if opening and text.startswith(opening):
        text = text[len(opening) :]
    if closing and text.endswith(closing):
        text = text[: -len(closing)]
    return text


def _year(item: Mapping[str, Any]) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else ""


def _with_suffix(markup: str, year: str, suffix: str) -> str:
    if not suffix or not year or year not in markup:
        return markup
    return markup.replace(year, year + suffix, 1)


def _sort_key(item: Mapping[str, Any], year: str, particle_first: bool = False) -> tuple[str, ...]:
    parts: tuple[str, ...] = ("non-dropping-particle", "family", "given", "literal")
    if not particle_first:
        parts = parts[1:]
    names = item.get("author") or item.get("editor") or []
    written = [
        " ".join(str(n.get(part, "")) for part in parts if n.get(part)).casefold()
        for n in names
        if isinstance(n, dict)
    ]
    title = str(item.get("title", "")).casefold()
    return (" ; ".join(written) or title, year or "9999", title)


__all__ = [
    "STYLES",
    "CslRenderer",
    "remember_rendered",
    "rendered_to_save",
    "runs",
    "style_path",
]
