"""Convert between the journal's timezone-aware datetimes and QDateTime.

The researcher's own offset is kept: an entry typed at 10:30 +01:00 shows 10:30 and is
saved back with +01:00, whatever the machine's zone is today. The edit widgets work in
UTC, which has no daylight-saving gaps, and carry the wall-clock time only.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone

WALL_CLOCK = QTimeZone(QTimeZone.Initialization.UTC)


def to_qdatetime(moment: datetime) -> QDateTime:
    """The wall-clock time of ``moment`` (in its own offset), for a widget set to WALL_CLOCK."""
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute),
        WALL_CLOCK,
    )


def from_qdatetime(value: QDateTime, zone: tzinfo | None) -> datetime:
    """The widget's wall-clock time in ``zone`` (the entry's own offset)."""
    date, time = value.date(), value.time()
    if zone is None:
        zone = datetime.now(UTC).astimezone().tzinfo
    return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(), tzinfo=zone)


def to_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)
