"""Dates typed into the When and Ends fields: every accepted form round-trips, what is
left out comes from the value before, and anything else is refused with a message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.typed_dates import (
    MONTHS,
    DateOrder,
    parse_typed,
    spoken,
    stepped,
    typed_form,
)

BASE = datetime(2020, 1, 2, 9, 15, tzinfo=timezone(timedelta(hours=1)))
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.builds(
    lambda naive, zone: naive.replace(second=0, microsecond=0, tzinfo=zone),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2199, 12, 31)),
    offsets,
)
orders = st.sampled_from(list(DateOrder))


@given(moments, moments, orders)
def test_the_fields_own_form_reads_back_in_every_locale(
    moment: datetime, base: datetime, order: DateOrder
) -> None:
    assert parse_typed(typed_form(moment), base=base, order=order) == moment.replace(
        tzinfo=base.tzinfo
    )


@given(moments, moments, orders)
def test_iso_8601_with_an_offset_keeps_that_offset(
    moment: datetime, base: datetime, order: DateOrder
) -> None:
    typed = moment.isoformat(timespec="minutes")
    parsed = parse_typed(typed, base=base, order=order)
    assert parsed == moment and parsed.utcoffset() == moment.utcoffset()


@given(moments, moments, st.sampled_from("/.-"), st.booleans())
def test_the_locales_numeric_form_in_its_own_order(
    moment: datetime, base: datetime, separator: str, padded: bool
) -> None:
    day, month = (
        (f"{moment.day:02}", f"{moment.month:02}")
        if padded
        else (
            str(moment.day),
            str(moment.month),
        )
    )
    clock = f"{moment:%H:%M}"
    cases = {
        DateOrder.DAY_FIRST: separator.join((day, month, str(moment.year))),
        DateOrder.MONTH_FIRST: separator.join((month, day, str(moment.year))),
    }
    for order, date_text in cases.items():
        parsed = parse_typed(f"{date_text} {clock}", base=base, order=order)
        assert parsed == moment.replace(tzinfo=base.tzinfo), order


@given(moments, moments, orders)
def test_the_value_in_words_reads_back(moment: datetime, base: datetime, order: DateOrder) -> None:
    assert parse_typed(spoken(moment), base=base, order=order) == moment.replace(tzinfo=base.tzinfo)


@given(moments, moments, orders)
def test_a_date_alone_keeps_the_time_and_a_time_alone_the_date(
    moment: datetime, base: datetime, order: DateOrder
) -> None:
    day_only = parse_typed(f"{moment:%Y-%m-%d}", base=base, order=order)
    assert (day_only.date(), day_only.time(), day_only.tzinfo) == (
        moment.date(),
        base.time(),
        base.tzinfo,
    )
    time_only = parse_typed(f"{moment:%H:%M}", base=base, order=order)
    assert (time_only.date(), time_only.time()) == (base.date(), moment.time())


@given(st.text(max_size=40), orders)
def test_any_text_is_a_moment_or_a_message(text: str, order: DateOrder) -> None:
    try:
        parsed = parse_typed(text, base=BASE, order=order)
    except InvalidInput as refusal:
        assert str(refusal)
    else:
        assert parsed.tzinfo is not None and parsed.second == 0


@pytest.mark.parametrize(
    ("typed", "order", "expected"),
    [
        ("5/4/2016 10:00", DateOrder.DAY_FIRST, "2016-04-05T10:00:00+01:00"),
        ("5/4/2016 10:00", DateOrder.MONTH_FIRST, "2016-05-04T10:00:00+01:00"),
        ("2016-04-05 10:00", DateOrder.MONTH_FIRST, "2016-04-05T10:00:00+01:00"),
        ("2016-04-05", DateOrder.DAY_FIRST, "2016-04-05T09:15:00+01:00"),
        ("2016-04-05T10:00Z", DateOrder.DAY_FIRST, "2016-04-05T10:00:00+00:00"),
        ("Tue 5 Apr 2016  10:00", DateOrder.MONTH_FIRST, "2016-04-05T10:00:00+01:00"),
        ("April 5, 2016 2:30 pm", DateOrder.DAY_FIRST, "2016-04-05T14:30:00+01:00"),
        ("5.4.16", DateOrder.DAY_FIRST, "2016-04-05T09:15:00+01:00"),
        ("16/04/05", DateOrder.YEAR_FIRST, "2016-04-05T09:15:00+01:00"),
        ("11:30", DateOrder.DAY_FIRST, "2020-01-02T11:30:00+01:00"),
        ("12 am", DateOrder.DAY_FIRST, "2020-01-02T00:00:00+01:00"),
        ("5/4/2016 10:00 UTC+5:30", DateOrder.DAY_FIRST, "2016-04-05T10:00:00+05:30"),
    ],
)
def test_forms_researchers_type(typed: str, order: DateOrder, expected: str) -> None:
    assert parse_typed(typed, base=BASE, order=order).isoformat() == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type a date"),
        ("31/2/2016", "there is no 31 February 2016"),
        ("5/13/2016", "there is no month 13"),
        ("25:00", "not a time of day"),
        ("10", "type e.g. 10:00"),
        ("5 Apr", "which year?"),
        ("yesterday", "“yesterday” is not a month"),
        ("5/4/2016 noonish", "“noonish” is not a time"),
        ("13 pm", "not an hour of a 12-hour clock"),
    ],
)
def test_what_does_not_parse_says_why(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_typed(typed, base=BASE, order=DateOrder.DAY_FIRST)


@pytest.mark.parametrize(
    ("pattern", "order"),
    [
        ("dd/MM/yyyy", DateOrder.DAY_FIRST),
        ("M/d/yy", DateOrder.MONTH_FIRST),
        ("yyyy-MM-dd", DateOrder.YEAR_FIRST),
        ("d.M.yy", DateOrder.DAY_FIRST),
        ("", DateOrder.DAY_FIRST),
    ],
)
def test_the_order_of_a_locales_pattern(pattern: str, order: DateOrder) -> None:
    assert DateOrder.of_format(pattern) is order


def test_words_are_english_month_and_weekday_names() -> None:
    assert spoken(datetime(2016, 4, 5, 10, 0)) == "Tuesday 5 April 2016, 10:00"
    assert len(MONTHS) == 12


@given(moments, st.integers(min_value=0, max_value=16), st.integers(min_value=-40, max_value=40))
def test_arrow_steps_move_the_part_under_the_cursor_and_back(
    moment: datetime, position: int, steps: int
) -> None:
    forth = stepped(moment, position, steps)
    if position > 7:  # days, hours, minutes: exact
        assert stepped(forth, position, -steps) == moment
    else:  # months and years keep the day where the month has it
        assert forth.day <= moment.day and forth.time() == moment.time()
        months = (forth.year - moment.year) * 12 + forth.month - moment.month
        assert months == (12 * steps if position <= 4 else steps)


def test_a_step_on_each_part_of_the_fields_form() -> None:
    moment = datetime(2016, 1, 31, 10, 0, tzinfo=UTC)
    assert typed_form(moment) == "2016-01-31 10:00"
    assert typed_form(stepped(moment, 2, 1)) == "2017-01-31 10:00"
    assert typed_form(stepped(moment, 6, 1)) == "2016-02-29 10:00"
    assert typed_form(stepped(moment, 9, 1)) == "2016-02-01 10:00"
    assert typed_form(stepped(moment, 12, -11)) == "2016-01-30 23:00"
    assert typed_form(stepped(moment, 16, -1)) == "2016-01-31 09:59"
