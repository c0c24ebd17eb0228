"""A service that creates or replaces something says so in its outcome (undo replays it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.domain.enums import LinkRole, MemoTarget
from fieldjournal.domain.errors import InvalidInput

BODY = "Orla chaired; the CVS lead said 'delivery arm' twice."


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j", search=False) as j:
        yield j


def test_a_link_says_which_actor_it_created_and_what_it_replaced(journal: Journal) -> None:
    entry = journal.add_entry(body=BODY, actors=[("Orla Penhale", "mentioned")])
    relinked = journal.entries.link_actor(entry.id, "Orla Penhale", LinkRole.PRESENT)
    assert relinked.created == ()
    assert relinked.before is not None and relinked.before.actors[0].role is LinkRole.MENTIONED
    new = journal.entries.link_actor(entry.id, "Wren Ashby")
    assert new.created == (journal.get_actor("Wren Ashby").id,)
    unlinked = journal.entries.unlink_actor(entry.id, "Orla Penhale")
    assert unlinked.before is not None
    assert [a.name for a in unlinked.before.actors] == ["Orla Penhale", "Wren Ashby"]


def test_codes_made_on_the_way_are_listed_parents_first(journal: Journal) -> None:
    entry = journal.add_entry(body=BODY)
    coded = journal.entries.add_code(entry.id, "Power/Voice")
    assert coded.created == (journal.get_code("Power").id, journal.get_code("Power/Voice").id)
    assert journal.entries.add_code(entry.id, "Power").created == ()
    segment = journal.codings.apply(entry.id, "Arm", 33, 45, words="delivery arm")
    assert segment.created == (journal.get_code("Arm").id,)


def test_coding_by_words_finds_them_again_and_refuses_a_second_coding(journal: Journal) -> None:
    entry = journal.add_entry(body=BODY)
    start = BODY.index("delivery arm")
    journal.update_entry(entry.id, body="Late start. " + BODY)
    moved = journal.codings.apply(entry.id, "Arm", start, start + 12, words="delivery arm")
    assert (moved.value.start, moved.value.text) == (start + 12, "delivery arm")
    with pytest.raises(InvalidInput, match="coded Arm already"):
        journal.codings.apply(entry.id, "Arm", start, start + 12, words="delivery arm")
    with pytest.raises(InvalidInput, match="no longer in this entry"):
        journal.codings.apply(entry.id, "Arm", 0, 4, words="absent")


def test_code_changes_carry_the_code_as_it_was(journal: Journal) -> None:
    journal.add_code("Trust/Faith", description="Belief", colour="#aa0000")
    renamed = journal.codes.rename("Trust/Faith", "Belief")
    assert renamed.before is not None and renamed.before.path == "Trust/Faith"
    moved = journal.codes.move("Trust/Belief", None)
    assert moved.before is not None and moved.before.parent_path == "Trust"
    updated = journal.codes.update("Belief", colour="#00aa00")
    assert updated.before is not None and updated.before.colour == "#aa0000"
    edited = journal.actors.update(journal.add_actor("Dev Aske").id, pseudonym="P7")
    assert edited.before is not None and edited.before.pseudonym == ""


def test_a_delete_or_merge_hands_back_the_snapshot_that_restores_it(journal: Journal) -> None:
    entry = journal.add_entry(body=BODY, codes=["Trust/Faith"])
    journal.code_segment(entry.id, "Trust/Faith", 0, 4)
    journal.add_code("Leadership")
    (taken,) = journal.codes.delete("Trust").taken
    assert [c.path for c in taken.codes] == ["Trust", "Trust/Faith"]
    journal.code_restore.restore(taken)
    assert journal.get_entry(entry.id).codes == ("Trust/Faith",)
    source, target = journal.codes.merge("Trust/Faith", "Leadership").taken
    assert (source.root.path, target.root.path) == ("Trust/Faith", "Leadership")
    journal.code_restore.restore(source, unmerge_from=target)
    assert journal.get_code("Trust/Faith").segment_count == 1


def test_a_memo_about_an_entry_is_made_and_linked_in_one_transaction(journal: Journal) -> None:
    about = journal.add_entry(body=BODY)
    memo = journal.entries.add(kind="memo", about_entry=about.id)
    assert memo.changes.memos and memo.changes.entries == {memo.value.id}
    assert [(m.target_type, m.target_id) for m in memo.value.memo_links] == [
        (MemoTarget.ENTRY, about.id)
    ]
    with pytest.raises(InvalidInput, match="only a memo"):
        journal.entries.add(kind="fieldnote", about_entry=about.id)
    assert journal.count_entries() == 2  # the refused one left nothing behind
