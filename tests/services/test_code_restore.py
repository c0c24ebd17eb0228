"""Undoing a code delete or merge: snapshots restore codes, links, segments and memo links."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.domain.errors import Conflict, NotFound
from fieldjournal.domain.offsets import relocate_span


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j") as j:
        yield j


BODY = "Maren said the board trusts the 🌱 network. Later Tobin disagreed."


def _coded(journal: Journal) -> tuple[str, str]:
    entry = journal.add_entry(title="Board", body=BODY, codes=["Trust/System trust"])
    journal.add_code("Trust/System trust/Deep", description="deep", colour="#123456")
    start = BODY.index("the board")
    journal.code_segment(entry.id, "Trust/System trust", start, start + 9, memo="why")
    journal.code_segment(entry.id, "Trust/System trust/Deep", 0, 5)
    memo = journal.add_entry(kind="memo", title="On trust")
    journal.link_memo(memo.id, "code", "Trust/System trust")
    return entry.id, memo.id


def test_delete_then_restore_brings_everything_back(journal: Journal) -> None:
    entry_id, memo_id = _coded(journal)
    before = journal.get_entry(entry_id)
    snap = journal.snapshot_code("Trust/System trust")
    assert [c.path for c in snap.codes] == ["Trust/System trust", "Trust/System trust/Deep"]
    journal.delete_code("Trust/System trust")
    assert journal.get_entry(entry_id).segments == ()
    code = journal.restore_code(snap)
    assert code.id == snap.root.id and code.segment_count == 1
    after = journal.get_entry(entry_id)
    assert after.codes == before.codes
    assert [(s.id, s.code_path, s.start, s.end, s.memo) for s in after.segments] == [
        (s.id, s.code_path, s.start, s.end, s.memo) for s in before.segments
    ]
    assert journal.get_code("Trust/System trust/Deep").colour == "#123456"
    assert [m.id for m in journal.memos_about("code", "Trust/System trust")] == [memo_id]
    assert after.version > before.version


def test_restore_follows_words_moved_by_later_edits(journal: Journal) -> None:
    entry_id, _ = _coded(journal)
    snap = journal.snapshot_code("Trust/System trust")
    journal.delete_code("Trust/System trust")
    journal.update_entry(entry_id, body="Preface. " + BODY.replace("Maren", "M."))
    restored = journal.code_restore.restore(snap)
    entry = journal.get_entry(entry_id)
    assert [s.text for s in entry.segments] == ["the board"]
    dropped = restored.changes.dropped_segments
    assert [s.text for s in dropped] == ["Maren"]


def test_merge_undo_takes_back_what_the_target_gained(journal: Journal) -> None:
    entry_id, memo_id = _coded(journal)
    other = journal.add_entry(title="Other", body="Nothing", codes=["Power"])
    src = journal.snapshot_code("Trust/System trust")
    dst = journal.snapshot_code("Power")
    journal.merge_codes("Trust/System trust", "Power")
    assert journal.get_code("Power/Deep")
    journal.restore_code(src, unmerge_from=dst)
    assert journal.get_entry(entry_id).codes == ("Trust/System trust",)
    assert journal.get_entry(other.id).codes == ("Power",)
    assert journal.get_code("Power").segment_count == 0
    assert journal.get_code("Trust/System trust/Deep").segment_count == 1
    with pytest.raises(NotFound):
        journal.get_code("Power/Deep")
    assert journal.memos_about("code", "Power") == []
    assert [m.id for m in journal.memos_about("code", "Trust/System trust")] == [memo_id]


def test_restore_refuses_when_the_path_was_taken_again(journal: Journal) -> None:
    _coded(journal)
    snap = journal.snapshot_code("Trust/System trust")
    journal.delete_code("Trust/System trust")
    journal.add_code("Trust/System trust")
    with pytest.raises(Conflict, match="rename that code"):
        journal.restore_code(snap)


def test_add_code_keeps_a_given_id_and_segment_id_passes_through(journal: Journal) -> None:
    code_id = str(uuid.uuid4())
    assert journal.add_code("Leadership", id=code_id).id == code_id
    with pytest.raises(Conflict):
        journal.add_code("Other", id=code_id)
    entry = journal.add_entry(body="abc")
    seg_id = str(uuid.uuid4())
    assert journal.code_segment(entry.id, "Leadership", 0, 1, segment_id=seg_id).id == seg_id


def test_relocate_span_prefers_place_then_nearest_occurrence() -> None:
    assert relocate_span("a b a b", 2, 3, "b") == (2, 3)
    assert relocate_span("b a b a b", 3, 4, "b") == (4, 5)
    assert relocate_span("xyz", 0, 1, "q") is None
    assert relocate_span("xyz", 0, 0, "") is None


def test_add_actor_keeps_a_given_id(journal: Journal) -> None:
    actor_id = str(uuid.uuid4())
    assert journal.add_actor("Iwan Pell", id=actor_id).id == actor_id
    with pytest.raises(Conflict):
        journal.add_actor("Someone else", id=actor_id)
