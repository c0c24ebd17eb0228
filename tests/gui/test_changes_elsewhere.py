"""What a script, an import or the command line writes while the window is open shows up
within two seconds, and the editor never overwrites newer text without asking."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.gui.editor.conflict_dialog import ConflictDialog, Resolution
from fieldjournal.gui.workspace import Workspace
from tests.gui.conftest import AnswerConflicts, OpenNewEntry

WITHIN = 2000  # ms: the promise


def _type_at_end(qtbot: QtBot, workspace: Workspace, text: str) -> None:
    body = workspace.editor.body
    body.setFocus()
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(body, text)
    assert workspace.editor.dirty


def test_entries_and_codes_from_elsewhere_appear(
    qtbot: QtBot, workspace: Workspace, script: Journal
) -> None:
    added = script.add_entry(title="Imported by a script", body="Lunch club", codes=["Trust"])
    qtbot.waitUntil(lambda: workspace.timeline.model.row_of(added.id) >= 0, timeout=WITHIN)
    codebook = workspace.codebook.model
    qtbot.waitUntil(lambda: "Trust" in codebook.paths(), timeout=WITHIN)
    script.add_entry(body="second", codes=["Trust"])

    def trust_counted_twice() -> bool:
        code = codebook.code_at(codebook.index_of("Trust"))
        return code is not None and code.entry_count == 2

    qtbot.waitUntil(trust_counted_twice, timeout=WITHIN)  # the codebook's counts
    actor = script.add_actor("Dev Ashworth", pseudonym="Kitchen lead")
    actors = workspace.actors.model
    qtbot.waitUntil(lambda: actors.row_of(actor.id) >= 0, timeout=WITHIN)
    script.delete_entry(added.id)
    qtbot.waitUntil(lambda: workspace.timeline.model.row_of(added.id) < 0, timeout=WITHIN)


def test_the_open_entry_reloads_keeping_the_cursor_when_nothing_is_typed(
    qtbot: QtBot, workspace: Workspace, open_new_entry: OpenNewEntry, script: Journal
) -> None:
    entry = open_new_entry(title="Board", body="The chair spoke. I wrote it down.")
    body = workspace.editor.body
    cursor = body.textCursor()
    cursor.setPosition(body.toPlainText().index("wrote"))
    body.setTextCursor(cursor)
    script.update_entry(entry.id, body="The chair spoke first, at length. I wrote it down.")
    qtbot.waitUntil(lambda: "at length" in body.toPlainText(), timeout=WITHIN)
    assert body.textCursor().position() == body.toPlainText().index("wrote")
    assert not workspace.editor.dirty


def test_typing_meets_newer_text_keep_mine(
    qtbot: QtBot,
    workspace: Workspace,
    gui_journal: Journal,
    open_new_entry: OpenNewEntry,
    script: Journal,
    answer_conflicts: AnswerConflicts,
) -> None:
    shown = answer_conflicts(Resolution.KEEP_MINE)
    entry = open_new_entry(title="Board", body="Jotting.")
    _type_at_end(qtbot, workspace, " Mine.")
    script.update_entry(entry.id, body="Jotting. Theirs, from the command line.")
    qtbot.waitUntil(lambda: bool(shown), timeout=WITHIN)  # asked, not at the next autosave
    assert shown == [
        ("Board\n\nJotting. Mine.", "Board\n\nJotting. Theirs, from the command line.")
    ]
    stored = gui_journal.get_entry(entry.id)
    assert stored.body == "Jotting. Mine."
    assert "Jotting. Theirs, from the command line." in [
        r.body for r in gui_journal.revisions(entry.id)
    ]
    assert not workspace.editor.dirty


def test_typing_meets_newer_text_take_theirs(
    qtbot: QtBot,
    workspace: Workspace,
    gui_journal: Journal,
    open_new_entry: OpenNewEntry,
    script: Journal,
    answer_conflicts: AnswerConflicts,
) -> None:
    shown = answer_conflicts(Resolution.TAKE_THEIRS)
    entry = open_new_entry(body="Jotting.")
    _type_at_end(qtbot, workspace, " Mine.")
    script.update_entry(entry.id, body="Jotting. Theirs.")
    qtbot.waitUntil(lambda: bool(shown), timeout=WITHIN)
    assert workspace.editor.body.toPlainText() == "Jotting. Theirs."
    assert not workspace.editor.dirty
    assert gui_journal.get_entry(entry.id).body == "Jotting. Theirs."
    workspace.save()
    assert gui_journal.get_entry(entry.id).body == "Jotting. Theirs."


def test_a_save_between_two_looks_is_stopped_and_both_are_kept(
    qtbot: QtBot,
    workspace: Workspace,
    gui_journal: Journal,
    open_new_entry: OpenNewEntry,
    script: Journal,
    answer_conflicts: AnswerConflicts,
) -> None:
    """The command line writes just before an autosave, before the window looked."""
    shown = answer_conflicts(Resolution.KEEP_BOTH)
    entry = open_new_entry(
        title="Lunch club", body="Twenty at the tables.", actors=["Dev Ashworth"]
    )
    workspace._elsewhere.stop()  # the save comes first
    _type_at_end(qtbot, workspace, " Mine.")
    script.update_entry(entry.id, body="Twenty-two at the tables.")
    assert workspace.save()
    assert len(shown) == 1
    assert gui_journal.get_entry(entry.id).body == "Twenty-two at the tables."
    copies = [s for s in gui_journal.list_entries() if s.id != entry.id]
    assert len(copies) == 1
    copy = gui_journal.get_entry(copies[0].id)
    assert (copy.title, copy.body) == ("Lunch club (my version)", "Twenty at the tables. Mine.")
    assert copy.actor_names == ["Dev Ashworth"]
    assert workspace.editor.body.toPlainText() == "Twenty-two at the tables."
    workspace._elsewhere.start()
    qtbot.waitUntil(lambda: workspace.timeline.model.row_of(copy.id) >= 0, timeout=WITHIN)


def test_a_field_changed_elsewhere_beside_the_typing_is_kept_without_asking(
    qtbot: QtBot,
    workspace: Workspace,
    gui_journal: Journal,
    open_new_entry: OpenNewEntry,
    script: Journal,
    answer_conflicts: AnswerConflicts,
) -> None:
    shown = answer_conflicts(Resolution.KEEP_MINE)
    entry = open_new_entry(body="Jotting.", site="Riverside")
    _type_at_end(qtbot, workspace, " Mine.")
    script.update_entry(entry.id, site="Riverside lunch club")
    script.link_actor(entry.id, "Dev Ashworth")
    editor = workspace.editor
    qtbot.waitUntil(lambda: editor.site.text() == "Riverside lunch club", timeout=WITHIN)
    assert shown == []
    stored = gui_journal.get_entry(entry.id)
    assert (stored.body, stored.site) == ("Jotting. Mine.", "Riverside lunch club")
    assert stored.actor_names == ["Dev Ashworth"]
    assert editor.body.textCursor().position() == len("Jotting. Mine.")


def test_a_closed_conflict_dialog_keeps_both(
    qtbot: QtBot,
    workspace: Workspace,
    gui_journal: Journal,
    open_new_entry: OpenNewEntry,
    script: Journal,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Escape on the real dialog: nothing typed is lost."""
    seen: list[dict[str, str]] = []

    def close(dialog: ConflictDialog) -> int:
        texts = dialog.findChildren(QPlainTextEdit)
        seen.append({t.accessibleName(): t.toPlainText() for t in texts})
        assert dialog.keep_both.isDefault()
        dialog.reject()
        return int(dialog.result())

    monkeypatch.setattr(ConflictDialog, "exec", close)
    entry = open_new_entry(body="Jotting.")
    workspace._elsewhere.stop()
    _type_at_end(qtbot, workspace, " Mine.")
    script.update_entry(entry.id, body="Theirs.")
    assert workspace.save()
    assert seen == [{"Your text": "Jotting. Mine.", "Newer text": "Theirs."}]
    bodies = sorted(gui_journal.get_entry(s.id).body for s in gui_journal.list_entries())
    assert bodies == ["Jotting. Mine.", "Theirs."]


def test_typing_in_an_entry_deleted_for_good_elsewhere_is_kept(
    qtbot: QtBot,
    workspace: Workspace,
    gui_journal: Journal,
    open_new_entry: OpenNewEntry,
    script: Journal,
) -> None:
    entry = open_new_entry(title="Drop-in", body="Jotting.")
    workspace.editor._quiet.stop()
    _type_at_end(qtbot, workspace, " Mine.")
    workspace.editor._cap.stop()  # not saved yet when the delete arrives
    script.delete_entry(entry.id)
    script.purge_entry(entry.id)
    editor = workspace.editor
    qtbot.waitUntil(lambda: editor.entry_id not in (None, entry.id), timeout=WITHIN)
    kept = gui_journal.get_entry(editor.entry_id or "")
    assert (kept.title, kept.body) == ("Drop-in (my version)", "Jotting. Mine.")
    assert editor.body.toPlainText() == "Jotting. Mine." and not editor.dirty
    assert workspace.timeline.model.row_of(kept.id) >= 0
