"""How dates and entries read in lists, titles and the status bar."""

from __future__ import annotations

import calendar
from datetime import datetime


def short_date(moment: datetime) -> str:
    """`Tue 5 Apr 2016 10:30`: in the offset the researcher wrote it in."""
    day = calendar.day_abbr[moment.weekday()]
    month = calendar.month_abbr[moment.month]
    return f"{day} {moment.day} {month} {moment.year} {moment:%H:%M}"


def month_label(moment: datetime) -> str:
    return f"{calendar.month_name[moment.month]} {moment.year}"


def month_key(moment: datetime) -> tuple[int, int]:
    return (moment.year, moment.month)
