"""What the analysis views show: which entries (a filter), how to count, and the numbers.

Every view is a list of marks in long form (one bar, cell or edge each: two labels and a
count), so the chart, its table and its CSV are the same numbers. Each mark keeps the keys
it was counted by (a code's id, an actor's id, a period), so the entries behind it can be
listed; its labels are what a reader sees (pseudonyms unless real names were asked for).
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from fieldjournal.domain.enums import EntryKind, parse_enum
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.records import Segment
from fieldjournal.domain.timeutil import parse_datetime, parse_until

NO_SITE = "(no site)"
NO_SECTOR = "(no sector)"


class ChartView(StrEnum):
    CODES_OVER_TIME = "codes-over-time"
    ACTIVITY = "activity"
    COOCCURRENCE = "cooccurrence"
    CODES_BY_ACTOR = "codes-by-actor"
    CODES_BY_SECTOR = "codes-by-sector"
    NETWORK = "network"

    @property
    def label(self) -> str:
        return {
            "codes-over-time": "Codes over time",
            "activity": "Activity",
            "cooccurrence": "Co-occurrence",
            "codes-by-actor": "Codes by actor",
            "codes-by-sector": "Codes by sector",
            "network": "Actor network",
        }[self.value]


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


class ActivityBy(StrEnum):
    KIND = "kind"
    SITE = "site"


class Arrangement(StrEnum):
    """How the series of codes over time (or activity) share a chart: stacked in one, or
    as small multiples, one small chart each on the same scales, to compare their shapes."""

    STACKED = "stacked"
    MULTIPLES = "multiples"


class Cooccurrence(StrEnum):
    """Two codes co-occur in the same entry, or where their segments overlap (or come near)."""

    ENTRY = "entry"
    SEGMENTS = "segments"


@dataclass(frozen=True, slots=True)
class ChartFilter:
    """Which entries a view counts: every field that is set narrows them.

    ``since``/``until`` bound when an entry happened (both included); ``kinds`` and
    ``sites`` (compared ignoring case) keep entries of any of them; ``codes`` keeps entries
    that use one of the codes or their descendants and, in the views that count codes,
    counts only those codes; ``actors`` (names or ids) keeps entries any of them took part
    in. Codes over time draws one code as its own uses and each child's subtree (a code
    and its children); a chosen set as one series per code, each use going to the most
    specific code of the set that holds it.
    """

    since: datetime | None = None
    until: datetime | None = None
    kinds: frozenset[EntryKind] = frozenset()
    sites: frozenset[str] = frozenset()
    codes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            moment = getattr(self, name)
            if moment is not None and moment.utcoffset() is None:
                raise InvalidInput(f"{name} needs a time zone")
        if self.since and self.until and self.since > self.until:
            raise InvalidInput("since is after until: no entry could be in that range")

    @classmethod
    def of(
        cls,
        *,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        kinds: Iterable[str | EntryKind] = (),
        sites: Iterable[str] = (),
        code: str | Iterable[str] | None = None,
        actors: Iterable[str] = (),
    ) -> ChartFilter:
        """A filter from typed-in values (ISO dates; a date alone as ``until`` is its whole
        day; ``code`` one code path, or several: a chosen set)."""
        paths = [code] if isinstance(code, str) else list(code or ())
        return cls(
            since=parse_datetime(since, "since") if since else None,
            until=parse_until(until) if until else None,
            kinds=frozenset(parse_enum(EntryKind, kind, "kind") for kind in kinds),
            sites=frozenset(s.strip().lower() for s in sites if s.strip()),
            codes=tuple(dict.fromkeys(p.strip() for p in paths if p.strip())),
            actors=tuple(a.strip() for a in actors if a.strip()),
        )


@dataclass(frozen=True, slots=True)
class ChartOptions:
    """How a view counts: periods of codes over time, activity's split, co-occurrence's kind;
    and how its series are arranged (which changes the drawing, not the numbers).

    ``gap``: with ``Cooccurrence.SEGMENTS``, segments up to this many characters apart
    still count as co-occurring (0: they must overlap).
    """

    period: Period = Period.MONTH
    by: ActivityBy = ActivityBy.KIND
    cooccurrence: Cooccurrence = Cooccurrence.ENTRY
    gap: int = 0
    arrangement: Arrangement = Arrangement.STACKED

    def __post_init__(self) -> None:
        if self.gap < 0:
            raise InvalidInput("the gap between segments cannot be negative")


@dataclass(frozen=True, slots=True)
class Mark:
    """One bar, cell or edge: ``first`` × ``second`` counted ``count`` times.

    ``first_key``/``second_key`` are what was counted by (ids, periods, kinds): the keys to
    the entries behind the mark.
    """

    first: str
    second: str
    count: int
    first_key: str = ""
    second_key: str = ""


@dataclass(frozen=True, slots=True)
class Behind:
    """What a mark counts: its entries (ids, oldest first) and, for a mark that counts
    coded passages (codes over time, the matrices of codes, co-occurrence of passages),
    the passages behind it in the order they were written. Activity and the network count
    entries and actors only: no passages."""

    entry_ids: tuple[str, ...]
    passages: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class ChartNode:
    """An actor in the network: ``size`` entries, coloured by ``group`` (the sector)."""

    key: str
    label: str
    group: str
    size: int


@dataclass(frozen=True, slots=True)
class ChartData:
    """A view's numbers: its marks in long form (and the network's nodes)."""

    view: ChartView
    marks: tuple[Mark, ...]
    nodes: tuple[ChartNode, ...] = ()
    options: ChartOptions = field(default_factory=ChartOptions)

    @property
    def headers(self) -> tuple[str, str, str]:
        """The CSV header: two label columns, then ``count``."""
        if self.view is ChartView.CODES_OVER_TIME:
            return ("period", "code", "count")
        if self.view is ChartView.ACTIVITY:
            return ("period", self.options.by.value, "count")
        return {
            ChartView.COOCCURRENCE: ("code_a", "code_b", "count"),
            ChartView.CODES_BY_ACTOR: ("actor", "code", "count"),
            ChartView.CODES_BY_SECTOR: ("sector", "code", "count"),
            ChartView.NETWORK: ("source", "target", "count"),
        }[self.view]

    def rows(self) -> list[tuple[str, str, int]]:
        return [(m.first, m.second, m.count) for m in self.marks]

    @property
    def total(self) -> int:
        return sum(m.count for m in self.marks)


def parse_view(value: str | ChartView) -> ChartView:
    """A view by its name as the command line spells it (``codes-over-time``)."""
    try:
        return ChartView(str(value).strip().lower().replace("_", "-").replace(" ", "-"))
    except ValueError:
        allowed = ", ".join(v.value for v in ChartView)
        raise InvalidInput(f"unknown chart {value!r}; use one of: {allowed}") from None


# What a figure token may say: [[figure:VIEW key=value ... |caption]].
FIGURE_KEYS = (
    "code",
    "since",
    "until",
    "kind",
    "site",
    "actor",
    "period",
    "by",
    "cooccurrence",
    "gap",
    "arrangement",
)


@dataclass(frozen=True, slots=True)
class FigureRef:
    """A chart in a chapter: ``[[figure:codes-over-time code=Trust since=2016-01-01|Caption]]``.

    Values with spaces are quoted (``code="Trust/System trust"``); ``code``, ``kind``,
    ``site`` and ``actor`` take several values separated by commas. The chart is drawn from the
    journal as it is when the chapter is compiled.
    """

    view: ChartView
    params: tuple[tuple[str, str], ...]
    caption: str
    flt: ChartFilter = field(compare=False, hash=False, default_factory=ChartFilter)
    options: ChartOptions = field(compare=False, hash=False, default_factory=ChartOptions)

    @property
    def token(self) -> str:
        said = " ".join(f"{key}={shlex.quote(value)}" for key, value in self.params)
        return f"[[figure:{self.view.value}{' ' if said else ''}{said}|{self.caption}]]"

    @classmethod
    def parse(cls, rest: str) -> FigureRef:
        """The part of a token after ``figure:``; explains what is wrong."""
        spec, _, caption = rest.partition("|")
        try:
            words = shlex.split(spec)
        except ValueError as error:
            raise InvalidInput(f"[[figure:{rest}]]: {error}") from None
        if not words:
            raise InvalidInput("a figure names its chart: [[figure:codes-over-time|Caption]]")
        view, params = parse_view(words[0]), []
        for word in words[1:]:
            key, equals, value = word.partition("=")
            key = key.strip().lower()
            if not equals or key not in FIGURE_KEYS:
                raise InvalidInput(
                    f"{word!r} in a figure token: write key=value with a key among "
                    + ", ".join(FIGURE_KEYS)
                )
            params.append((key, value.strip()))
        given = dict(params)

        def several(key: str) -> list[str]:
            return [v for v in given.get(key, "").split(",") if v.strip()]

        flt = ChartFilter.of(
            since=given.get("since"),
            until=given.get("until"),
            kinds=several("kind"),
            sites=several("site"),
            code=several("code"),
            actors=several("actor"),
        )
        try:
            options = ChartOptions(
                period=Period(given.get("period", "month")),
                by=ActivityBy(given.get("by", "kind")),
                cooccurrence=Cooccurrence(given.get("cooccurrence", "entry")),
                gap=int(given.get("gap", "0")),
                arrangement=Arrangement(given.get("arrangement", "stacked")),
            )
        except ValueError as error:
            raise InvalidInput(f"in a figure token: {error}") from None
        return cls(view, tuple(params), " ".join(caption.split()), flt, options)


__all__ = [
    "NO_SECTOR",
    "NO_SITE",
    "ActivityBy",
    "Arrangement",
    "Behind",
    "ChartData",
    "ChartFilter",
    "ChartNode",
    "ChartOptions",
    "ChartView",
    "Cooccurrence",
    "FigureRef",
    "Mark",
    "Period",
    "parse_view",
]
