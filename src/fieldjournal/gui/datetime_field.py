"""Convert between the journal's timezone-aware datetimes and QDateTime.

The researcher's own offset is kept: an entry typed at 10:30 +01:00 shows 10:30 and is
saved back with +01:00, whatever the machine's zone is today.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone


def to_qdatetime(moment: datetime) -> QDateTime:
    offset = moment.utcoffset() or timedelta(0)
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute),
        QTimeZone.fromSecondsAheadOfUtc(int(offset.total_seconds())),
    )


def from_qdatetime(value: QDateTime, zone: tzinfo | None) -> datetime:
    """The widget's wall-clock time in ``zone`` (the entry's own offset)."""
    date, time = value.date(), value.time()
    if zone is None:
        seconds = value.offsetFromUtc()
        zone = timezone(timedelta(seconds=seconds))
    return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(), tzinfo=zone)


def to_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)
