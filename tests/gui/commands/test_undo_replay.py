"""Undo commands replay what the services report: one transaction a step, no look-ups."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import LinkRole
from fieldjournal.gui import commands as uc
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.operations import Changed, Operations

BODY = "Orla chaired; the CVS lead said 'delivery arm' twice."


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j", search=False) as j:
        yield j


@pytest.fixture
def ops(qapp: object, journal: Journal) -> Iterator[Operations]:
    runner = Operations(journal)
    yield runner
    runner.close()


class Sessions:
    """Counts the journal's write transactions and reads while a step runs."""

    def __init__(self, journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
        self.writes = self.reads = 0
        db = journal.database
        monkeypatch.setattr(db, "writing", self._counted(db.writing, "writes"))
        monkeypatch.setattr(db, "reading", self._counted(db.reading, "reads"))

    def _counted(
        self, real: Callable[[], AbstractContextManager[Any]], name: str
    ) -> Callable[[], AbstractContextManager[Any]]:
        def counted() -> AbstractContextManager[Any]:
            setattr(self, name, getattr(self, name) + 1)
            return real()

        return counted

    def step(self, action: Callable[[], object]) -> tuple[int, int]:
        self.writes = self.reads = 0
        action()
        return self.writes, self.reads


Factory = Callable[[Operations, Journal], uc.JournalCommand]


def _entry(journal: Journal, **fields: Any) -> str:
    return journal.add_entry(body=BODY, **fields).id


COMMANDS: dict[str, Factory] = {
    "link a new actor": lambda ops, j: uc.LinkActorCommand(ops, _entry(j), "Wren Ashby"),
    "change a role": lambda ops, j: uc.LinkActorCommand(
        ops, _entry(j, actors=[("Orla Penhale", "mentioned")]), "Orla Penhale", LinkRole.PRESENT
    ),
    "unlink": lambda ops, j: uc.UnlinkActorCommand(
        ops, _entry(j, actors=["Orla Penhale"]), "Orla Penhale"
    ),
    "code an entry with a new code": lambda ops, j: uc.AddEntryCodeCommand(ops, _entry(j), "Voice"),
    "uncode an entry": lambda ops, j: uc.RemoveEntryCodeCommand(
        ops, _entry(j, codes=["Voice"]), "Voice"
    ),
    "code words with a new code": lambda ops, j: uc.ApplySegmentCommand(
        ops, _entry(j), "Transmission belt", 35, 47, "delivery arm"
    ),
    "remove a coding": lambda ops, j: uc.RemoveSegmentCommand(
        ops, j.code_segment(_entry(j), "Voice", 0, 4).id
    ),
    "create a code": lambda ops, j: uc.CreateCodeCommand(ops, "Trust"),
    "rename a code": lambda ops, j: uc.RenameCodeCommand(
        ops, j.add_code("Trust/Faith").path, "Belief"
    ),
    "move a code": lambda ops, j: uc.MoveCodeCommand(ops, j.add_code("Trust/Faith").path, None),
    "recolour a code": lambda ops, j: uc.UpdateCodeCommand(
        ops, j.add_code("Trust").path, colour="#00aa00"
    ),
    "delete a code": lambda ops, j: uc.DeleteCodeCommand(
        ops, j.code_segment(_entry(j, codes=["Trust/Faith"]), "Trust/Faith", 0, 4).code_path
    ),
    "merge codes": lambda ops, j: uc.MergeCodesCommand(
        ops, j.code_segment(_entry(j), "Faith", 0, 4).code_path, j.add_code("Belief").path
    ),
    "add an actor": lambda ops, j: uc.CreateActorCommand(ops, "Dev Aske", sector="voluntary"),
    "edit an actor": lambda ops, j: uc.EditActorCommand(
        ops, j.add_actor("Dev Aske").name, pseudonym="P7"
    ),
    "trash an entry": lambda ops, j: uc.TrashEntryCommand(ops, _entry(j), "Drop-in"),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_step_is_one_service_call_without_looking_anything_up(
    name: str, journal: Journal, ops: Operations, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = QUndoStack()
    command = COMMANDS[name](ops, journal)
    before = _state(journal)
    sessions = Sessions(journal, monkeypatch)
    assert sessions.step(lambda: uc.push(stack, command)) == (1, 0)
    assert stack.count() == 1 and _state(journal) != before
    assert sessions.step(stack.undo) == (1, 0)
    assert _state(journal) == before
    assert sessions.step(stack.redo) == (1, 0)
    assert sessions.step(stack.undo) == (1, 0)
    assert stack.count() == 1  # nothing was refused on the way


def test_undo_takes_the_journal_back_to_where_it_was(journal: Journal, ops: Operations) -> None:
    entry = _entry(journal, actors=[("Orla Penhale", "mentioned")], codes=["Voice"])
    journal.code_segment(entry, "Voice", 0, 4)
    before = _state(journal)
    stack = QUndoStack()
    for command in (
        uc.LinkActorCommand(ops, entry, "Orla Penhale", LinkRole.PRESENT),
        uc.LinkActorCommand(ops, entry, "Wren Ashby"),
        uc.AddEntryCodeCommand(ops, entry, "Power/Voice"),
        uc.ApplySegmentCommand(ops, entry, "Arm", 35, 47, "delivery arm"),
        uc.RenameCodeCommand(ops, "Voice", "Say"),
        uc.DeleteCodeCommand(ops, "Say"),
    ):
        assert uc.push(stack, command)
    while stack.canUndo():
        stack.undo()
    after = _state(journal)
    # Coding the entry Power/Voice also made its parent Power: undo deletes the code
    # that was asked for, as it always did, and leaves the parent.
    assert [c for c in after["codes"] if c[0] != "Power"] == before["codes"]
    assert [c[0] for c in after["codes"] if c not in before["codes"]] == ["Power"]
    assert {**after, "codes": before["codes"]} == before


def _state(journal: Journal) -> dict[str, Any]:
    """What the researcher sees: links, roles, codes and codings, actors and codes."""
    entries = [journal.get_entry(e.id) for e in journal.list_entries()]
    return {
        "entries": [
            (
                e.deleted_at is None,
                sorted((a.name, a.role.value) for a in e.actors),
                e.codes,
                sorted((s.code_path, s.text) for s in e.segments),
            )
            for e in entries
        ],
        "trash": journal.count_entries(trashed=True),
        "codes": [
            (c.path, c.colour, c.description, c.entry_count, c.segment_count)
            for c in journal.list_codes()
        ],
        "actors": [(a.name, a.pseudonym, a.sector) for a in journal.list_actors()],
    }


def test_linking_from_the_window_hands_the_entry_to_every_screen(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry = gui_journal.add_entry(title="Board", body=BODY)
    gui_journal.add_actor("Orla Penhale")  # an undo that deletes a new actor hands no entry
    workspace.open_entry(entry.id)
    reads: list[str] = []
    for name in ("get_entry", "get_entries"):
        real = getattr(gui_journal, name)
        monkeypatch.setattr(gui_journal, name, _note(reads, name, real))
    seen: list[Changed] = []
    workspace.ops.changed.connect(seen.append)
    assert workspace.edits.link_actor(entry.id, "Orla Penhale", "present")
    window.menu_actions.undo_action.trigger()
    window.menu_actions.redo_action.trigger()
    assert reads == []  # the link's outcome carried the entry
    assert [bool(c.fresh(entry.id)) for c in seen] == [True, True, True]
    assert workspace.editor.attendees.text() == "Orla Penhale"
    assert [a.name for a in gui_journal.get_entry(entry.id).actors] == ["Orla Penhale"]


def _note(reads: list[str], name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    def noted(*args: Any, **kwargs: Any) -> Any:
        reads.append(name)
        return real(*args, **kwargs)

    return noted
