"""What the index holds for one entry, and the Whoosh schema that holds it.

Bodies are indexed but not stored: snippets are cut from the database text. Dates and
facet values live in per-document columns, read once per segment and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from whoosh import columns
from whoosh.fields import COLUMN, ID, TEXT, Schema

from fieldjournal.domain.codepaths import ancestors
from fieldjournal.search.analysis import (
    KeyAnalyzer,
    NameAnalyzer,
    PairAnalyzer,
    WordAnalyzer,
    normalise_name,
    terms,
)

# Bump when the schema or analysis changes: an index of another layout is rebuilt.
LAYOUT = 1
CODED_SEPARATOR = "\x1f"
FACET_SEPARATOR = "\x1e"
VALUE_SEPARATOR = "\x1f"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class IndexDocument:
    """One entry as the index sees it; built by the services from the database."""

    id: str
    version: int
    kind: str
    memo_type: str
    title: str
    body: str
    site: str
    occurred_at: datetime  # aware; the researcher's own offset
    actor_names: tuple[str, ...] = ()  # display names, for facets
    actor_terms: tuple[str, ...] = ()  # names, aliases and pseudonyms, for matching
    codes: tuple[str, ...] = ()  # paths linked to the entry or to one of its segments
    segments: tuple[tuple[str, str], ...] = ()  # (code path, coded text)


def build_schema(common: frozenset[str] = frozenset(), learnt_from: int = 0) -> Schema:
    words = WordAnalyzer()
    keys = KeyAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=words, field_boost=2.0),
        body=TEXT(analyzer=words),
        pairs=TEXT(analyzer=PairAnalyzer(common, learnt_from=learnt_from), phrase=False),
        kind=TEXT(analyzer=keys, phrase=False),
        actor=TEXT(analyzer=NameAnalyzer(), phrase=False),
        site=TEXT(analyzer=NameAnalyzer(), phrase=False),
        code=TEXT(analyzer=keys, phrase=False),
        segment=TEXT(analyzer=words, phrase=False),
        coded=TEXT(analyzer=keys, phrase=False),
        when=COLUMN(columns.NumericColumn("q", default=0)),
        order=COLUMN(columns.NumericColumn("q", default=0)),
        day=COLUMN(columns.NumericColumn("i", default=0)),
        facets=COLUMN(columns.VarBytesColumn()),
    )


def utc_micros(moment: datetime) -> int:
    """A moment as microseconds since 1970 (UTC): the timeline's order."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def id_order(entry_id: str) -> int:
    """The id's leading 60 bits: breaks ties of time in the timeline's order (by id)."""
    return int(entry_id.replace("-", "")[:15], 16)


def day_number(moment: datetime) -> int:
    """The researcher's own calendar day as YYYYMMDD (the offset they typed)."""
    return moment.year * 10_000 + moment.month * 100 + moment.day


def code_keys(path: str) -> list[str]:
    """A path, each ancestor and the leaf name, so ``code:Trust`` finds ``Trust/System trust``."""
    keys = [normalise_name(p) for p in ancestors(path)]
    keys.append(normalise_name(path.rsplit("/", 1)[-1]))
    return keys


def fields_of(doc: IndexDocument) -> dict[str, object]:
    """The Whoosh fields of one document."""
    code_lines = [key for path in doc.codes for key in code_keys(path)]
    coded: list[str] = []
    for path, text in doc.segments:
        words = set(terms(text))
        for key in code_keys(path)[:-1]:
            coded.extend(key + CODED_SEPARATOR + w for w in words)
    facets = FACET_SEPARATOR.join(
        (doc.kind, VALUE_SEPARATOR.join(doc.actor_names), VALUE_SEPARATOR.join(doc.codes))
    )
    return {
        "id": doc.id,
        "title": doc.title,
        "body": doc.body,
        "pairs": doc.body,
        "kind": "\n".join(k for k in (doc.kind, doc.memo_type) if k),
        "actor": "\n".join(doc.actor_terms),
        "site": doc.site,
        "code": "\n".join(code_lines),
        "segment": "\n".join(text for _, text in doc.segments),
        "coded": "\n".join(coded),
        "when": utc_micros(doc.occurred_at),
        "order": id_order(doc.id),
        "day": day_number(doc.occurred_at),
        "facets": facets.encode("utf-8"),
    }
