"""Pandoc citations in prose: ``[@key]``, ``[see @a, pp. 4-6; @b]``, ``@key argues``, ``[-@key]``.

Found with Pandoc's rules: a bracketed citation is a ``[...]`` whose every ``;``-separated
part holds one ``@key`` (optionally ``-@key``, author suppressed), with a prefix before it
and a suffix after it; the suffix may start with a locator (``p.``, ``pp.``, ``chap.``,
``sec.``, ``para.``; full words too). A ``@key`` outside brackets is narrative (the
author stands in the sentence), and ``@key [p. 33]`` gives it a locator. An ``@`` after
a letter or digit (an e-mail address) is no citation, nor is a link's ``[text](url)`` or
an excerpt token ``[[entry:...]]``. Parsing never changes the text: each citation is a
span of it, so everything outside the spans is left exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fieldjournal.domain.references import CITEKEY

# Each locator as written, and the CSL locator term it means.
LOCATOR_TERMS = {
    "p.": "page",
    "pp.": "page",
    "page": "page",
    "pages": "page",
    "chap.": "chapter",
    "chaps.": "chapter",
    "chapter": "chapter",
    "chapters": "chapter",
    "sec.": "section",
    "secs.": "section",
    "section": "section",
    "sections": "section",
    "§": "section",
    "§§": "section",
    "para.": "paragraph",
    "paras.": "paragraph",
    "paragraph": "paragraph",
    "paragraphs": "paragraph",
}
_LABELS = "|".join(re.escape(k) for k in sorted(LOCATOR_TERMS, key=len, reverse=True))
_NUMBER = r"(?:\d+(?:\.\d+)*[a-z]?|[ivxlcdm]+)"  # 12, 12a, 2.1 (a section), xiv
_LOCATOR = re.compile(
    rf"\s*,?\s*(?P<label>{_LABELS})(?![\w.])\s*"
    rf"(?P<value>{_NUMBER}(?:\s*(?:[-–—,&]|and)\s*{_NUMBER})*)(?![\w])",
    re.IGNORECASE,
)
_BARE_PAGES = re.compile(
    r"\s*,\s*(?P<value>\d+[a-z]?(?:\s*[-–—,&]\s*\d+[a-z]?)*)(?![\w])", re.IGNORECASE
)
_KEY = re.compile(rf"(?<![\w@/])(?P<minus>-?)@(?:\{{(?P<braced>[^{{}}\s]+)\}}|(?P<key>{CITEKEY}))")
_NARRATIVE_LOCATOR = re.compile(r" \[(?P<inner>[^\[\]@]*)\]")


@dataclass(frozen=True, slots=True)
class Cite:
    """One work cited: its key, the words around it, its locator (a CSL term and value)."""

    key: str
    prefix: str = ""
    label: str = ""  # the CSL locator term: page, chapter, section, paragraph ('' for none)
    locator: str = ""
    suffix: str = ""
    suppress_author: bool = False


@dataclass(frozen=True, slots=True)
class Citation:
    """A citation and where it stands in the text (``text[start:end]``)."""

    start: int
    end: int
    cites: tuple[Cite, ...]
    narrative: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.cites)


def find_citations(text: str) -> list[Citation]:
    """Every citation in ``text``, in order: ``citation_at`` tried where each may start."""
    if "@" not in text:
        return []
    found: list[Citation] = []
    at = _next_start(text, 0)
    while at != -1:
        citation = citation_at(text, at)
        if citation is None:
            at = _next_start(text, at + 1)
        else:
            found.append(citation)
            at = _next_start(text, citation.end)
    return found


def _next_start(text: str, start: int) -> int:
    bracket, key = text.find("[", start), text.find("@", start)
    if bracket == -1 or key == -1:
        return max(bracket, key)
    return min(bracket, key)


def citation_at(text: str, start: int, end: int = -1) -> Citation | None:
    """The citation that starts at ``text[start]`` (a ``[`` or an ``@``), if one does.

    ``end`` bounds it (the end of the text by default). Markdown parsing asks this at
    each ``[`` and ``@`` it meets, so a citation is one piece of a paragraph: emphasis
    or escapes never cut through it.
    """
    end = len(text) if end < 0 else end
    if start >= end:
        return None
    if text[start] == "[":
        close = text.find("]", start + 1, end)
        if close == -1 or text.find("[", start + 1, close) != -1:
            return None
        before = text[start - 1] if start else ""
        after = text[close + 1] if close + 1 < end else ""
        if before == "[" or after in ("[", "(", "]") or "@" not in text[start:close]:
            return None
        return _bracketed(text, start, close + 1)
    if text[start] != "@":
        return None
    if start and text[start - 1] == "-" and _KEY.match(text, start - 1, end):
        return None  # ``-@key`` outside brackets is just text
    found = _KEY.match(text, start, end)
    if found is None:
        return None
    key = found.group("braced") or found.group("key")
    after_key = _NARRATIVE_LOCATOR.match(text, found.end(), end)
    if after_key is not None and _LOCATOR.fullmatch(after_key.group("inner")):
        label, locator, suffix = _locator(after_key.group("inner"))
        cite = Cite(key, label=label, locator=locator, suffix=suffix)
        return Citation(start, after_key.end(), (cite,), narrative=True)
    return Citation(start, found.end(), (Cite(key),), narrative=True)


def _bracketed(text: str, start: int, end: int) -> Citation | None:
    cites = []
    for part in text[start + 1 : end - 1].split(";"):
        keys = list(_KEY.finditer(part))
        if len(keys) != 1:
            return None
        found = keys[0]
        label, locator, suffix = _locator(part[found.end() :])
        cites.append(
            Cite(
                found.group("braced") or found.group("key"),
                " ".join(part[: found.start()].split()),
                label,
                locator,
                suffix,
                suppress_author=bool(found.group("minus")),
            )
        )
    return Citation(start, end, tuple(cites))


def _locator(rest: str) -> tuple[str, str, str]:
    """(CSL term, locator, what else the suffix says) of the text after a key."""
    found = _LOCATOR.match(rest)
    if found is None:
        bare = _BARE_PAGES.match(rest)  # Pandoc reads ``[@key, 33]`` as page 33
        if bare is not None:
            return "page", bare.group("value"), " ".join(rest[bare.end() :].split())
        return "", "", " ".join(rest.lstrip(",").split())
    term = LOCATOR_TERMS[found.group("label").lower()]
    # after a locator the suffix keeps its comma: "p. 3, emphasis added" (Pandoc's)
    return term, found.group("value"), " ".join(rest[found.end() :].split())


def cited_keys(text: str) -> list[str]:
    """The keys ``text`` cites, each once, in the order first cited."""
    return list(dict.fromkeys(key for c in find_citations(text) for key in c.keys))


__all__ = ["LOCATOR_TERMS", "Citation", "Cite", "citation_at", "cited_keys", "find_citations"]
