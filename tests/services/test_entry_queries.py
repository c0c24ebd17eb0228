"""One query type underneath every listing: keywords build an EntryQuery, and the two
forms give the same entries."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.records import EntrySummary
from fieldjournal.domain.search import SearchHit


@pytest.fixture
def visits(journal: Journal) -> dict[str, str]:
    journal.add_actor("Orla Penrose", aliases=["Orla"])
    made = {
        "hall": journal.add_entry(
            kind="meeting",
            title="Hall committee",
            occurred_at="2018-02-01T19:00+00:00",
            site="Quay Street hall",
            actors=["Orla Penrose"],
            codes=["Place/Hall"],
        ).id,
        "walk": journal.add_entry(
            title="Harbour walk", occurred_at="2018-02-02T10:00+00:00", site="Harbour"
        ).id,
        "memo": journal.add_entry(
            kind="memo", memo_type="analytic", title="Halls", occurred_at="2018-02-03"
        ).id,
    }
    gone = journal.add_entry(title="Wrong day", occurred_at="2018-02-04T09:00+00:00")
    journal.delete_entry(gone.id)
    made["gone"] = gone.id
    return made


def ids(entries: Iterable[EntrySummary | SearchHit]) -> list[str]:
    return [e.id for e in entries]


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [
        ({}, ["memo", "walk", "hall"]),
        ({"kind": "meeting"}, ["hall"]),
        ({"actor": "Orla"}, ["hall"]),
        ({"code": "Place"}, ["hall"]),
        ({"site": "quay street HALL"}, ["hall"]),
        ({"memo_type": "analytic"}, ["memo"]),
        ({"since": "2018-02-02", "until": "2018-02-02"}, ["walk"]),
        ({"trashed": True}, ["gone"]),
    ],
)
def test_keywords_and_a_query_list_the_same_entries(
    journal: Journal, visits: dict[str, str], keywords: dict[str, object], expected: list[str]
) -> None:
    query = EntryQuery.of(**keywords)  # type: ignore[arg-type]  # the table's values vary
    wanted = [visits[name] for name in expected]
    assert ids(journal.list_entries(**keywords)) == wanted  # type: ignore[arg-type]
    assert ids(journal.list_entries(query)) == wanted
    assert journal.count_entries(query) == len(wanted)


def test_keywords_narrow_a_given_query(journal: Journal, visits: dict[str, str]) -> None:
    meetings = EntryQuery(kind=EntryKind.MEETING)
    assert ids(journal.list_entries(meetings, site="Harbour")) == []
    assert ids(journal.list_entries(meetings, kind=None, site="Harbour")) == [visits["walk"]]
    assert meetings.site is None  # the given query is left as it was


def test_a_listing_refuses_search_words(journal: Journal, visits: dict[str, str]) -> None:
    with pytest.raises(InvalidInput, match="does not match search words"):
        journal.list_entries(EntryQuery(text="hall"))


def test_search_takes_the_same_query(journal: Journal, visits: dict[str, str]) -> None:
    query = EntryQuery.of(text="hall", since="2018-02-01", until="2018-02-01")
    assert ids(journal.search(query).hits) == [visits["hall"]]
    assert ids(journal.search("hall", site="Quay Street hall").hits) == [visits["hall"]]
    assert journal.search("hall", site="Harbour").total == 0
    assert ids(journal.search(EntryQuery(site="Harbour")).hits) == [visits["walk"]]
    # The index also takes one word of a site; a listing wants the whole of it.
    assert ids(journal.search(EntryQuery(site="HALL")).hits) == [visits["hall"]]
    assert journal.count_entries(site="hall") == 0
    with pytest.raises(InvalidInput, match="never looks in the trash"):
        journal.search("wrong", trashed=True)
    with pytest.raises(InvalidInput, match="cannot filter by memo_type"):
        journal.search("", memo_type="analytic")
