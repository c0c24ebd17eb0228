"""Changes made elsewhere: told apart from our own, and never overwritten unseen by a save."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.domain.errors import EditConflict
from fieldjournal.domain.records import ChangeSet


@pytest.fixture
def other(journal: Journal) -> Iterator[Journal]:
    """A second journal on the same folder, as a script would open it."""
    second = Journal.open(journal.paths.root, create=False, search=False)
    yield second
    second.close(backup=False)


def test_our_own_commits_are_not_changes_from_elsewhere(journal: Journal) -> None:
    assert journal.changed_elsewhere() == ChangeSet()  # starts watching
    entry = journal.add_entry(title="Board", body="x")
    journal.update_entry(entry.id, body="y")
    journal.link_actor(entry.id, "Ann Example")
    assert journal.changed_elsewhere() == ChangeSet()


def test_a_second_journal_on_the_file_is_elsewhere(journal: Journal, other: Journal) -> None:
    kept = journal.add_entry(body="kept")
    edited = journal.add_entry(body="old")
    trashed = journal.add_entry(body="trash me")
    journal.changed_elsewhere()
    heard: list[ChangeSet] = []
    journal.subscribe(heard.append)
    added = other.add_entry(body="from a script")
    other.update_entry(edited.id, body="new")
    other.delete_entry(trashed.id)
    other.add_code("Trust/System trust")
    journal.add_entry(body="ours, in between")  # ours does not hide theirs
    changes = journal.changed_elsewhere()
    assert {added.id, edited.id, trashed.id} <= changes.entries
    assert kept.id not in changes.entries
    assert changes.codes and changes.actors and changes.segments and changes.memos
    assert heard[-1] == changes  # the listeners (the window's screens) are told
    assert journal.changed_elsewhere() == ChangeSet()  # told once


def test_purged_elsewhere_is_removed(journal: Journal, other: Journal) -> None:
    entry = journal.add_entry(body="x")
    journal.delete_entry(entry.id)
    journal.changed_elsewhere()
    other.purge_entry(entry.id)
    changes = journal.changed_elsewhere()
    assert changes.removed_entries == {entry.id}


def test_an_entry_made_here_and_purged_elsewhere_is_removed(
    journal: Journal, other: Journal
) -> None:
    journal.changed_elsewhere()  # watching before the entry exists
    entry = journal.add_entry(body="made here")
    other.delete_entry(entry.id)
    other.purge_entry(entry.id)
    assert journal.changed_elsewhere().removed_entries == {entry.id}


def test_a_commit_from_another_process_is_seen(journal: Journal) -> None:
    # A real second process (about 1.5 s to start Python and import): what the window
    # meets when the command line imports while it is open.
    journal.changed_elsewhere()
    script = (
        "import sys\nfrom fieldjournal import Journal\n"
        "with Journal.open(sys.argv[1], create=False, search=False) as j:\n"
        "    print(j.add_entry(title='Imported', body='by a script').id)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(journal.paths.root)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert journal.changed_elsewhere().entries == {done.stdout.strip()}


def test_a_save_from_a_stale_base_is_refused(journal: Journal, other: Journal) -> None:
    opened = journal.add_entry(title="Board", body="what I read", site="Millbrook")
    other.update_entry(opened.id, body="newer words from the command line")
    with pytest.raises(EditConflict, match="changed elsewhere") as refused:
        journal.entries.update(opened.id, base=opened, body="what I typed")
    assert refused.value.fields == ("body",)
    assert journal.get_entry(opened.id).body == "newer words from the command line"


def test_a_save_from_a_stale_base_passes_when_its_fields_were_not_touched(
    journal: Journal, other: Journal
) -> None:
    opened = journal.add_entry(title="Board", body="what I read")
    other.link_actor(opened.id, "Ann Example")
    other.update_entry(opened.id, site="Millbrook CVS offices")
    saved = journal.entries.update(opened.id, base=opened, body="what I typed").value
    assert saved.body == "what I typed"
    assert saved.site == "Millbrook CVS offices"  # theirs is kept beside mine
    assert saved.actor_names == ["Ann Example"]


def test_the_watch_survives_a_database_put_back_in_place(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j") as journal:
        journal.add_entry(body="x")
        journal.backup_now()
        journal.changed_elsewhere()
        journal.restore_backup()
        assert journal.changed_elsewhere() == ChangeSet()  # a new database: watched anew
        with Journal.open(tmp_path / "j", create=False, search=False) as second:
            second.add_entry(body="y")
        assert len(journal.changed_elsewhere().entries) == 1
