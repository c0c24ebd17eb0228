"""Dates in documents are English whatever the locale the app runs in."""

from __future__ import annotations

import calendar
from datetime import datetime

import pytest

from fieldjournal.domain.timeutil import format_long_date

FRENCH = ["", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"]
FRENCH += ["septembre", "octobre", "novembre", "décembre"]


def test_long_dates_name_months_in_english() -> None:
    assert format_long_date(datetime(2016, 4, 5)) == "5 April 2016"
    assert [format_long_date(datetime(2020, m, 1)).split()[1] for m in (1, 5, 12)] == [
        "January",
        "May",
        "December",
    ]


def test_a_locale_does_not_change_a_documents_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The desktop app sets the user's locale, and ``calendar.month_name`` follows it (no
    locale but C is installed here, so the locale's month names stand in for it)."""
    monkeypatch.setattr(calendar, "month_name", FRENCH)
    assert format_long_date(datetime(2016, 4, 5)) == "5 April 2016"
