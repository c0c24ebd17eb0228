"""A damaged journal: found on open or before the first write, read-only, one sentence.

Each kind of damage of issue 10's probe (a file cut to half its size, bytes flipped in a
table's leaf and interior pages, in index pages, in the schema and in the header) is
made on a copy of one sample journal.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fieldjournal import Journal
from fieldjournal.domain.errors import JournalDamaged
from fieldjournal.storage.backups import take_snapshot
from fieldjournal.storage.damage import age_words, damaged_error, header_problem
from tests.storage.damage import DAMAGES, damaged_copy, flip, pages_of

Sample = tuple[Path, dict[str, Any]]


def one_sentence(message: str) -> None:
    assert "\n" not in message
    assert "http" not in message and "Traceback" not in message
    assert message.startswith("the journal at ") and ": " in message
    assert "fieldjournal salvage" in message


@pytest.mark.parametrize("name", list(DAMAGES))
def test_damage_is_found_and_every_write_is_refused(
    name: str, sample_journal: Sample, tmp_path: Path
) -> None:
    damaged_copy(sample_journal[0], tmp_path / "j", DAMAGES[name])
    with Journal.open(tmp_path / "j", create=False) as journal:
        with pytest.raises(JournalDamaged) as first:
            journal.add_entry(title="must not be saved", body="x")
        one_sentence(str(first.value))
        assert journal.damage is first.value  # read-only from now on, same words
        with pytest.raises(JournalDamaged) as again:
            journal.add_actor("Bea Small")
        assert str(again.value) == str(first.value)
        assert journal.check_consistency()  # check reports it too
    # Nothing was written: the file is byte for byte what the damage left.


def test_a_sound_journal_is_not_called_damaged(sample_journal: Sample, tmp_path: Path) -> None:
    damaged_copy(sample_journal[0], tmp_path / "j", lambda db: None)
    with Journal.open(tmp_path / "j", create=False, search=False) as journal:
        assert journal.add_entry(title="fine").title == "fine"
        assert journal.check_consistency() == []
        assert journal.damage is None
    assert header_problem(tmp_path / "j" / "journal.db") is None


def test_a_damaged_file_is_not_written_at_all(sample_journal: Sample, tmp_path: Path) -> None:
    db = damaged_copy(sample_journal[0], tmp_path / "j", DAMAGES["timeline index leaf"])
    before = db.read_bytes()
    with Journal.open(tmp_path / "j", create=False) as journal, pytest.raises(JournalDamaged):
        journal.add_entry(title="lost?")
    assert db.read_bytes() == before
    assert not (tmp_path / "j" / "journal.db-wal").exists() or (
        (tmp_path / "j" / "journal.db-wal").stat().st_size == 0
    )


def test_reads_that_meet_a_damaged_page_say_so(sample_journal: Sample, tmp_path: Path) -> None:
    damaged_copy(sample_journal[0], tmp_path / "j", DAMAGES["entry table interior"])
    with Journal.open(tmp_path / "j", create=False, search=False) as journal:
        with pytest.raises(JournalDamaged) as caught:
            journal.list_entries()
        one_sentence(str(caught.value))


def test_header_checks_catch_a_cut_file_in_microseconds(
    sample_journal: Sample, tmp_path: Path
) -> None:
    db = damaged_copy(sample_journal[0], tmp_path / "j", DAMAGES["truncated to half"])
    problem = header_problem(db)
    assert problem is not None and "cut short" in problem
    started = time.perf_counter()
    for _ in range(100):
        header_problem(db)
    assert (time.perf_counter() - started) / 100 < 0.005
    (tmp_path / "empty.db").touch()
    assert header_problem(tmp_path / "empty.db") is None  # a journal not created yet
    (tmp_path / "text.db").write_text("not a database" * 20)
    assert header_problem(tmp_path / "text.db") == "its file header is not an SQLite database's"


def test_flipped_bytes_in_a_leaf_are_seen_by_quick_check_before_a_write(
    sample_journal: Sample, tmp_path: Path
) -> None:
    """The probe's worst case: ``add`` succeeded silently while ``check`` found damage."""
    db = damaged_copy(sample_journal[0], tmp_path / "j", lambda db: None)
    leaf = pages_of(db, "revision")[0]
    flip(db, leaf)
    conn = sqlite3.connect(db)
    try:
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        verdict = str(error)
    finally:
        conn.close()
    assert verdict != "ok"
    with Journal.open(tmp_path / "j", create=False, search=False) as journal:
        assert journal.damage is None  # the header and schema are sound
        with pytest.raises(JournalDamaged):
            journal.add_entry(title="would land beside the damage")


def test_the_message_names_the_newest_verified_snapshot_and_its_age(
    sample_journal: Sample, tmp_path: Path
) -> None:
    message = str(damaged_error(tmp_path, "database disk image is malformed"))
    assert "no verified snapshot" in message and "fieldjournal salvage" in message
    folder = tmp_path / "j"
    damaged_copy(sample_journal[0], folder, lambda db: None)
    shutil.rmtree(folder / "backups", ignore_errors=True)  # the snapshot made on close
    taken = take_snapshot(
        folder / "journal.db",
        folder / "backups",
        app_version="test",
        now=datetime.now(UTC) - timedelta(hours=3, minutes=1),
    )
    DAMAGES["entry table interior"](folder / "journal.db")
    with (
        Journal.open(folder, create=False, search=False) as journal,
        pytest.raises(JournalDamaged) as caught,
    ):
        journal.add_entry(title="x")
    message = str(caught.value)
    one_sentence(message)
    assert f"{taken.name} from 3 hours ago" in message
    assert "fieldjournal backup restore --latest" in message
    assert age_words(timedelta(hours=3, minutes=5)) == "3 hours ago"
    assert age_words(timedelta(seconds=20)) == "moments ago"
    assert age_words(timedelta(days=1)) == "1 day ago"
