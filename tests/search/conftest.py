"""Fixture journals for the search tests (fictional people and places)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.search.clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    """The index's time: it stands still until a test moves it on (or waits for the index)."""
    return ManualClock()


@pytest.fixture
def journal(tmp_path: Path, clock: ManualClock) -> Iterator[Journal]:
    """A journal whose indexer runs in the test's thread, driven by ``clock``."""
    with Journal.open(tmp_path / "journal", index_clock=clock) as opened:
        yield opened


@pytest.fixture
def fixture_journal(journal: Journal) -> Journal:
    """A small journal with every kind of entry, actors, codes, segments and dates."""
    journal.add_actor("Margaret Holloway", aliases=["Maggie"], pseudonym="Mrs Ash")
    journal.add_actor("Siobhán Ó Riordáin", pseudonym="Ms Birch")
    journal.add_actor("Millbrook CVS", kind="organisation", sector="voluntary")
    journal.add_code("Trust/System trust")
    journal.add_code("Leadership/Directive")
    board = journal.add_entry(
        kind="meeting",
        title="Partnership board at Millbrook CVS",
        body=(
            "Margaret opened the meeting. Siobhán said the voluntary sector had become a "
            "transmission belt for the programme. Nobody was trusting the new dashboard; "
            "the chair trusted the old reports. We wanted to écouter first."
        ),
        occurred_at="2017-03-05T10:00+01:00",
        site="Millbrook CVS offices",
        actors=["Margaret Holloway", "Siobhán Ó Riordáin"],
        codes=["Trust/System trust"],
    )
    journal.code_segment(board.id, "Leadership/Directive", 0, len("Margaret opened the meeting."))
    journal.add_entry(
        kind="memo",
        memo_type="reflexive",
        title="The man from the CCG",
        body="They introduced me as the man from the CCG. I felt like a delivery arm.",
        occurred_at="2016-04-05T18:30+01:00",
    )
    journal.add_entry(
        kind="fieldnote",
        title="Lunch club drop-in",
        body="Volunteers at the lunch club said the council is a distant partner. "
        "شبكة المتطوعين تعمل بجد",
        occurred_at="2016-06-30T12:00+01:00",
        site="Eastgate lunch club",
        actors=["Maggie"],
    )
    journal.add_entry(
        kind="fieldnote",
        title="Corridor conversation",
        body="A GP said system trust is earned slowly; the voluntary sector makes things happen.",
        occurred_at="2018-01-15T09:00+00:00",
        codes=["Trust"],
    )
    return journal
