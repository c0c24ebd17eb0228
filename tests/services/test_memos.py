"""Memos are entries of kind memo linked to what they are about."""

from __future__ import annotations

import pytest

from fieldjournal import Journal
from fieldjournal.domain.enums import MemoTarget
from fieldjournal.domain.errors import InvalidInput, NotFound


def test_link_unlink_and_memos_about(journal: Journal) -> None:
    note = journal.add_entry(title="Board", body="x", occurred_at="2016-04-05")
    journal.add_actor("Maya Okafor", aliases=["MO"])
    journal.add_code("Trust")
    old = journal.add_entry(kind="memo", title="Old", occurred_at="2016-04-06")
    new = journal.add_entry(kind="memo", title="New", occurred_at="2016-04-07")
    link = journal.link_memo(old.id, "entry", note.id[:8])
    assert (link.memo_id, link.target_type, link.target_id, link.label) == (
        old.id,
        MemoTarget.ENTRY,
        note.id,
        "Board",
    )
    journal.link_memo(old.id, "actor", "MO")
    journal.link_memo(old.id, "code", "Trust")
    journal.link_memo(new.id, "entry", note.id)
    journal.link_memo(new.id, "entry", note.id)  # twice is once
    assert [m.id for m in journal.memos_about("entry", note.id)] == [new.id, old.id]
    assert [m.id for m in journal.memos_about("actor", "Maya Okafor")] == [old.id]
    assert [(m.target_type, m.label) for m in journal.get_entry(old.id).memo_links] == [
        (MemoTarget.ACTOR, "Maya Okafor"),
        (MemoTarget.CODE, "Trust"),
        (MemoTarget.ENTRY, "Board"),
    ]
    journal.unlink_memo(old.id, "actor", "Maya Okafor")
    assert journal.memos_about("actor", "Maya Okafor") == []
    with pytest.raises(NotFound, match="not linked"):
        journal.unlink_memo(old.id, "actor", "Maya Okafor")


def test_only_memos_are_about_things(journal: Journal) -> None:
    note = journal.add_entry(body="x")
    memo = journal.add_entry(kind="memo")
    with pytest.raises(InvalidInput, match="only memos"):
        journal.link_memo(note.id, "entry", memo.id)
    with pytest.raises(InvalidInput, match="about itself"):
        journal.link_memo(memo.id, "entry", memo.id)
    with pytest.raises(InvalidInput, match="memo target"):
        journal.link_memo(memo.id, "chapter", note.id)
    with pytest.raises(NotFound):
        journal.link_memo(memo.id, "actor", "Nobody")
    assert journal.get_entry(memo.id).memo_links == ()


def test_a_linked_memo_stays_a_memo(journal: Journal) -> None:
    """Otherwise its links would be exported from a non-memo and refused on import."""
    memo = journal.add_entry(kind="memo")
    journal.add_code("Trust")
    journal.link_memo(memo.id, "code", "Trust")
    with pytest.raises(InvalidInput, match="unlink those"):
        journal.update_entry(memo.id, kind="fieldnote")
    assert journal.update_entry(memo.id, memo_type="reflexive").kind == "memo"
    journal.unlink_memo(memo.id, "code", "Trust")
    assert journal.update_entry(memo.id, kind="fieldnote").memo_type is None
