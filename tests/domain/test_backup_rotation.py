"""Rotation: which snapshot times are kept, as a pure function of the times and "now"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldjournal.domain.backups import BackupSettings, RotationPolicy, to_keep
from fieldjournal.domain.errors import InvalidInput

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_nothing_to_keep_from_nothing() -> None:
    assert to_keep([], NOW) == set()


def test_every_snapshot_of_the_last_day_up_to_the_count() -> None:
    times = [NOW - timedelta(minutes=10 * n) for n in range(100)]  # 16.5 hours of them
    kept = to_keep(times, NOW, RotationPolicy(recent=48, daily=0, weekly=0))
    assert kept == set(times[:48])


def test_one_a_day_for_a_month_then_one_a_week_for_a_year() -> None:
    hourly_for_two_years = [NOW - timedelta(hours=h) for h in range(24 * 730)]
    kept = to_keep(hourly_for_two_years, NOW, RotationPolicy(recent=24, daily=30, weekly=52))
    recent = {t for t in kept if NOW - t < timedelta(hours=24)}
    assert len(recent) == 24
    older = sorted((t for t in kept if NOW - t >= timedelta(hours=24)), reverse=True)
    daily = [t for t in older if NOW - t < timedelta(days=30)]
    assert len(daily) == 29  # days 1..29; day 0 is the recent band
    assert all(a - b == timedelta(days=1) for a, b in pairwise(daily))
    weekly = [t for t in older if NOW - t >= timedelta(days=30)]
    assert len(weekly) == 52 - 5  # weeks 0..4 hold daily ones already
    assert all(NOW - t < timedelta(weeks=52) for t in weekly)
    assert len(kept) <= 24 + 30 + 52


def test_the_newest_is_kept_however_old_and_so_is_anything_after_now() -> None:
    ancient = NOW - timedelta(days=2000)
    future = NOW + timedelta(hours=3)
    assert to_keep([ancient, ancient - timedelta(days=1)], NOW) == {ancient}
    assert future in to_keep([future, NOW - timedelta(minutes=1)], NOW)


@given(
    st.lists(st.integers(min_value=-5_000, max_value=60 * 24 * 800), max_size=300),
    st.integers(1, 60),
    st.integers(0, 40),
    st.integers(0, 60),
)
def test_rotation_is_bounded_and_keeps_the_newest(
    minutes_ago: list[int], recent: int, daily: int, weekly: int
) -> None:
    times = [NOW - timedelta(minutes=m) for m in minutes_ago]
    policy = RotationPolicy(recent=recent, daily=daily, weekly=weekly)
    kept = to_keep(times, NOW, policy)
    assert kept <= set(times)
    future = {t for t in times if t > NOW}
    assert len(kept - future) <= recent + daily + weekly + 1
    if times:
        assert max(times) in kept
    assert to_keep(kept, NOW, policy) == kept  # rotating again removes nothing more


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: RotationPolicy(recent=0), "at least one"),
        (lambda: RotationPolicy(daily=-1), "daily"),
        (lambda: BackupSettings(interval_minutes=0), "interval"),
    ],
)
def test_settings_out_of_range_are_refused(make: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        make()  # type: ignore[operator]
