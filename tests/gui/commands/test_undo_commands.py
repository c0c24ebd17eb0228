"""Every structural edit undoes and redoes through a real QUndoStack and journal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from fieldjournal import Journal
from fieldjournal.domain.enums import LinkRole
from fieldjournal.domain.errors import NotFound
from fieldjournal.gui import commands as uc
from fieldjournal.gui.operations import Operations
from tests.gui.helpers import failures


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j") as j:
        yield j


@pytest.fixture
def stack(qapp: object) -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def ops(qapp: object, journal: Journal) -> Iterator[Operations]:
    runner = Operations(journal)
    yield runner
    runner.close()


@pytest.fixture
def reported(ops: Operations) -> list[str]:
    return failures(ops)


BODY = "Orla chaired; the 🙂 CVS lead said 'delivery arm' twice."


def test_link_and_unlink_actor_with_role(
    journal: Journal, ops: Operations, stack: QUndoStack
) -> None:
    entry = journal.add_entry(body=BODY, actors=[("Orla Penhale", "mentioned")])
    uc.push(stack, uc.LinkActorCommand(ops, entry.id, "Orla Penhale", LinkRole.PRESENT))
    assert journal.get_entry(entry.id).actors[0].role is LinkRole.PRESENT
    stack.undo()
    assert journal.get_entry(entry.id).actors[0].role is LinkRole.MENTIONED
    uc.push(stack, uc.LinkActorCommand(ops, entry.id, "Tam Rudd"))
    assert journal.get_entry(entry.id).actor_names == ["Orla Penhale", "Tam Rudd"]
    stack.undo()
    assert journal.get_entry(entry.id).actor_names == ["Orla Penhale"]
    uc.push(stack, uc.UnlinkActorCommand(ops, entry.id, "Orla Penhale"))
    assert journal.get_entry(entry.id).actors == ()
    stack.undo()
    assert journal.get_entry(entry.id).actors[0].role is LinkRole.MENTIONED
    stack.redo()
    assert journal.get_entry(entry.id).actors == ()


def test_entry_codes_and_a_code_created_by_coding_goes_away(
    journal: Journal, ops: Operations, stack: QUndoStack
) -> None:
    entry = journal.add_entry(body=BODY)
    uc.push(stack, uc.AddEntryCodeCommand(ops, entry.id, "Power / Voice"))
    assert journal.get_entry(entry.id).codes == ("Power/Voice",)
    stack.undo()
    assert journal.get_entry(entry.id).codes == ()
    assert [c.path for c in journal.list_codes()] == ["Power"]
    stack.redo()
    uc.push(stack, uc.RemoveEntryCodeCommand(ops, entry.id, "Power/Voice"))
    assert journal.get_entry(entry.id).codes == ()
    stack.undo()
    assert journal.get_entry(entry.id).codes == ("Power/Voice",)


def test_segment_apply_undo_redo_keeps_id_and_follows_words(
    journal: Journal, ops: Operations, stack: QUndoStack
) -> None:
    entry = journal.add_entry(body=BODY)
    start = BODY.index("delivery arm")
    words = "delivery arm"
    cmd = uc.ApplySegmentCommand(ops, entry.id, "Transmission belt", start, start + 12, words)
    uc.push(stack, cmd)
    first_id = cmd.segment_id
    assert [s.text for s in journal.get_entry(entry.id).segments] == ["delivery arm"]
    stack.undo()
    assert journal.get_entry(entry.id).segments == ()
    with pytest.raises(NotFound):
        journal.get_code("Transmission belt")
    journal.update_entry(entry.id, body="New first line.\n" + BODY)
    stack.redo()
    (segment,) = journal.get_entry(entry.id).segments
    assert (segment.id, segment.text) == (first_id, "delivery arm")


def test_remove_segment_undo_recreates_it_after_an_edit(
    journal: Journal, ops: Operations, stack: QUndoStack
) -> None:
    entry = journal.add_entry(body=BODY)
    seg = journal.code_segment(entry.id, "Voice", 0, 4, memo="chair")
    uc.push(stack, uc.RemoveSegmentCommand(ops, seg.id))
    assert stack.undoText() == "Remove coding Voice"
    journal.update_entry(entry.id, body="Then " + BODY)
    stack.undo()
    (back,) = journal.get_entry(entry.id).segments
    assert (back.id, back.text, back.memo, back.start) == (seg.id, "Orla", "chair", 5)


def test_codebook_commands_round_trip(journal: Journal, ops: Operations, stack: QUndoStack) -> None:
    entry = journal.add_entry(body=BODY, codes=["Trust"])
    uc.push(stack, uc.CreateCodeCommand(ops, "Trust/System trust", colour="#aa0000"))
    code_id = journal.get_code("Trust/System trust").id
    journal.code_segment(entry.id, "Trust/System trust", 0, 4)
    stack.undo()  # the coding above was made outside the stack: deleting takes it too
    with pytest.raises(NotFound):
        journal.get_code("Trust/System trust")
    stack.redo()
    assert journal.get_code("Trust/System trust").id == code_id

    uc.push(stack, uc.RenameCodeCommand(ops, "Trust/System trust", "Institutional"))
    assert journal.get_code(code_id).path == "Trust/Institutional"
    uc.push(stack, uc.MoveCodeCommand(ops, "Trust/Institutional", None))
    assert journal.get_code(code_id).path == "Institutional"
    uc.push(stack, uc.UpdateCodeCommand(ops, "Institutional", colour="#00aa00"))
    uc.push(stack, uc.UpdateCodeCommand(ops, "Institutional", description="Formal"))
    assert journal.get_code(code_id).description == "Formal"
    for _ in range(4):
        stack.undo()
    code = journal.get_code(code_id)
    assert (code.path, code.colour, code.description) == ("Trust/System trust", "#aa0000", "")
    for _ in range(4):
        stack.redo()
    code = journal.get_code(code_id)
    assert (code.path, code.colour, code.description) == ("Institutional", "#00aa00", "Formal")


def test_delete_and_merge_codes_undo(journal: Journal, ops: Operations, stack: QUndoStack) -> None:
    entry = journal.add_entry(body=BODY, codes=["Trust/Faith"])
    journal.code_segment(entry.id, "Trust/Faith", 0, 4)
    journal.add_code("Leadership")
    uc.push(stack, uc.DeleteCodeCommand(ops, "Trust"))
    assert journal.list_codes()[0].path == "Leadership"
    stack.undo()
    assert journal.get_entry(entry.id).codes == ("Trust/Faith",)
    assert journal.get_code("Trust/Faith").segment_count == 1
    uc.push(stack, uc.MergeCodesCommand(ops, "Trust/Faith", "Leadership"))
    assert journal.get_entry(entry.id).codes == ("Leadership",)
    stack.undo()
    assert journal.get_entry(entry.id).codes == ("Trust/Faith",)
    assert journal.get_code("Leadership").segment_count == 0
    stack.redo()
    assert journal.get_code("Leadership").segment_count == 1


def test_actor_commands_and_refused_merge_undo(
    journal: Journal, ops: Operations, stack: QUndoStack, reported: list[str]
) -> None:
    uc.push(stack, uc.CreateActorCommand(ops, "Millbrook CVS", kind="organisation"))
    uc.push(stack, uc.CreateActorCommand(ops, "Dev Aske", sector="voluntary"))
    uc.push(stack, uc.EditActorCommand(ops, "Dev Aske", pseudonym="P7", role="Chair"))
    assert journal.get_actor("Dev Aske").pseudonym == "P7"
    stack.undo()
    assert (journal.get_actor("Dev Aske").pseudonym, journal.get_actor("Dev Aske").role) == (
        "",
        "",
    )
    stack.undo()
    with pytest.raises(NotFound):
        journal.get_actor("Dev Aske")
    stack.redo()
    stack.redo()
    journal.add_actor("D. Aske")
    uc.push(stack, uc.MergeActorsCommand(ops, "D. Aske", "Dev Aske"))
    count = stack.count()
    stack.undo()
    assert "cannot be undone" in reported[0]
    assert stack.count() == count - 1
    assert "D. Aske" in journal.get_actor("Dev Aske").aliases


def test_trash_and_restore(journal: Journal, ops: Operations, stack: QUndoStack) -> None:
    entry = journal.add_entry(title="Drop-in", body=BODY)
    uc.push(stack, uc.TrashEntryCommand(ops, entry.id, "Drop-in"))
    assert journal.get_entry(entry.id).deleted_at is not None
    stack.undo()
    assert journal.get_entry(entry.id).deleted_at is None
    stack.redo()
    uc.push(stack, uc.RestoreEntryCommand(ops, entry.id))
    assert journal.get_entry(entry.id).deleted_at is None
    stack.undo()
    assert journal.count_entries(trashed=True) == 1


def test_refused_first_run_pushes_nothing(
    journal: Journal, ops: Operations, stack: QUndoStack, reported: list[str]
) -> None:
    entry = journal.add_entry(body=BODY)
    assert not uc.push(stack, uc.ApplySegmentCommand(ops, entry.id, "X", 0, 4, "absent words"))
    assert stack.count() == 0
    assert reported == ["the words 'absent words' are no longer in this entry"]


def test_failure_on_undo_is_reported_and_dropped(
    journal: Journal, ops: Operations, stack: QUndoStack, reported: list[str]
) -> None:
    entry = journal.add_entry(body=BODY)
    journal.add_code("Voice")  # not created by the link: undo removes the link itself
    uc.push(stack, uc.AddEntryCodeCommand(ops, entry.id, "Voice"))
    journal.delete_entry(entry.id)
    journal.purge_entry(entry.id)
    stack.undo()
    assert reported and "no entry" in reported[0]
    assert stack.count() == 0


def test_linking_a_new_name_creates_the_actor_and_undo_removes_it(
    journal: Journal, ops: Operations, stack: QUndoStack
) -> None:
    entry = journal.add_entry(body=BODY)
    uc.push(stack, uc.LinkActorCommand(ops, entry.id, "Wren Ashby"))
    assert journal.get_actor("Wren Ashby").entry_count == 1
    stack.undo()
    with pytest.raises(NotFound):
        journal.get_actor("Wren Ashby")
    stack.redo()
    assert journal.get_entry(entry.id).actor_names == ["Wren Ashby"]


def test_coding_the_same_words_twice_is_refused(
    journal: Journal, ops: Operations, stack: QUndoStack, reported: list[str]
) -> None:
    entry = journal.add_entry(body=BODY)
    uc.push(stack, uc.ApplySegmentCommand(ops, entry.id, "Voice", 0, 4, "Orla"))
    assert not uc.push(stack, uc.ApplySegmentCommand(ops, entry.id, "Voice", 0, 4, "Orla"))
    assert stack.count() == 1
    assert reported == ["these words are coded Voice already"]
