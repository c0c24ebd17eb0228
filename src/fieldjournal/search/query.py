"""From the researcher's query text to a Whoosh query, a date range and a notice.

The Whoosh query language is kept (words AND-ed, ``"phrases"``, OR, NOT, ``prefix*``,
``field:value``), with four changes that keep every query fast and every answer exact:
``date:`` clauses become day ranges: one that applies to the whole query is a cached
filter, one under OR or NOT a query of its own (``OnDays``); a phrase of common words
becomes a lookup of word pairs indexed for that purpose; a prefix expands to its most
frequent words only; text that cannot be read as written is read loosely and the
researcher is told how.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from whoosh import qparser
from whoosh.fields import ID, Schema
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query import And, Every, NullQuery, Or, Phrase, Prefix, Query, Term

from fieldjournal.search.analysis import PAIR_SEPARATOR, fold, stem
from fieldjournal.search.columns import numbers
from fieldjournal.search.schema import CODED_SEPARATOR

DEFAULT_FIELDS = ("title", "body", "actor")
PUBLIC_FIELDS = frozenset({"title", "body", "actor", "kind", "site", "code", "segment", "id"})
TEXT_FIELDS = frozenset({"title", "body", "segment", "pairs", "coded"})
PREFIX_LIMIT = 50
MIN_DAY, MAX_DAY = 0, 99_991_231
DayRange = tuple[int, int]

_DATE_CLAUSE = re.compile(r'(?i)\bdate:(\[[^\]]*\]?|"[^"]*"?|\S+)')
_RANGE = re.compile(r"(?i)^\[\s*(\S*)\s+to\s+(\S*)\s*\]$|^\[\s*(\S*)\s+to\s*\]$")
_OPERATOR_EDGES = re.compile(r"^\s*(AND|OR)\b|\b(AND|OR|NOT)\s*$")
DATE_FIELD = "date"
DATE_HELP = "write date:2017, date:2017-03 or date:[2016-01-01 to 2016-06-30]"

# (field, prefix) -> the words of that field that start with it, most frequent first
Expander = Callable[[str, str], list[str]]


@dataclass
class CompiledQuery:
    query: Query | None  # None: every entry
    days: DayRange | None = None
    ranked: bool = False  # free text given: order by score, else newest first
    notices: list[str] = field(default_factory=list)
    marks: set[str] = field(default_factory=set)  # terms to mark in snippets

    @property
    def notice(self) -> str:
        return "; ".join(self.notices)


def day_bounds(text: str) -> DayRange:
    """``2017`` / ``2017-03`` / ``2017-03-05`` as the first and last day it covers."""
    value = text.strip().strip('"')
    parts = value.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(value)
    year = int(parts[0])
    if len(parts) == 1:
        return year * 10_000 + 101, year * 10_000 + 1231
    month = int(parts[1])
    if not 1 <= month <= 12:
        raise ValueError(value)
    if len(parts) == 2:
        last = calendar.monthrange(year, month)[1]
        return year * 10_000 + month * 100 + 1, year * 10_000 + month * 100 + last
    day = date(year, month, int(parts[2]))
    number = day.year * 10_000 + day.month * 100 + day.day
    return number, number


def parse_date_clause(value: str) -> DayRange:
    match = _RANGE.match(value.strip())
    if match is None:
        return day_bounds(value)
    low_text, high_text = (
        (match.group(1), match.group(2))
        if match.group(1) is not None
        else (
            match.group(3),
            "",
        )
    )
    low = day_bounds(low_text)[0] if low_text else MIN_DAY
    high = day_bounds(high_text)[1] if high_text else MAX_DAY
    if low > high:
        raise ValueError(value)
    return low, high


def extract_dates(text: str, notices: list[str]) -> tuple[str, list[DayRange]]:
    """Replace every ``date:`` clause by a token ``date:dN`` naming its range in the list.

    Date values hold characters the query parser reads as syntax (``[``, ``to``, ``-``):
    the parser sees a plain token where the clause was, and keeps its place in the query.
    """
    ranges: list[DayRange] = []

    def take(match: re.Match[str]) -> str:
        try:
            ranges.append(parse_date_clause(match.group(1)))
        except ValueError:
            notices.append(f"could not read {match.group(0)!r} ({DATE_HELP}); it was ignored")
            return " "
        return f" {DATE_FIELD}:d{len(ranges) - 1} "

    return _DATE_CLAUSE.sub(take, text), ranges


class OnDays(Query):  # type: ignore[misc]
    """Entries that took place within a range of days (``day`` column, YYYYMMDD).

    A day range filters rather than ranks: its matches score a token ``SCORE`` (not 0,
    which Whoosh's unions read as "no match").
    """

    SCORE = 0.001

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high
        self.boost = 1.0
        self.fieldname = None  # no indexed field: a column

    def __repr__(self) -> str:
        return f"OnDays({self.low}, {self.high})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OnDays) and (other.low, other.high) == (self.low, self.high)

    def __hash__(self) -> int:
        return hash((OnDays, self.low, self.high))

    def is_leaf(self) -> bool:
        return True

    def normalize(self) -> Query:
        return self

    def estimate_size(self, ixreader: Any) -> int:
        return int(ixreader.doc_count())

    def docs(self, reader: Any) -> list[int]:
        """The live documents of one segment in the range, in order."""
        days = numbers(reader, "day")
        low, high = self.low, self.high
        return [doc for doc in reader.all_doc_ids() if low <= days[doc] <= high]

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        found: list[int] = []
        for leaf, offset in searcher.leaf_searchers():
            found.extend(offset + doc for doc in self.docs(leaf.reader()))
        return ListMatcher(found, all_weights=self.SCORE) if found else NullMatcher()


def hoist_days(query: Query | None) -> tuple[Query | None, DayRange | None]:
    """Take day ranges that apply to the whole query out of it, as one filter range.

    ``trust date:2017`` is trust AND within 2017: the range becomes a cached filter.
    Ranges under OR or NOT stay in the query.
    """
    if isinstance(query, OnDays):
        return None, (query.low, query.high)
    if query is None or type(query) is not And:
        return query, None
    ranges = [q for q in query.subqueries if isinstance(q, OnDays)]
    if not ranges:
        return query, None
    rest = [q for q in query.subqueries if not isinstance(q, OnDays)]
    days = (max(r.low for r in ranges), min(r.high for r in ranges))
    if not rest:
        return None, days
    return (And(rest, boost=query.boost) if len(rest) > 1 else rest[0]), days


def loosen(text: str, notices: list[str]) -> str:
    """Mend unbalanced quotes and brackets and dangling operators, saying so."""
    if text.count('"') % 2:
        last = text.rfind('"')
        text = text[:last] + text[last + 1 :]
        notices.append("a quotation mark was not closed; it was ignored")
    depth, balanced = 0, True
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        balanced = balanced and depth >= 0
    if depth or not balanced:
        text = text.replace("(", " ").replace(")", " ")
        notices.append("brackets did not match; they were ignored")
    if _OPERATOR_EDGES.search(text):
        text = _OPERATOR_EDGES.sub(" ", text)
        notices.append("an AND, OR or NOT had nothing on one side; it was ignored")
    return text


def make_parser(schema: Schema) -> qparser.QueryParser:
    # The parser knows the date field (the index does not: see extract_dates).
    schema = schema.copy()
    schema.add(DATE_FIELD, ID())
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema)
    parser.remove_plugin_class(qparser.WildcardPlugin)
    parser.remove_plugin_class(qparser.SingleQuotePlugin)
    parser.remove_plugin_class(qparser.RangePlugin)
    parser.add_plugin(qparser.PrefixPlugin())
    return parser


class Compiler:
    def __init__(self, parser: qparser.QueryParser, common: frozenset[str], expand: Expander):
        self.parser = parser
        self.common = common
        self.expand = expand

    def compile(self, text: str, *, segment_code: str | None = None) -> CompiledQuery:
        notices: list[str] = []
        rest, ranges = extract_dates(text, notices)
        rest = loosen(rest, notices) if rest.strip() else ""
        result = CompiledQuery(None, notices=notices)
        if not rest.strip():
            return result
        try:
            parsed = self.parser.parse(rest)
        except Exception:
            notices.append("the query could not be read as written; its words were searched")
            words = re.findall(rf"\b{DATE_FIELD}:d\d+|\w+", rest)
            parsed = self.parser.parse(" ".join(words))
        rewritten = self.rewrite(parsed, result, segment_code, ranges).normalize()
        result.query, result.days = hoist_days(rewritten)
        return result

    def rewrite(
        self, q: Query, result: CompiledQuery, code: str | None, ranges: list[DayRange]
    ) -> Query:
        if isinstance(q, Phrase):
            return self.phrase(q, result)
        if isinstance(q, Prefix):
            return self.prefix(q, result)
        if isinstance(q, Term) and q.fieldname == DATE_FIELD:
            token = re.fullmatch(r"d(\d+)", str(q.text))
            if token is None or int(token.group(1)) >= len(ranges):
                result.notices.append(f"could not read 'date:{q.text}' ({DATE_HELP})")
                return NullQuery
            return OnDays(*ranges[int(token.group(1))])
        if isinstance(q, Term):
            return self.term(q, result, code)
        if isinstance(q, Every) or q is NullQuery:
            return q
        return q.apply(lambda sub: self.rewrite(sub, result, code, ranges))

    def term(self, q: Term, result: CompiledQuery, code: str | None) -> Query:
        if q.fieldname not in PUBLIC_FIELDS:
            result.notices.append(f"{q.fieldname}: is not a field that can be searched")
            return NullQuery
        if q.fieldname == "segment" and code:
            q = Term("coded", code + CODED_SEPARATOR + q.text, boost=q.boost)
        if q.fieldname in TEXT_FIELDS:
            result.ranked = True
            result.marks.add(str(q.text).split(CODED_SEPARATOR)[-1])
        return q

    def phrase(self, q: Phrase, result: CompiledQuery) -> Query:
        words = [str(w) for w in q.words]
        if q.fieldname in ("title", "body", "segment"):
            result.ranked = True
            result.marks.update(words)
        if len(words) == 1:
            return Term(q.fieldname, words[0], boost=q.boost)
        if q.fieldname == "segment":
            return And([Term("segment", w) for w in words], boost=q.boost)
        if q.fieldname != "body":
            return q
        pair_terms: list[Query] = [
            Term("pairs", a + PAIR_SEPARATOR + b)
            for a, b in itertools.pairwise(words)
            if a in self.common and b in self.common
        ]
        if len(words) == 2 and pair_terms:
            return Term("pairs", words[0] + PAIR_SEPARATOR + words[1], boost=q.boost)
        return And([*pair_terms, q], boost=q.boost) if pair_terms else q

    def prefix(self, q: Prefix, result: CompiledQuery) -> Query:
        if q.fieldname not in PUBLIC_FIELDS:
            return NullQuery
        text = fold(str(q.text))
        words = self.expand(q.fieldname, text)
        stemmed = stem(text)
        if stemmed != text:
            words = list(dict.fromkeys(words + self.expand(q.fieldname, stemmed)))
        if len(words) > PREFIX_LIMIT:
            result.notices.append(
                f"{q.text}* matches many words; the {PREFIX_LIMIT} most frequent were searched"
            )
            words = words[:PREFIX_LIMIT]
        if q.fieldname in TEXT_FIELDS:
            result.ranked = True
            result.marks.update(words)
        if not words:
            return NullQuery
        return Or([Term(q.fieldname, w) for w in words], boost=q.boost)
