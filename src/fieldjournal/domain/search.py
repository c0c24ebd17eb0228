"""What a search returns: hits with snippets, a total, facet counts. Shared by CLI and GUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.text import entry_label


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    title: str
    kind: EntryKind
    occurred_at: datetime
    score: float
    snippet: str  # plain text, matches marked with the plain markers below
    snippet_html: str  # HTML-escaped, matches in <b class="match">...</b>
    site: str = ""
    first_line: str = ""

    @property
    def label(self) -> str:
        """As the timeline names it: the title, or the first line of an untitled note."""
        return entry_label(self.title, self.first_line)


# Markers around matched terms in plain snippets (CLI).
MATCH_START = "[["
MATCH_END = "]]"


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[SearchHit, ...]
    # facet name ("kind", "code", "actor") -> value -> number of matching entries
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    # True while a bulk (re)index is still running: results cover what is indexed so far
    indexing: bool = False
    # a message when the query could not be parsed as written and was read loosely
    notice: str = ""


@dataclass(frozen=True, slots=True)
class IndexStatus:
    """What the GUI shows about the search index: progress of a (re)build, problems."""

    indexed: int  # entries indexed so far in the running repair or rebuild
    total: int  # live entries when it started
    busy: bool  # index work is pending or running
    problems: tuple[str, ...] = ()  # what was found and repaired since the journal opened
