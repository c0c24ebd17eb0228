"""The JSON Lines exchange format: lossless round trips, all-or-nothing imports."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldjournal import Journal
from fieldjournal.domain.errors import ImportFailed

# Letters of several scripts, RTL text, emoji (with joiners), combining marks.
ALPHABET = "abcXYZ éß ñ שלום مرحبا 😀👩🏽‍⚕️ e\u0301\u0323 ,.'\""
LINE = st.text(alphabet=ALPHABET, max_size=20)
BODY = st.text(alphabet=ALPHABET + "\n\t", max_size=400)
TZ = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
MOMENT = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1), timezones=TZ
).map(lambda d: d.isoformat())
UTC_MOMENT = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.isoformat())
IDS = st.uuids(version=4).map(str)


@st.composite
def exchange_files(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A valid exchange file: actors, codes, entries with links, segments, memo links,
    revisions, trashed entries, mentioned roles, aliases and affiliations."""
    records: list[dict[str, Any]] = []
    n_actors = draw(st.integers(0, 5))
    actors = [f"{draw(LINE).strip()} #{i}".strip() for i in range(n_actors)]
    orgs = [name for i, name in enumerate(actors) if i % 2 == 0]
    for i, name in enumerate(actors):
        org = i % 2 == 0
        records.append(
            {
                "type": "actor",
                "id": draw(IDS),
                "name": name,
                "kind": "organisation" if org else draw(st.sampled_from(["person", "group"])),
                "sector": draw(st.sampled_from([None, "voluntary", "nhs", "local_authority"])),
                "role": draw(LINE).strip(),
                "affiliation": None if org or not orgs else draw(st.sampled_from(orgs)),
                # pseudonyms tell people apart and name nobody
                "pseudonym": draw(st.sampled_from(["", f"{draw(LINE).strip()} pz{i}".strip()])),
                "aliases": [
                    f"{draw(LINE).strip()} @{i}.{k}" for k in range(draw(st.integers(0, 2)))
                ],
                "consent": draw(
                    st.sampled_from(["consented", "no_quotes", "withdrawn", "unknown"])
                ),
                "notes": draw(BODY),
            }
        )
    codes = [f"Top %{i}/{draw(LINE).strip()} %{i}" for i in range(draw(st.integers(0, 3)))]
    for path in codes:
        records.append({"type": "code", "path": path, "description": draw(BODY)})
    entries: list[tuple[str, str, str]] = []
    for _ in range(draw(st.integers(1, 5))):
        entry_id = draw(IDS)
        kind = draw(st.sampled_from(["fieldnote", "meeting", "memo"]))
        body = draw(BODY)
        linked = draw(st.lists(st.sampled_from(actors), unique=True)) if actors else []
        records.append(
            {
                "type": "entry",
                "id": entry_id,
                "kind": kind,
                "memo_type": "reflexive" if kind == "memo" else None,
                "title": draw(LINE).strip(),
                "body": body,
                "occurred_at": draw(MOMENT),
                "site": draw(LINE).strip(),
                "actors": [
                    name if draw(st.booleans()) else {"name": name, "role": "mentioned"}
                    for name in linked
                ],
                "codes": draw(st.lists(st.sampled_from(codes), unique=True)) if codes else [],
                "created_at": draw(UTC_MOMENT),
                "deleted_at": draw(st.one_of(st.none(), UTC_MOMENT)),
            }
        )
        entries.append((entry_id, kind, body))
    for entry_id, _, body in entries:
        if len(body) >= 2 and codes:
            start = draw(st.integers(0, len(body) - 1))
            end = draw(st.integers(start + 1, len(body)))
            path = draw(st.sampled_from(codes))
            records.append(
                {"type": "segment", "entry": entry_id, "code": path, "start": start, "end": end}
            )
        for _ in range(draw(st.integers(0, 2))):
            records.append(
                {
                    "type": "revision",
                    "entry": entry_id,
                    "title": draw(LINE).strip(),
                    "body": draw(BODY),
                    "saved_at": draw(UTC_MOMENT),
                }
            )
    memos = [e for e in entries if e[1] == "memo"]
    for memo_id, _, _ in memos:
        others = [e[0] for e in entries if e[0] != memo_id]
        if others:
            records.append(
                {
                    "type": "memo_link",
                    "memo": memo_id,
                    "target_type": "entry",
                    "target": draw(st.sampled_from(others)),
                }
            )
        if actors:
            target = draw(st.sampled_from(actors))
            records.append(
                {"type": "memo_link", "memo": memo_id, "target_type": "actor", "target": target}
            )
        if codes:
            target = draw(st.sampled_from(codes))
            records.append(
                {"type": "memo_link", "memo": memo_id, "target_type": "code", "target": target}
            )
    return draw(st.permutations(records))


