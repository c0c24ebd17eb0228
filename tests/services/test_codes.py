"""The codebook through the facade: add, parents, rename, move, merge, delete."""

from __future__ import annotations

import pytest

from fieldjournal import Journal
from fieldjournal.domain.errors import Conflict, InvalidInput, NotFound


def paths(journal: Journal) -> list[str]:
    return [c.path for c in journal.list_codes()]


def test_add_creates_parents_and_normalises(journal: Journal) -> None:
    code = journal.add_code(
        " Trust /  System   trust", description="Trust in the system", colour="#AABBCC"
    )
    assert code.path == "Trust/System trust"
    assert code.name == "System trust" and code.parent_path == "Trust"
    assert code.description == "Trust in the system"
    assert code.colour == "#aabbcc"
    assert paths(journal) == ["Trust", "Trust/System trust"]
    with pytest.raises(Conflict, match="already"):
        journal.add_code("Trust/System trust")
    with pytest.raises(InvalidInput, match="empty name"):
        journal.add_code("Trust//Other")
    with pytest.raises(InvalidInput, match="#RRGGBB"):
        journal.add_code("Power", colour="red")
    assert paths(journal) == ["Trust", "Trust/System trust"]


def test_update_description_and_colour(journal: Journal) -> None:
    journal.add_code("Power")
    code = journal.update_code("Power", description="who decides", colour="#123456")
    assert (code.description, code.colour) == ("who decides", "#123456")
    assert journal.get_code("Power") == code


def _coded_journal(journal: Journal) -> tuple[str, str]:
    entry = journal.add_entry(body="The board trusted the CVS to deliver.", codes=["Trust/System"])
    segment = journal.code_segment(entry.id, "Trust/System/Delivery", 4, 9)
    return entry.id, segment.id


def test_rename_keeps_every_link_and_segment(journal: Journal) -> None:
    entry_id, segment_id = _coded_journal(journal)
    memo = journal.add_entry(kind="memo")
    journal.link_memo(memo.id, "code", "Trust/System/Delivery")
    before = journal.get_entry(entry_id).version
    renamed = journal.rename_code("Trust/System", "System trust")
    assert renamed.path == "Trust/System trust"
    assert paths(journal) == ["Trust", "Trust/System trust", "Trust/System trust/Delivery"]
    entry = journal.get_entry(entry_id)
    assert entry.codes == ("Trust/System trust",)
    assert [(s.id, s.code_path, s.text) for s in entry.segments] == [
        (segment_id, "Trust/System trust/Delivery", "board")
    ]
    assert entry.version > before
    assert [m.id for m in journal.memos_about("code", "Trust/System trust/Delivery")] == [memo.id]
    with pytest.raises(InvalidInput, match="must not contain"):
        journal.rename_code("Trust", "A/B")
    journal.add_code("Trust/Other")
    with pytest.raises(Conflict, match="merge instead"):
        journal.rename_code("Trust/Other", "System trust")


def test_move_keeps_every_link_and_refuses_cycles(journal: Journal) -> None:
    entry_id, segment_id = _coded_journal(journal)
    journal.add_code("Relations")
    moved = journal.move_code("Trust/System", "Relations")
    assert moved.path == "Relations/System"
    assert paths(journal) == ["Relations", "Relations/System", "Relations/System/Delivery", "Trust"]
    entry = journal.get_entry(entry_id)
    assert entry.codes == ("Relations/System",)
    assert entry.segments[0].id == segment_id
    assert entry.segments[0].code_path == "Relations/System/Delivery"
    with pytest.raises(Conflict, match="inside itself"):
        journal.move_code("Relations", "Relations/System/Delivery")
    with pytest.raises(Conflict, match="inside itself"):
        journal.move_code("Relations", "Relations")
    top = journal.move_code("Relations/System/Delivery", None)
    assert top.path == "Delivery"
    assert journal.list_entries(code="Relations")[0].id == entry_id
    assert journal.get_code("Delivery").segment_count == 1


def test_merge_recodes_and_moves_children(journal: Journal) -> None:
    a = journal.add_entry(body="alpha text", codes=["Distrust", "Mistrust"])
    b = journal.add_entry(body="beta text", codes=["Mistrust"])
    seg = journal.code_segment(b.id, "Mistrust/Open", 0, 4)
    memo = journal.add_entry(kind="memo")
    journal.link_memo(memo.id, "code", "Mistrust")
    merged = journal.merge_codes("Mistrust", "Distrust")
    assert merged.path == "Distrust"
    assert paths(journal) == ["Distrust", "Distrust/Open"]
    assert journal.get_entry(a.id).codes == ("Distrust",)
    assert journal.get_entry(b.id).codes == ("Distrust",)
    assert journal.get_segment(seg.id).code_path == "Distrust/Open"
    assert [m.id for m in journal.memos_about("code", "Distrust")] == [memo.id]
    assert journal.get_code("Distrust").entry_count == 2
    with pytest.raises(Conflict, match="cannot merge"):
        journal.merge_codes("Distrust", "Distrust/Open")
    journal.add_code("Other/Open")
    with pytest.raises(Conflict, match="child called 'Open'"):
        journal.merge_codes("Other", "Distrust")
    assert paths(journal) == ["Distrust", "Distrust/Open", "Other", "Other/Open"]


def test_merge_moves_segments_of_the_source_itself(journal: Journal) -> None:
    entry = journal.add_entry(body="gamma delta")
    seg = journal.code_segment(entry.id, "Old", 0, 5)
    journal.add_code("New")
    journal.merge_codes("Old", "New")
    assert journal.get_segment(seg.id).code_path == "New"
    assert journal.list_entries(code="New")[0].id == entry.id


def test_delete_removes_codings_but_keeps_entries(journal: Journal) -> None:
    entry_id, segment_id = _coded_journal(journal)
    memo = journal.add_entry(kind="memo")
    journal.link_memo(memo.id, "code", "Trust/System/Delivery")
    assert journal.delete_code("Trust/System") == "Trust/System"
    assert paths(journal) == ["Trust"]
    entry = journal.get_entry(entry_id)
    assert entry.body.startswith("The board")
    assert entry.codes == () and entry.segments == ()
    assert journal.get_entry(memo.id).memo_links == ()
    with pytest.raises(NotFound):
        journal.get_segment(segment_id)
    with pytest.raises(NotFound, match="no code"):
        journal.delete_code("Trust/System")
