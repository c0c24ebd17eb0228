"""Each analysis view's numbers against a brute-force count over a fictional fieldwork."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete

from fieldjournal import Journal
from fieldjournal.domain.analysis import (
    ActivityBy,
    ChartFilter,
    ChartOptions,
    ChartView,
    Cooccurrence,
    Period,
)
from fieldjournal.domain.errors import InvalidInput, NotFound
from fieldjournal.domain.records import Entry
from fieldjournal.storage.models import SegmentRow
from tests.analysis_field import brute_force, build


@pytest.fixture(scope="module")
def fieldwork(
    tmp_path_factory: pytest.TempPathFactory, empty_journal_db: Path
) -> Iterator[tuple[Journal, list[Entry]]]:
    """One journal for the module: the views only read it (copied from the template, so
    the migrations are not run again)."""
    folder = tmp_path_factory.mktemp("analysis") / "journal"
    folder.mkdir(mode=0o700)
    shutil.copyfile(empty_journal_db, folder / "journal.db")
    with Journal.open(folder, create=False, search=False) as journal:
        entries = build(journal)
        yield journal, entries


def counted(
    journal: Journal, view: ChartView, flt: ChartFilter, options: ChartOptions
) -> Counter[tuple[str, str]]:
    data = journal.chart(view, flt, options, real_names=True)
    assert all(mark.count > 0 for mark in data.marks)
    return Counter({(m.first, m.second): m.count for m in data.marks})


CASES = [
    (ChartView.CODES_OVER_TIME, ChartFilter(), ChartOptions()),
    (ChartView.CODES_OVER_TIME, ChartFilter.of(code="Trust"), ChartOptions(period=Period.QUARTER)),
    (ChartView.CODES_OVER_TIME, ChartFilter.of(code="Trust/Personal/Kin"), ChartOptions()),
    (ChartView.CODES_OVER_TIME, ChartFilter.of(code=["Funding", "Trust/Personal"]), ChartOptions()),
    (  # a set with a code inside another: each use counts once, for the more specific one
        ChartView.CODES_OVER_TIME,
        ChartFilter.of(code=["Trust", "Trust/Personal", "Place"]),
        ChartOptions(period=Period.QUARTER),
    ),
    (ChartView.ACTIVITY, ChartFilter(), ChartOptions()),
    (
        ChartView.ACTIVITY,
        ChartFilter.of(kinds=["meeting", "memo"]),
        ChartOptions(by=ActivityBy.SITE),
    ),
    (ChartView.COOCCURRENCE, ChartFilter(), ChartOptions()),
    (ChartView.COOCCURRENCE, ChartFilter.of(code="Trust"), ChartOptions()),
    (  # the entries kept by actor and date, the codes by a set of subtrees
        ChartView.COOCCURRENCE,
        ChartFilter.of(actors=["Jory Penrose"], since="2016-03-01", code=["Funding", "Trust"]),
        ChartOptions(),
    ),
    (ChartView.CODES_BY_ACTOR, ChartFilter.of(code=["Funding", "Place"]), ChartOptions()),
    (ChartView.COOCCURRENCE, ChartFilter(), ChartOptions(cooccurrence=Cooccurrence.SEGMENTS)),
    (
        ChartView.COOCCURRENCE,
        ChartFilter(),
        ChartOptions(cooccurrence=Cooccurrence.SEGMENTS, gap=40),
    ),
    (ChartView.CODES_BY_ACTOR, ChartFilter(), ChartOptions()),
    (
        ChartView.CODES_BY_ACTOR,
        ChartFilter.of(since="2016-03-01", until="2016-12-31"),
        ChartOptions(),
    ),
    (ChartView.CODES_BY_SECTOR, ChartFilter(), ChartOptions()),
    (ChartView.CODES_BY_SECTOR, ChartFilter.of(sites=["quay street hall"]), ChartOptions()),
    (ChartView.NETWORK, ChartFilter(), ChartOptions()),
    (ChartView.NETWORK, ChartFilter.of(actors=["Jory Penrose"], code="Funding"), ChartOptions()),
]


@pytest.mark.parametrize(("view", "flt", "options"), CASES)
def test_view_matches_brute_force(
    fieldwork: tuple[Journal, list[Entry]], view: ChartView, flt: ChartFilter, options: ChartOptions
) -> None:
    journal, entries = fieldwork
    expected = brute_force(entries, view, flt, options)
    assert expected, "the fixture must give every case something to count"
    assert counted(journal, view, flt, options) == expected


def test_headers_name_the_columns_and_end_with_count(
    fieldwork: tuple[Journal, list[Entry]],
) -> None:
    journal, _ = fieldwork
    headers = {view: journal.chart(view).headers for view in ChartView}
    assert headers[ChartView.CODES_OVER_TIME] == ("period", "code", "count")
    assert headers[ChartView.NETWORK] == ("source", "target", "count")
    site = journal.chart(ChartView.ACTIVITY, options=ChartOptions(by=ActivityBy.SITE))
    assert site.headers == ("period", "site", "count")


def test_network_nodes_are_sized_by_entries(fieldwork: tuple[Journal, list[Entry]]) -> None:
    journal, entries = fieldwork
    data = journal.chart(ChartView.NETWORK, real_names=True)
    sizes = Counter(name for entry in entries for name in entry.actor_names)
    assert {node.label: node.size for node in data.nodes} == dict(sizes)
    groups = {node.label: node.group for node in data.nodes}
    assert groups["Wenna Trevithick"] == "nhs"
    assert groups["Morwenna Keast"] == "(no sector)"


def test_labels_are_pseudonyms_unless_real_names(fieldwork: tuple[Journal, list[Entry]]) -> None:
    journal, _ = fieldwork
    hidden = journal.chart(ChartView.CODES_BY_ACTOR)
    shown = journal.chart(ChartView.CODES_BY_ACTOR, real_names=True)
    assert "Jory Penrose" in {m.first for m in shown.marks}
    text = " ".join(f"{m.first} {m.second}" for m in hidden.marks)
    assert "Jory" not in text and "Penrose" not in text
    assert "[Participant" in text
    assert [m.count for m in hidden.marks if m.first_key == shown.marks[0].first_key]


@pytest.mark.parametrize(
    ("view", "options"),
    [
        (ChartView.CODES_OVER_TIME, ChartOptions()),
        (ChartView.COOCCURRENCE, ChartOptions(cooccurrence=Cooccurrence.SEGMENTS)),
        (ChartView.CODES_BY_SECTOR, ChartOptions()),
        (ChartView.NETWORK, ChartOptions()),
    ],
)
def test_entries_behind_a_mark_are_the_ones_it_counts(
    fieldwork: tuple[Journal, list[Entry]], view: ChartView, options: ChartOptions
) -> None:
    journal, entries = fieldwork
    data = journal.chart(view, options=options, real_names=True)
    mark = max(data.marks, key=lambda m: m.count)
    ids = journal.entries_behind(view, mark.first_key, mark.second_key, options=options)
    assert len(ids) == len(set(ids)) > 0
    by_id = {e.id: e for e in entries}
    inside = [by_id[entry_id] for entry_id in ids]
    # Each entry behind the mark counts towards it: the brute force over those alone agrees.
    assert brute_force(inside, view, options=options)[(mark.first, mark.second)] == mark.count
    assert [e.occurred_at for e in inside] == sorted(e.occurred_at for e in inside)


def test_a_network_node_lists_the_entries_of_its_actor(
    fieldwork: tuple[Journal, list[Entry]],
) -> None:
    journal, entries = fieldwork
    node = next(n for n in journal.chart(ChartView.NETWORK, real_names=True).nodes)
    ids = journal.entries_behind(ChartView.NETWORK, node.key)
    assert set(ids) == {e.id for e in entries if node.label in e.actor_names}


def test_filters_explain_what_is_wrong(fieldwork: tuple[Journal, list[Entry]]) -> None:
    journal, _ = fieldwork
    with pytest.raises(InvalidInput, match="since is after until"):
        ChartFilter.of(since="2017-01-01", until="2016-01-01")
    with pytest.raises(InvalidInput, match="unknown kind"):
        ChartFilter.of(kinds=["diary"])
    with pytest.raises(NotFound):
        journal.chart(ChartView.ACTIVITY, ChartFilter.of(code="No such code"))


def test_an_empty_journal_has_no_marks(journal: Journal) -> None:
    for view in ChartView:
        assert journal.chart(view).marks == ()


SPANS = st.lists(
    st.tuples(st.sampled_from(["A", "B", "C/D"]), st.integers(0, 40), st.integers(1, 15)),
    max_size=6,
)


@pytest.fixture
def spans_journal(tmp_path: Path) -> Iterator[tuple[Journal, Entry, dict[str, str]]]:
    with Journal.open(tmp_path / "spans", search=False) as journal:
        entry = journal.add_entry(title="Spans", body="x" * 60, occurred_at="2016-02-01")
        codes = {path: journal.add_code(path).id for path in ("A", "B", "C/D")}
        yield journal, entry, codes


@given(spans=SPANS, gap=st.integers(0, 10))
def test_segment_cooccurrence_matches_brute_force(
    spans_journal: tuple[Journal, Entry, dict[str, str]],
    spans: list[tuple[str, int, int]],
    gap: int,
) -> None:
    journal, entry, codes = spans_journal
    with journal.database.writing() as session:  # one transaction per example: fast
        session.execute(delete(SegmentRow))
        for path, start, length in spans:
            session.add(
                SegmentRow(
                    id=str(uuid4()),
                    entry_id=entry.id,
                    code_id=codes[path],
                    start=start,
                    end=start + length,
                    created_at=entry.created_at,
                )
            )
    options = ChartOptions(cooccurrence=Cooccurrence.SEGMENTS, gap=gap)
    expected = brute_force(journal.get_entries([entry.id]), ChartView.COOCCURRENCE, options=options)
    assert counted(journal, ChartView.COOCCURRENCE, ChartFilter(), options) == expected


def test_a_script_may_name_the_view_as_the_command_line_does(
    fieldwork: tuple[Journal, list[Entry]],
) -> None:
    journal, _ = fieldwork
    network = journal.chart(ChartView.NETWORK)
    assert journal.chart("network") == network and network.nodes  # not a KeyError
    edge = network.marks[0]
    named = journal.entries_behind("network", edge.first_key, edge.second_key)
    assert named == journal.entries_behind(ChartView.NETWORK, edge.first_key, edge.second_key)
    assert len(named) == edge.count
