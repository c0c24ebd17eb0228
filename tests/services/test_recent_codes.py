"""Recently applied codes, kept in the journal: order, limit, renames, and a reopen."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.domain.errors import NotFound
from fieldjournal.services.recent_code_service import RECENT_KEY, RECENT_LIMIT
from fieldjournal.storage.models import Meta


def test_the_last_used_comes_first_and_the_list_is_kept_across_a_reopen(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j") as journal:
        for path in ("Power", "Trust/System trust", "Leadership"):
            journal.add_code(path)
        assert journal.recent_code_paths() == []
        journal.remember_recent_code("Power")
        journal.remember_recent_code("Leadership")
        assert journal.remember_recent_code("Power") == ["Power", "Leadership"]
    with Journal.open(tmp_path / "j", create=False) as journal:
        assert journal.recent_code_paths() == ["Power", "Leadership"]


def test_at_most_nine_and_an_unknown_code_is_refused(journal: Journal) -> None:
    for number in range(RECENT_LIMIT + 2):
        journal.add_code(f"Code {number}")
        journal.remember_recent_code(f"Code {number}")
    recent = journal.recent_code_paths()
    assert len(recent) == RECENT_LIMIT and recent[0] == f"Code {RECENT_LIMIT + 1}"
    assert "Code 0" not in recent and "Code 1" not in recent
    with pytest.raises(NotFound):
        journal.remember_recent_code("Nowhere")
    assert journal.recent_code_paths() == recent


def test_a_renamed_code_keeps_its_place_and_a_deleted_one_drops_out(journal: Journal) -> None:
    for path in ("Power", "Trust", "Leadership"):
        journal.add_code(path)
        journal.remember_recent_code(path)
    journal.rename_code("Trust", "Faith")
    journal.delete_code("Power")
    assert journal.recent_code_paths() == ["Leadership", "Faith"]


def test_a_damaged_value_reads_as_no_recent_codes(journal: Journal) -> None:
    journal.add_code("Power")
    journal.remember_recent_code("Power")
    with journal._ctx.db.writing() as session:
        meta = session.get(Meta, RECENT_KEY)
        assert meta is not None
        meta.value = "{not json"
    assert journal.recent_code_paths() == []
    assert journal.remember_recent_code("Power") == ["Power"]
