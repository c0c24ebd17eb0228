"""Dates and times as the researcher types them into the When and Ends fields.

Accepted: ISO 8601 (``2016-04-05 10:00``, ``2016-04-05T10:00+01:00``), the numeric form of
the researcher's locale (``5/4/2016 10:00`` is 5 April where days come first and 4 May
where months do: the caller says which), and month names (``5 Apr 2016``, ``April 5,
2016``, ``Tue 5 Apr 2016 10:00``), with a 24-hour time or ``2:30 pm``. What is not typed
stays as it was: a date alone keeps the time, a time alone keeps the date, and with no
offset typed the moment keeps the offset it had. Times are to the minute, as the fields
show them.

Anything else is refused with a message that says what was not understood, so the field
can show it where it stands and nothing is saved from a value that did not parse.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from enum import StrEnum

from fieldjournal.domain.errors import InvalidInput

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EXAMPLE = "2016-04-05 10:00"


class DateOrder(StrEnum):
    """Which number comes first in the locale's numeric dates."""

    DAY_FIRST = "dmy"
    MONTH_FIRST = "mdy"
    YEAR_FIRST = "ymd"

    @classmethod
    def of_format(cls, pattern: str) -> DateOrder:
        """The order of a date pattern such as ``dd/MM/yyyy`` or ``M/d/yy`` (Qt's, CLDR's)."""
        where = {c: pattern.find(c) for c in "dMy"}
        if -1 in where.values():
            return cls.DAY_FIRST
        first = min(where, key=lambda c: where[c])
        if first == "y":
            return cls.YEAR_FIRST
        return cls.MONTH_FIRST if first == "M" else cls.DAY_FIRST


@dataclass(frozen=True, slots=True)
class _Time:
    hour: int
    minute: int


_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?=$|[T\s,])", re.I)
_NUMERIC = re.compile(r"(?P<a>\d{1,4})([/.-])(?P<b>\d{1,2})\2(?P<c>\d{1,4})(?=$|[\s,])")
_TIME = re.compile(
    r"(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?)?\s*(?P<ampm>[ap]\.?m\.?)?",
    re.IGNORECASE,
)
_ZONE = re.compile(r"\s*(?P<zone>Z|UTC|GMT|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?)$", re.I)
_CLOCK = re.compile(r"\d[:.h]\d{2}(?::\d{2}(?:\.\d+)?)?$|\d\s*[ap]\.?m\.?$", re.I)
_WORD = re.compile(r"[a-z]+\.?", re.IGNORECASE)


def parse_typed(text: str, *, base: datetime, order: DateOrder) -> datetime:
    """The moment ``text`` names; what it leaves out is taken from ``base``.

    Raises :class:`InvalidInput` with a message for the researcher.
    """
    typed = " ".join(text.split())
    if not typed:
        raise InvalidInput(f"type a date, a time or both, e.g. {EXAMPLE}")
    rest, zone = _split_zone(typed)
    day, rest = _take_date(rest, order)
    clock = _time(rest) if rest else None
    if day is None and clock is None:
        raise InvalidInput(f"“{typed}” is not a date or a time; type e.g. {EXAMPLE}")
    return _combine(base, day, clock, zone)


def spoken(moment: datetime) -> str:
    """``Tuesday 5 April 2016, 10:00``: the parsed value in words, never ambiguous."""
    weekday = WEEKDAYS[moment.weekday()].capitalize()
    month = MONTHS[moment.month - 1].capitalize()
    return f"{weekday} {moment.day} {month} {moment.year}, {moment:%H:%M}"


def typed_form(moment: datetime) -> str:
    """How a field shows a moment for editing: ISO 8601 to the minute, no offset."""
    return f"{moment:%Y-%m-%d %H:%M}"


def stepped(moment: datetime, position: int, steps: int) -> datetime:
    """``moment`` moved by ``steps`` of the part of its :func:`typed_form` at ``position``
    (a cursor there): year, month, day, hour or minute, as the arrow keys step a date.

    A month or year step keeps the day where it can (31 January + 1 month: 29 February).
    """
    if position <= 4:
        return _months_later(moment, 12 * steps)
    if position <= 7:
        return _months_later(moment, steps)
    if position <= 10:
        return moment + timedelta(days=steps)
    if position <= 13:
        return moment + timedelta(hours=steps)
    return moment + timedelta(minutes=steps)


def _months_later(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        return moment
    last = calendar.monthrange(year, month + 1)[1]
    return moment.replace(year=year, month=month + 1, day=min(moment.day, last))


# --- pieces ----------------------------------------------------------------------------
def _combine(
    base: datetime, day: date | None, clock: _Time | None, zone: tzinfo | None
) -> datetime:
    day = day or base.date()
    hour, minute = (clock.hour, clock.minute) if clock else (base.hour, base.minute)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone or base.tzinfo)