def lines(records: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


# Each example opens two journals: half the examples of the profile.
@settings(max_examples=max(1, settings().max_examples // 2))
@given(records=exchange_files())
def test_export_import_export_gives_identical_records(
    tmp_path_factory: pytest.TempPathFactory,
    new_journal: Callable[[Path], Journal],
    records: list[dict[str, Any]],
) -> None:
    tmp = tmp_path_factory.mktemp("roundtrip")
    with new_journal(tmp / "a") as first:
        first.import_lines(lines(records))
        exported = list(first.export_records())
    with new_journal(tmp / "b") as second:
        second.import_lines(list(first_lines := [json.dumps(r) for r in exported]))
        again = list(second.export_records())
        assert again == exported
        assert list(second.export_lines()) == [
            json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in exported
        ]
    assert first_lines
    given_entries = {r["id"]: r for r in records if r["type"] == "entry"}
    out_entries = {r["id"]: r for r in exported if r["type"] == "entry"}
    assert set(out_entries) == set(given_entries)
    for entry_id, record in given_entries.items():
        assert out_entries[entry_id]["body"] == record["body"]
        assert out_entries[entry_id]["occurred_at"] == record["occurred_at"]
    counts = {kind: sum(r["type"] == kind for r in records) for kind in ("segment", "revision")}
    assert counts == {kind: sum(r["type"] == kind for r in exported) for kind in counts}


def built_journal(journal: Journal) -> None:
    """A journal made through the facade, with everything the format carries."""
    journal.add_actor("Millbrook CVS", kind="organisation", sector="voluntary")
    journal.add_actor(
        "Maya Okafor",
        affiliation="Millbrook CVS",
        aliases=["MO", "מאיה"],
        pseudonym="Ruth",
        consent="no_quotes",
        notes="🫖 prefers tea",
    )
    long_body = "\n".join(f"Paragraph {n}: שלום e\u0301 😀 " + "word " * 200 for n in range(60))
    note = journal.add_entry(
        kind="meeting",
        title="Board — جلسة",
        body=long_body,
        occurred_at="2016-04-05T10:30-05:30",
        ended_at="2016-04-05T12:00-05:30",
        site="Millbrook",
        actors=["MO", ("Tom Reyes", "mentioned")],
        codes=["Trust/System trust"],
    )
    journal.code_segment(note.id, "Trust/Distrust", 5, 400, memo="long quote")
    journal.update_entry(note.id, body=long_body + "\nAdded later.")
    memo = journal.add_entry(kind="memo", memo_type="theoretical", body="On trust")
    journal.link_memo(memo.id, "entry", note.id)
    journal.link_memo(memo.id, "actor", "Maya Okafor")
    journal.link_memo(memo.id, "code", "Trust")
    journal.delete_entry(journal.add_entry(body="binned").id)


def test_a_journal_made_by_hand_survives_the_round_trip(
    tmp_path: Path, new_journal: Callable[[Path], Journal]
) -> None:
    with new_journal(tmp_path / "a") as first:
        built_journal(first)
        exported = list(first.export_lines())
        note = first.list_entries(kind="meeting")[0]
        original = first.get_entry(note.id)
    with new_journal(tmp_path / "b") as second:
        report = second.import_lines(exported)
        assert (report.entries, report.segments, report.memo_links, report.revisions) == (
            3,
            1,
            3,
            1,
        )
        assert list(second.export_lines()) == exported
        copy = second.get_entry(note.id)
        assert (copy.body, copy.occurred_at, copy.ended_at, copy.actors, copy.codes) == (
            original.body,
            original.occurred_at,
            original.ended_at,
            original.actors,
            original.codes,
        )
        assert [(s.start, s.end, s.text) for s in copy.segments] == [
            (s.start, s.end, s.text) for s in original.segments
        ]
        assert second.count_entries(trashed=True) == 1
        assert second.get_actor("מאיה").affiliation == "Millbrook CVS"


def test_records_may_omit_ids_and_name_new_actors_and_codes(journal: Journal) -> None:
    report = journal.import_lines(
        [
            '{"type": "entry", "kind": "fieldnote", "title": "Drop-in", "body": "Tea.",'
            ' "occurred_at": "2016-04-05T10:00+01:00", "actors": ["Ann Bell"],'
            ' "codes": ["Care/Informal"]}',
            "",
        ]
    )
    assert (report.entries, report.actors, report.codes) == (1, 0, 0)
    (summary,) = journal.list_entries()
    assert summary.actors == ("Ann Bell",) and summary.codes == ("Care/Informal",)
    assert [c.path for c in journal.list_codes()] == ["Care", "Care/Informal"]


ENTRY_ID = "5e6f7a8b-0000-4000-8000-00000000000a"
GOOD_ENTRY = {
    "type": "entry",
    "id": ENTRY_ID,
    "kind": "fieldnote",
    "title": "t",
    "body": "twelve chars",
    "occurred_at": "2016-04-05T10:00Z",
}


def with_line(record: dict[str, Any] | str, **changes: Any) -> list[str]:
    """A good first line, then the line under test (line 2)."""
    text = record if isinstance(record, str) else json.dumps({**record, **changes})
    return [json.dumps({"type": "code", "path": "Kept/Out"}), text]


MEMO = {**GOOD_ENTRY, "id": "5e6f7a8b-0000-4000-8000-00000000000b", "kind": "memo"}
INVALID: dict[str, tuple[list[str], str]] = {
    "bad json": (with_line('{"type": "entry",'), "not valid JSON"),
    "not an object": (with_line("[1, 2]"), "must be a JSON object"),
    "unknown type": (with_line({"type": "chapter"}), "unknown record type 'chapter'"),
    "missing field": (with_line({**GOOD_ENTRY, "occurred_at": None}), "'occurred_at' is required"),
    "missing name": (with_line({"type": "actor"}), "'name' is required"),
    "bad enum": (with_line(GOOD_ENTRY, kind="diary"), "unknown entry kind 'diary'"),
    "bad consent": (with_line({"type": "actor", "name": "A", "consent": "maybe"}), "consent"),
    "bad date": (with_line(GOOD_ENTRY, occurred_at="yesterday"), "not a date"),
    "control char": (with_line(GOOD_ENTRY, body="a\u0000b"), "U+0000"),
    "title on two lines": (with_line(GOOD_ENTRY, title="a\nb"), "single line"),
    "wrong type": (with_line(GOOD_ENTRY, body=3), "'body' must be a string"),
    "unknown field": (with_line(GOOD_ENTRY, mood="calm"), "unknown field mood"),
    "bad uuid": (with_line(GOOD_ENTRY, id="12"), "not a UUID"),
    "end before start": (with_line(GOOD_ENTRY, ended_at="2016-04-05T09:00Z"), "end time"),
    "memo type on a note": (with_line(GOOD_ENTRY, memo_type="analytic"), "only memos"),
    "segment out of range": (
        [
            json.dumps(GOOD_ENTRY),
            json.dumps({"type": "segment", "entry": ENTRY_ID, "code": "C", "start": 3, "end": 13}),
        ],
        "outside entry",
    ),
    "segment start not a number": (
        [
            json.dumps(GOOD_ENTRY),
            json.dumps({"type": "segment", "entry": ENTRY_ID, "code": "C", "start": "3", "end": 4}),
        ],
        "whole number",
    ),
    "unknown entry": (
        with_line(
            {
                "type": "segment",
                "entry": "00000000-0000-4000-8000-000000000000",
                "code": "C",
                "start": 0,
                "end": 1,
            }
        ),
        "no entry 00000000-0000-4000-8000-000000000000",
    ),
    "duplicate entry id": ([json.dumps(GOOD_ENTRY), json.dumps(GOOD_ENTRY)], "exists already"),
    "duplicate segment id": (
        [
            json.dumps(
                {
                    "type": "segment",
                    "id": ENTRY_ID,
                    "entry": ENTRY_ID,
                    "code": "C",
                    "start": 0,
                    "end": 1,
                }
            ),
            json.dumps(
                {
                    "type": "segment",
                    "id": ENTRY_ID,
                    "entry": ENTRY_ID,
                    "code": "D",
                    "start": 1,
                    "end": 2,
                }
            ),
            json.dumps(GOOD_ENTRY),
        ],
        "segment id",
    ),
    "duplicate code id": (
        [
            json.dumps({"type": "code", "id": ENTRY_ID, "path": "A"}),
            json.dumps({"type": "code", "id": ENTRY_ID, "path": "B"}),
        ],
        "code id",
    ),
    "duplicate actor id": (
        [
            json.dumps({"type": "actor", "id": ENTRY_ID, "name": "A"}),
            json.dumps({"type": "actor", "id": ENTRY_ID, "name": "B"}),
        ],
        "actor id",
    ),
    "alias names another actor": (
        [
            json.dumps({"type": "actor", "name": "Ann"}),
            json.dumps({"type": "actor", "name": "Bea", "aliases": ["ann"]}),
        ],
        "already names Ann",
    ),
    "affiliation is a person": (
        [
            json.dumps({"type": "actor", "name": "Ann"}),
            json.dumps({"type": "actor", "name": "Bea", "affiliation": "Ann"}),
        ],
        "organisation",
    ),
    "memo link from a note": (
        [
            json.dumps(GOOD_ENTRY),
            json.dumps(
                {"type": "memo_link", "memo": ENTRY_ID, "target_type": "code", "target": "C"}
            ),
        ],
        "is not a memo; only memos link",
    ),
    "memo link to itself": (
        [
            json.dumps(MEMO),
            json.dumps(
                {
                    "type": "memo_link",
                    "memo": MEMO["id"],
                    "target_type": "entry",
                    "target": MEMO["id"],
                }
            ),
        ],
        "about itself",
    ),
    "memo link to nobody": (
        [
            json.dumps(MEMO),
            json.dumps(
                {"type": "memo_link", "memo": MEMO["id"], "target_type": "actor", "target": "X"}
            ),
        ],
        "no actor called 'X'",
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_an_invalid_line_changes_nothing_and_is_named(journal: Journal, case: str) -> None:
    journal.add_entry(body="already here", actors=["Maya"], codes=["Trust"])
    before = list(journal.export_lines())
    seen: list[object] = []
    journal.subscribe(seen.append)
    text, problem = INVALID[case]
    with pytest.raises(ImportFailed) as failure:
        journal.import_lines([*text, json.dumps({"type": "code", "path": "After/The/Error"})])
    assert failure.value.line == 2
    assert str(failure.value).startswith("line 2: ")
    assert problem in str(failure.value)
    assert list(journal.export_lines()) == before
    assert seen == []


def test_line_numbers_count_blank_lines(journal: Journal) -> None:
    with pytest.raises(ImportFailed, match=r"^line 4: "):
        journal.import_lines([json.dumps(GOOD_ENTRY), "", "   ", "{oops"])


def test_importing_an_entry_that_exists_is_refused(journal: Journal) -> None:
    journal.import_lines([json.dumps(GOOD_ENTRY)])
    with pytest.raises(ImportFailed, match=r"line 1: an entry with id .* exists already"):
        journal.import_lines([json.dumps(GOOD_ENTRY)])
    assert journal.count_entries() == 1


def test_an_affiliation_not_defined_is_created_as_an_organisation(journal: Journal) -> None:
    journal.add_actor("Ann Bell")  # a known actor gains an affiliation, too
    report = journal.import_lines(
        [
            '{"type": "actor", "name": "Sam Okoro", "affiliation": "Eastbrook Trust"}',
            '{"type": "actor", "name": "Ann Bell", "affiliation": "Eastbrook Trust"}',
            '{"type": "actor", "name": "Lena Fisk", "affiliation": "Westgate Forum"}',
        ]
    )
    assert report.actors == 3
    for name, org in (
        ("Sam Okoro", "Eastbrook Trust"),
        ("Ann Bell", "Eastbrook Trust"),
        ("Lena Fisk", "Westgate Forum"),
    ):
        assert journal.get_actor(name).affiliation == org
        assert journal.get_actor(org).kind.value == "organisation"
