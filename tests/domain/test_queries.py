"""EntryQuery: one checked value for "which entries", built from typed or typed-in fields."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from fieldjournal.domain.enums import EntryKind, MemoType
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.queries import EntryQuery, search_fields


def test_typed_in_values_are_checked_into_their_types() -> None:
    query = EntryQuery.of(
        kind="Meeting",
        memo_type="reflexive",
        since="2016-04-05",
        until="2016-04-30",
        actor="Ann Example",
        code="Trust",
        site="Eastfield hall",
    )
    assert query.kind is EntryKind.MEETING and query.memo_type is MemoType.REFLEXIVE
    assert query.since is not None and query.since.date().isoformat() == "2016-04-05"
    # A date alone as the end of a range includes the whole of that day.
    assert query.until is not None and (query.until.hour, query.until.minute) == (23, 59)
    assert (query.actor, query.code, query.site) == ("Ann Example", "Trust", "Eastfield hall")


def test_empty_values_leave_a_field_unset_and_a_base_is_kept() -> None:
    base = EntryQuery(kind=EntryKind.MEMO, trashed=True)
    assert EntryQuery.of(base) is base
    changed = EntryQuery.of(base, actor="", code=None, site="Quay Street")
    assert changed == EntryQuery(kind=EntryKind.MEMO, trashed=True, site="Quay Street")
    assert EntryQuery.of(base, kind=None).kind is None
    assert base.kind is EntryKind.MEMO  # frozen: building a query never changes another


def test_times_keep_their_offset_and_must_have_one() -> None:
    moment = datetime(2016, 4, 5, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert EntryQuery.of(since=moment).since == moment
    assert EntryQuery.of(until="2016-04-05T09:30Z").until == datetime(2016, 4, 5, 9, 30, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="time zone"):
        EntryQuery(since=datetime(2016, 4, 5))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "diary"}, "unknown entry kind 'diary'"),
        ({"memo_type": "angry"}, "unknown memo type"),
        ({"since": "5 April"}, "since '5 April' is not a date or time"),
        ({"until": "2016-13-01"}, "until '2016-13-01' is not a date or time"),
        ({"colour": "red"}, "no such filter: colour"),
    ],
)
def test_wrong_values_are_explained(fields: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        EntryQuery.of(**fields)  # type: ignore[arg-type]  # as an untyped caller would


def test_the_fields_that_filter_are_named() -> None:
    assert EntryQuery().set_fields() == []
    assert EntryQuery(text="trust", kind=EntryKind.MEMO, trashed=True).set_fields() == [
        "text",
        "kind",
        "trashed",
    ]


def test_search_takes_what_the_index_can_answer() -> None:
    query = EntryQuery.of(text="trust", kind="memo", actor="Ann", code="X", site="Hall")
    assert search_fields(query) is query
    with pytest.raises(InvalidInput, match="never looks in the trash"):
        search_fields(EntryQuery(trashed=True))
    with pytest.raises(InvalidInput, match="cannot filter by memo_type, ids"):
        search_fields(EntryQuery(memo_type=MemoType.ANALYTIC, ids=frozenset({"a"})))