def _date(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise InvalidInput(f"there is no month {month}; months go from 1 to 12")
    if not 1 <= year <= 9999:
        raise InvalidInput(f"the year {year} is out of range")
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(f"there is no {day} {MONTHS[month - 1].capitalize()} {year}") from None


def _year(digits: str) -> int:
    """Two digits are 1969–2068, as POSIX reads them; otherwise the year as typed."""
    year = int(digits)
    if len(digits) <= 2:
        return year + (1900 if year >= 69 else 2000)
    return year


def _time(text: str) -> _Time:
    found = _TIME.fullmatch(text.strip())
    if found is None:
        raise InvalidInput(f"“{text.strip()}” is not a time; type e.g. 10:00 or 2:30 pm")
    hour, minute = int(found["h"]), int(found["m"] or 0)
    if found["ampm"]:
        if not 1 <= hour <= 12:
            raise InvalidInput(f"{hour} is not an hour of a 12-hour clock")
        hour = hour % 12 + (12 if found["ampm"][0].lower() == "p" else 0)
    elif found["m"] is None:
        raise InvalidInput(f"“{text.strip()}” is not a time; type e.g. {hour}:00")
    if hour > 23 or minute > 59 or int(found["s"] or 0) > 59:
        raise InvalidInput(f"{text.strip()} is not a time of day")
    return _Time(hour, minute)


def _zone(text: str) -> tzinfo:
    value = text.upper().removeprefix("UTC").removeprefix("GMT")
    if value in ("", "Z"):
        return UTC
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
    if hours > 14 or minutes > 59:
        raise InvalidInput(f"{text} is not an offset from UTC")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _split_zone(text: str) -> tuple[str, tzinfo | None]:
    """An offset after the time (``+01:00``, ``UTC+1``, ``Z``) and what comes before it."""
    found = _ZONE.search(text)
    if found is None or not _CLOCK.search(text[: found.start()]):
        return text, None  # "5-4-2016": the last number is the year, not an offset
    return text[: found.start()].strip(), _zone(found["zone"])


def _take_date(text: str, order: DateOrder) -> tuple[date | None, str]:
    """The date at the start of ``text`` (ISO, numeric or with a month's name), the rest."""
    iso = _ISO_DATE.match(text)
    if iso is not None:
        rest = text[iso.end() :].lstrip(" ,Tt")
        return _date(int(iso["y"]), int(iso["m"]), int(iso["d"])), rest
    numeric = _NUMERIC.match(text)
    if numeric is not None:
        rest = text[numeric.end() :].lstrip(" ,")
        return _numeric_date(numeric["a"], numeric["b"], numeric["c"], order), rest
    return _named_date(text)


def _numeric_date(a: str, b: str, c: str, order: DateOrder) -> date:
    if len(a) == 4 or order is DateOrder.YEAR_FIRST:
        return _date(_year(a), int(b), int(c))
    if order is DateOrder.MONTH_FIRST:
        return _date(_year(c), int(a), int(b))
    return _date(_year(c), int(b), int(a))


def _month(word: str) -> int | None:
    name = word.rstrip(".").lower()
    if len(name) < 3:
        return None
    matches = [n for n, month in enumerate(MONTHS, start=1) if month.startswith(name)]
    return matches[0] if len(matches) == 1 else None


def _named_date(text: str) -> tuple[date | None, str]:
    """``[weekday] 5 April 2016`` or ``April 5, 2016``, then the rest."""
    if _TIME.fullmatch(text):
        return None, text  # a time alone: "2:30 pm"
    tokens = text.replace(",", " ").split()
    if tokens and _is_weekday(tokens[0]):
        tokens = tokens[1:]
    month_at = next((i for i, t in enumerate(tokens[:2]) if _WORD.fullmatch(t)), None)
    if month_at is None:
        if tokens and tokens[0].isalpha():
            raise InvalidInput(f"“{tokens[0]}” is not a month; type e.g. 5 April 2016")
        return None, " ".join(tokens)
    month = _month(tokens[month_at])
    if month is None:
        raise InvalidInput(f"“{tokens[month_at]}” is not a month; type e.g. 5 April 2016")
    if month_at == 1:  # 5 April [2016]
        day_text, after = tokens[0], tokens[2:]
    else:  # April 5[,] [2016]
        if len(tokens) < 2:
            raise InvalidInput(f"which day of {MONTHS[month - 1].capitalize()}?")
        day_text, after = tokens[1], tokens[2:]
    day_text = re.sub(r"(st|nd|rd|th)$", "", day_text, flags=re.IGNORECASE)
    if not day_text.isdigit():
        raise InvalidInput(f"“{day_text}” is not a day of the month")
    year: int | None = None
    if after and after[0].isdigit() and len(after[0]) == 4:
        year, after = int(after[0]), after[1:]
    if year is None:
        raise InvalidInput(
            f"which year? type e.g. {day_text} {MONTHS[month - 1].capitalize()} 2016"
        )
    return _date(year, month, int(day_text)), " ".join(after)


def _is_weekday(word: str) -> bool:
    name = word.rstrip(".").lower()
    return len(name) >= 3 and any(day.startswith(name) for day in WEEKDAYS)
