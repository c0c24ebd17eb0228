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
from collections.abc import Iterator
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
_NUMBER = r"(?:\d+[a-z]?|[ivxlcdm]+)"
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
    """Every citation in ``text``, in order."""
    if "@" not in text:
        return []
    found: list[Citation] = []
    taken_until = 0
    for start, end in _bracket_groups(text):
        citation = _bracketed(text, start, end)
        if citation is None:
            continue
        found.extend(_narrative(text, taken_until, start))
        found.append(citation)
        taken_until = end
    found.extend(_narrative(text, taken_until, len(text)))
    return found


def _bracket_groups(text: str) -> Iterator[tuple[int, int]]:
    """Spans of ``[...]`` with no bracket inside, not part of ``[[`` tokens or links."""
    i = text.find("[")
    while i != -1:
        close = text.find("]", i + 1)
        if close == -1:
            return
        inner_open = text.find("[", i + 1, close)
        if inner_open != -1:
            i = inner_open
            continue
        before = text[i - 1] if i else ""
        after = text[close + 1] if close + 1 < len(text) else ""
        if before != "[" and after not in ("[", "(", "]") and "@" in text[i:close]:
            yield i, close + 1
        i = text.find("[", close + 1)


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
            return "page", bare.group("value"), " ".join(rest[bare.end() :].lstrip(",").split())
        return "", "", " ".join(rest.lstrip(",").split())
    term = LOCATOR_TERMS[found.group("label").lower()]
    return term, found.group("value"), " ".join(rest[found.end() :].lstrip(",").split())


def _narrative(text: str, start: int, end: int) -> Iterator[Citation]:
    for found in _KEY.finditer(text, start, end):
        if found.group("minus"):  # ``-@key`` outside brackets is just text
            continue
        key = found.group("braced") or found.group("key")
        after = _NARRATIVE_LOCATOR.match(text, found.end(), end)
        if after is not None and _LOCATOR.fullmatch(after.group("inner")):
            label, locator, suffix = _locator(after.group("inner"))
            cite = Cite(key, label=label, locator=locator, suffix=suffix)
            yield Citation(found.start(), after.end(), (cite,), narrative=True)
        else:
            yield Citation(found.start(), found.end(), (Cite(key),), narrative=True)


def cited_keys(text: str) -> list[str]:
    """The keys ``text`` cites, each once, in the order first cited."""
    return list(dict.fromkeys(key for c in find_citations(text) for key in c.keys))


__all__ = ["LOCATOR_TERMS", "Citation", "Cite", "cited_keys", "find_citations"]
