"""Timezone-aware times: the researcher's own offset is kept, storage is UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache

from fieldjournal.domain.errors import InvalidInput


def now() -> datetime:
    """The current time in the machine's local offset."""
    return datetime.now(UTC).astimezone()


def local_offset_minutes(moment: datetime) -> int:
    offset = moment.utcoffset()
    return 0 if offset is None else int(offset.total_seconds() // 60)


def with_offset(utc_moment: datetime, offset_minutes: int) -> datetime:
    """Rebuild the moment as the researcher typed it from UTC and the kept offset."""
    if utc_moment.tzinfo is None:
        utc_moment = utc_moment.replace(tzinfo=UTC)
    return utc_moment.astimezone(_zone(offset_minutes))


@lru_cache(maxsize=256)  # a journal's entries share a few offsets; an export reads hundreds
def _zone(offset_minutes: int) -> timezone:
    return timezone(timedelta(minutes=offset_minutes))


def ensure_aware(moment: datetime) -> datetime:
    """Naive times are taken as local time on this machine."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.astimezone()
    return moment


def parse_datetime(text: str | datetime, what: str = "time") -> datetime:
    """Parse ISO 8601 (a date alone means midnight); naive times are local."""
    if isinstance(text, datetime):
        return ensure_aware(text)
    value = str(text).strip()
    if not value:
        raise InvalidInput(f"{what} is empty")
    try:
        if len(value) == 10:
            return ensure_aware(datetime.combine(date.fromisoformat(value), time()))
        return ensure_aware(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        raise InvalidInput(
            f"{what} {value!r} is not a date or time; write it as ISO 8601, "
            "e.g. 2016-04-05 or 2016-04-05T10:30+01:00"
        ) from None


def parse_until(text: str | datetime, what: str = "until") -> datetime:
    """The end of a range: a date alone means the whole of that day is included."""
    moment = parse_datetime(text, what)
    if isinstance(text, str) and len(text.strip()) == 10:
        return moment + timedelta(days=1, microseconds=-1)
    return moment


def to_utc(moment: datetime) -> datetime:
    return ensure_aware(moment).astimezone(UTC)


# The documents are written in English: ``calendar.month_name`` follows the process's
# locale, which the desktop app sets from the user's environment (a French desktop would
# cite "5 avril 2016" beside "Sources" and "References").
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_long_date(moment: datetime) -> str:
    """`5 April 2016`, the form citations use, whatever the locale."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
