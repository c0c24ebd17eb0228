"""Entries through the ``Journal`` facade: capture, edit, revisions, trash, ids, listing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind, LinkRole, MemoType
from fieldjournal.domain.errors import AmbiguousId, EditConflict, InvalidInput, NotFound
from fieldjournal.services import entry_service

PLUS_ONE = timezone(timedelta(hours=1))
MINUS_FIVE_THIRTY = timezone(-timedelta(hours=5, minutes=30))


def test_add_with_actors_and_codes(journal: Journal) -> None:
    entry = journal.add_entry(
        kind="meeting",
        title="Partnership board",
        body="Maya Okafor chaired; the Trust lead arrived late.",
        occurred_at="2016-04-05T10:30+01:00",
        site="Millbrook CVS offices",
        actors=["Maya Okafor", ("Trust lead", "mentioned")],
        codes=["Trust/System trust", "Leadership"],
    )
    assert entry.kind is EntryKind.MEETING
    assert entry.title == "Partnership board"
    assert entry.site == "Millbrook CVS offices"
    assert [(a.name, a.role) for a in entry.actors] == [
        ("Maya Okafor", LinkRole.PRESENT),
        ("Trust lead", LinkRole.MENTIONED),
    ]
    assert entry.codes == ("Trust/System trust", "Leadership")
    # Missing actors and codes (and the code's parent) were created.
    assert {a.name for a in journal.list_actors()} == {"Maya Okafor", "Trust lead"}
    assert [c.path for c in journal.list_codes()] == ["Leadership", "Trust", "Trust/System trust"]
    assert journal.get_entry(entry.id) == entry


def test_add_defaults(journal: Journal) -> None:
    before = datetime.now(UTC)
    entry = journal.add_entry()
    after = datetime.now(UTC)
    assert entry.kind is EntryKind.FIELDNOTE
    assert (entry.title, entry.body, entry.site) == ("", "", "")
    assert entry.memo_type is None and entry.ended_at is None and entry.deleted_at is None
    assert before <= entry.occurred_at <= after
    assert entry.created_at == entry.updated_at
    assert entry.version == 1
    assert entry.actors == () and entry.codes == () and entry.segments == ()


def test_memo_gets_analytic_type_by_default_and_only_memos_have_one(journal: Journal) -> None:
    assert journal.add_entry(kind="memo").memo_type is MemoType.ANALYTIC
    assert journal.add_entry(kind="memo", memo_type="reflexive").memo_type is MemoType.REFLEXIVE
    with pytest.raises(InvalidInput, match="only memos"):
        journal.add_entry(kind="fieldnote", memo_type="analytic")
    with pytest.raises(InvalidInput, match="memo type"):
        journal.add_entry(kind="memo", memo_type="poetic")
    with pytest.raises(InvalidInput, match="fieldnote, meeting, memo"):
        journal.add_entry(kind="diary")


def test_occurred_at_keeps_the_researchers_offset(journal: Journal) -> None:
    moment = datetime(2016, 4, 5, 10, 30, tzinfo=MINUS_FIVE_THIRTY)
    entry = journal.add_entry(occurred_at=moment, ended_at="2016-04-05T12:00-05:30")
    again = journal.get_entry(entry.id)
    assert again.occurred_at == moment
    assert again.occurred_at.utcoffset() == timedelta(hours=-5, minutes=-30)
    assert again.occurred_at.isoformat() == "2016-04-05T10:30:00-05:30"
    assert again.ended_at is not None
    assert again.ended_at.isoformat() == "2016-04-05T12:00:00-05:30"
    summary = journal.list_entries()[0]
    assert summary.occurred_at.isoformat() == "2016-04-05T10:30:00-05:30"


def test_ended_at_before_start_is_refused(journal: Journal) -> None:
    with pytest.raises(InvalidInput, match="end time is before the start"):
        journal.add_entry(occurred_at="2016-04-05T10:00+01:00", ended_at="2016-04-05T09:59+01:00")
    assert journal.count_entries() == 0
    entry = journal.add_entry(occurred_at="2016-04-05T10:00+01:00")
    with pytest.raises(InvalidInput, match="end time is before the start"):
        journal.update_entry(entry.id, ended_at="2016-04-05T08:00Z")
    assert journal.get_entry(entry.id).ended_at is None


def test_update_every_field(journal: Journal) -> None:
    entry = journal.add_entry(kind="fieldnote", title="t", body="b", site="s")
    updated = journal.update_entry(
        entry.id,
        title="Drop-in at the library",
        body="Long conversation with volunteers.",
        kind="memo",
        memo_type="methodological",
        occurred_at=datetime(2017, 1, 2, 9, 0, tzinfo=PLUS_ONE),
        ended_at="2017-01-02T11:15+01:00",
        site="Eastfield library",
    )
    assert updated.title == "Drop-in at the library"
    assert updated.body == "Long conversation with volunteers."
    assert updated.kind is EntryKind.MEMO
    assert updated.memo_type is MemoType.METHODOLOGICAL
    assert updated.occurred_at == datetime(2017, 1, 2, 9, 0, tzinfo=PLUS_ONE)
    assert updated.ended_at == datetime(2017, 1, 2, 11, 15, tzinfo=PLUS_ONE)
    assert updated.site == "Eastfield library"
    assert updated.version > entry.version
    assert updated.updated_at >= entry.updated_at
    assert journal.get_entry(entry.id) == updated
    # Back to a fieldnote: the memo type goes with it; clearing the end time.
    back = journal.update_entry(entry.id, kind="fieldnote", ended_at=None)
    assert back.memo_type is None and back.ended_at is None


def test_update_refuses_unknown_fields_and_stale_versions(journal: Journal) -> None:
    entry = journal.add_entry(body="x")
    with pytest.raises(InvalidInput, match="cannot change colour"):
        journal.update_entry(entry.id, colour="red")
    journal.update_entry(entry.id, body="y")
    with pytest.raises(EditConflict, match="changed elsewhere"):
        journal.update_entry(entry.id, body="z", expected_version=entry.version)
    assert journal.get_entry(entry.id).body == "y"


def test_an_unchanged_save_changes_nothing(journal: Journal) -> None:
    entry = journal.add_entry(title="t", body="b")
    same = journal.update_entry(entry.id, title="t", body="b")
    assert same.version == entry.version
    assert journal.revisions(entry.id) == []


def test_every_text_change_keeps_the_previous_text(journal: Journal) -> None:
    entry = journal.add_entry(title="Jotting", body="MO chaired. 'delivery arm'")
    journal.update_entry(entry.id, body="Maya Okafor chaired the board.")
    journal.update_entry(entry.id, title="Board, expanded")
    journal.update_entry(entry.id, site="Millbrook")  # not text: no revision
    revisions = journal.revisions(entry.id)
    assert [(r.title, r.body) for r in revisions] == [
        ("Jotting", "MO chaired. 'delivery arm'"),
        ("Jotting", "Maya Okafor chaired the board."),
    ]
    assert all(r.entry_id == entry.id for r in revisions)


def test_autosaves_within_the_window_share_one_revision(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [datetime(2016, 4, 5, 18, 0, tzinfo=UTC)]
    monkeypatch.setattr(entry_service, "now", lambda: clock[0])
    entry = journal.add_entry(body="jotting")
    for n in range(5):
        clock[0] += timedelta(seconds=30)
        journal.update_entry(entry.id, body=f"jotting expanded {n}", autosave=True)
    assert [r.body for r in journal.revisions(entry.id)] == ["jotting"]
    clock[0] += entry_service.AUTOSAVE_REVISION_WINDOW + timedelta(seconds=1)
    journal.update_entry(entry.id, body="later burst", autosave=True)
    assert [r.body for r in journal.revisions(entry.id)] == ["jotting", "jotting expanded 4"]
    # A deliberate save always keeps the previous text, even inside the window ...
    clock[0] += timedelta(seconds=5)
    journal.update_entry(entry.id, body="saved by hand")
    assert [r.body for r in journal.revisions(entry.id)][-1] == "later burst"
    # ... and the autosave after it keeps the text that was saved on purpose.
    clock[0] += timedelta(seconds=5)
    journal.update_entry(entry.id, body="typing again", autosave=True)
    clock[0] += timedelta(seconds=5)
    journal.update_entry(entry.id, body="typing again and again", autosave=True)
    assert [r.body for r in journal.revisions(entry.id)][-2:] == ["later burst", "saved by hand"]


def test_restore_revision_keeps_the_current_text_in_turn(journal: Journal) -> None:
    entry = journal.add_entry(title="A", body="first")
    journal.update_entry(entry.id, title="B", body="second")
    first = journal.revisions(entry.id)[0]
    restored = journal.restore_revision(entry.id[:8], first.id)
    assert (restored.title, restored.body) == ("A", "first")
    assert [(r.title, r.body) for r in journal.revisions(entry.id)] == [
        ("A", "first"),
        ("B", "second"),
    ]
    other = journal.add_entry(body="other")
    with pytest.raises(NotFound, match="no revision"):
        journal.restore_revision(other.id, first.id)


def test_trash_restore_and_purge(journal: Journal) -> None:
    memo = journal.add_entry(kind="memo", body="about it")
    entry = journal.add_entry(body="note", actors=["Maya"], codes=["Trust"])
    journal.link_memo(memo.id, "entry", entry.id)
    trashed = journal.delete_entry(entry.id)
    assert trashed.deleted_at is not None
    assert [e.id for e in journal.list_entries()] == [memo.id]
    assert [e.id for e in journal.list_entries(trashed=True)] == [entry.id]
    assert journal.count_entries(trashed=True) == 1
    with pytest.raises(InvalidInput, match="only entries in the trash"):
        journal.purge_entry(memo.id)
    restored = journal.restore_entry(entry.id)
    assert restored.deleted_at is None
    assert restored.actor_names == ["Maya"] and restored.codes == ("Trust",)
    with pytest.raises(InvalidInput, match="not in the trash"):
        journal.restore_entry(entry.id)
    journal.delete_entry(entry.id)
    assert journal.purge_entry(entry.id) == entry.id
    with pytest.raises(NotFound):
        journal.get_entry(entry.id)
    assert journal.get_entry(memo.id).memo_links == ()
    assert journal.count_entries(trashed=True) == 0
    # The actor and code stay in the register and codebook.
    assert journal.get_actor("Maya").entry_count == 0
    assert journal.get_code("Trust").entry_count == 0


def test_ids_by_unique_prefix(journal: Journal) -> None:
    entry = journal.add_entry(id="abcdef01-1000-4000-8000-000000000001", body="one")
    journal.add_entry(id="abcdef01-2000-4000-8000-000000000002", body="two")
    assert journal.get_entry("ABCDEF01-1000-4000-8000-000000000001").id == entry.id
    assert journal.get_entry("abcdef01-1").id == entry.id
    with pytest.raises(AmbiguousId, match="more than one entry"):
        journal.get_entry("abcdef01")
    with pytest.raises(InvalidInput, match="too short; give at least 8"):
        journal.get_entry("abcdef0")
    with pytest.raises(NotFound, match="no entry with an id starting"):
        journal.get_entry("99999999")
    with pytest.raises(NotFound, match="no entry with id"):
        journal.get_entry("99999999-0000-4000-8000-000000000001")
    with pytest.raises(InvalidInput, match="not a UUID"):
        journal.add_entry(id="not-a-uuid")


def test_a_given_id_must_be_new(journal: Journal) -> None:
    entry = journal.add_entry(body="one")
    with pytest.raises(InvalidInput, match="exists already"):
        journal.add_entry(id=entry.id, body="two")
    assert journal.get_entry(entry.id).body == "one"


def test_list_filters(journal: Journal) -> None:
    a = journal.add_entry(
        kind="meeting",
        occurred_at="2016-04-05T10:00Z",
        site="Millbrook",
        actors=["Maya"],
        codes=["Trust/System trust"],
    )
    b = journal.add_entry(
        kind="fieldnote", occurred_at="2016-05-01T10:00Z", site="Eastfield", codes=["Trust"]
    )
    c = journal.add_entry(kind="memo", memo_type="reflexive", occurred_at="2016-06-01T10:00Z")
    d = journal.add_entry(kind="fieldnote", occurred_at="2016-07-01T10:00Z", body="coded part")
    journal.code_segment(d.id, "Trust/Distrust", 0, 5)
    journal.add_entry(kind="fieldnote", occurred_at="2016-08-01T10:00Z", codes=["Trustworthy"])

    def ids(**filters: Any) -> list[str]:
        return [e.id for e in journal.list_entries(**filters)]

    assert ids(kind="meeting") == [a.id]
    assert ids(actor="maya") == [a.id]
    assert ids(site="millbrook") == [a.id]
    assert ids(memo_type="reflexive") == [c.id]
    # A code matches its descendants, through whole-entry codes and segments, not a
    # code that merely starts with the same letters.
    assert ids(code="Trust") == [d.id, b.id, a.id]
    assert ids(code="Trust/System trust") == [a.id]
    assert ids(since="2016-05-01", until="2016-06-30") == [c.id, b.id]
    # A date alone as the end of a range includes that whole day.
    assert ids(since="2016-06-01", until="2016-06-01") == [c.id]
    assert ids(until="2016-06-01T09:59Z") == [b.id, a.id]
    assert ids(limit=2) == ids()[:2]
    assert ids(limit=2, offset=2) == ids()[2:4]
    assert journal.count_entries() == 5
    assert journal.count_entries(code="Trust") == 3
    assert journal.count_entries(kind="fieldnote") == 3
    with pytest.raises(NotFound):
        journal.list_entries(actor="Nobody")
    with pytest.raises(NotFound):
        journal.list_entries(code="Nothing")


def test_summaries_carry_first_line_actors_and_codes(journal: Journal) -> None:
    journal.add_entry(
        title="", body="\n# Heading line\nrest", actors=["Maya", "Tom"], codes=["Power"]
    )
    (summary,) = journal.list_entries()
    assert summary.first_line == "Heading line"
    assert summary.actors == ("Maya", "Tom")
    assert summary.codes == ("Power",)


def test_link_and_unlink_actor_and_code(journal: Journal) -> None:
    entry = journal.add_entry(body="x")
    linked = journal.link_actor(entry.id, "Maya", "mentioned")
    assert [(a.name, a.role) for a in linked.actors] == [("Maya", LinkRole.MENTIONED)]
    relinked = journal.link_actor(entry.id, "maya", "present")
    assert [(a.name, a.role) for a in relinked.actors] == [("Maya", LinkRole.PRESENT)]
    assert journal.unlink_actor(entry.id, "Maya").actors == ()
    with pytest.raises(NotFound, match="not linked"):
        journal.unlink_actor(entry.id, "Maya")
    assert journal.add_entry_code(entry.id, "A/B").codes == ("A/B",)
    assert journal.remove_entry_code(entry.id, "A/B").codes == ()
    with pytest.raises(NotFound, match="not coded"):
        journal.remove_entry_code(entry.id, "A/B")


def test_sites_most_recent_first(journal: Journal) -> None:
    journal.add_entry(site="Millbrook", occurred_at="2016-01-01")
    journal.add_entry(site="Eastfield", occurred_at="2016-02-01")
    journal.add_entry(site="", occurred_at="2016-03-01")
    assert journal.sites() == ["Eastfield", "Millbrook"]
