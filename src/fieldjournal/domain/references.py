"""References: works of the literature, each a citekey and its CSL-JSON item.

The CSL-JSON item is kept as JSON text so the record stays frozen and hashable; ``item``
reads it. ``authors``, ``year`` and ``title`` are what a list or a completion shows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from fieldjournal.domain.chapters import ChapterSummary
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.records import EntrySummary

# Pandoc's citekey: a letter, digit or _ first, then word characters and internal
# punctuation (:.#$%&-+?<>~/), never ending in punctuation.
CITEKEY = r"[\w][\w:.#$%&\-+?<>~/]*(?<![:.#$%&\-+?<>~/])"
_CITEKEY = re.compile(CITEKEY)


def check_citekey(key: str) -> str:
    if not _CITEKEY.fullmatch(key):
        raise InvalidInput(f"{key!r} is not a citekey (letters, digits, _ and :.#$%&-+?<>~/)")
    return key


@dataclass(frozen=True, slots=True)
class Reference:
    citekey: str
    csl_json: str = field(repr=False)
    source: str = ""  # the file it was last read from ('' when imported from JSON Lines)

    @property
    def item(self) -> dict[str, Any]:
        """The CSL-JSON item, its ``id`` the citekey."""
        item: dict[str, Any] = json.loads(self.csl_json)
        item["id"] = self.citekey
        return item

    @property
    def authors(self) -> str:
        names = self.item.get("author") or self.item.get("editor") or []
        families = [n.get("family") or n.get("literal") or "" for n in names if isinstance(n, dict)]
        if len(families) > 2:
            return f"{families[0]} et al."
        return " and ".join(f for f in families if f)

    @property
    def year(self) -> str:
        parts = (self.item.get("issued") or {}).get("date-parts") or [[]]
        return str(parts[0][0]) if parts and parts[0] else "n.d."

    @property
    def title(self) -> str:
        return str(self.item.get("title", ""))


@dataclass(frozen=True, slots=True)
class CitedBy:
    """Where a work is cited: the memos (a theoretical memo about it) and the chapters
    whose text cites it, oldest memo first, chapters by title."""

    memos: tuple[EntrySummary, ...] = ()
    chapters: tuple[ChapterSummary, ...] = ()


@dataclass(frozen=True, slots=True)
class EntryProblem:
    """A bibliography entry that could not be read: its key (if any), its line, why."""

    key: str
    line: int
    message: str

    def __str__(self) -> str:
        key = f" {self.key}:" if self.key else ""
        return f"line {self.line}:{key} {self.message}"


@dataclass(frozen=True, slots=True)
class ReferenceImport:
    """What reading a bibliography file did: works added, changed, unchanged, refused."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: int = 0
    problems: tuple[EntryProblem, ...] = ()
    source: str = ""


__all__ = ["CITEKEY", "EntryProblem", "Reference", "ReferenceImport", "check_citekey"]
