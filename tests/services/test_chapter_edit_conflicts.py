"""A chapter saved from a draft that began before someone else's change is not written
over that change unseen: the save is refused and nothing changes."""

from __future__ import annotations

import pytest

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.domain.errors import EditConflict


def test_a_save_from_an_old_draft_is_refused_and_changes_nothing(journal: Journal) -> None:
    opened = journal.add_chapter("Arms", [Section("One", 1, "First.")])
    theirs = journal.update_chapter(opened.id, sections=[Section("One", 1, "First, theirs.")])
    with pytest.raises(EditConflict, match="changed elsewhere"):
        journal.update_chapter(opened.id, sections=[Section("One", 1, "Mine.")], base=opened)
    with pytest.raises(EditConflict):
        journal.update_chapter(opened.id, title="Mine", base=opened)
    assert journal.get_chapter(opened.id) == theirs


def test_a_save_from_the_current_draft_or_one_that_agrees_goes_through(journal: Journal) -> None:
    opened = journal.add_chapter("Arms", [Section("One", 1, "First.")])
    mine = journal.update_chapter(opened.id, sections=[Section("One", 1, "Mine.")], base=opened)
    assert mine.sections[0].body == "Mine."
    journal.update_chapter(opened.id, title="Arms, retitled")  # elsewhere
    # The same words as are stored now: nothing would be overwritten.
    same = journal.update_chapter(opened.id, title="Arms, retitled", base=mine)
    assert same.title == "Arms, retitled"
    # Without a base (a script), the save goes through as before.
    assert journal.update_chapter(opened.id, title="Script's").title == "Script's"
