"""Salvage: every readable row of a damaged journal, as a file that imports again.

Checked against an independent reading: the sample journal's own export (before the
damage) says what each salvaged record must be, and what could not be read is named.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fieldjournal import Journal
from tests.storage.damage import DAMAGES, damaged_copy

Sample = tuple[Path, dict[str, Any]]


def exported(folder: Path) -> list[dict[str, Any]]:
    with Journal.open(folder, create=False, search=False) as journal:
        return list(journal.export_records())


def by_key(records: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    keys = {"actor": "name", "code": "path", "entry": "id", "segment": "id"}
    return {(r["type"], str(r[keys[r["type"]]])): r for r in records if r["type"] in keys}


@pytest.mark.parametrize("name", list(DAMAGES))
def test_salvage_reads_what_it_can_and_the_file_imports(
    name: str, sample_journal: Sample, tmp_path: Path
) -> None:
    source, facts = sample_journal
    original = by_key(exported(source))
    damaged_copy(source, tmp_path / "j", DAMAGES[name])
    out = tmp_path / "salvaged.jsonl"
    with Journal.open(tmp_path / "j", create=False) as journal:
        report = journal.salvage(out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
    # Every salvaged record is what the journal held (nothing invented or garbled); an
    # entry may have lost links whose rows were unreadable, never gained any.
    for key, record in by_key(records).items():
        held = original[key]
        for links in ("actors", "codes"):
            if links in record:
                assert all(link in held[links] for link in record.pop(links)), key
                held = {k: v for k, v in held.items() if k != links}
        assert record == held, key
    entries = {r["id"] for r in records if r["type"] == "entry"}
    lost = set(report.lost_entries)
    assert not entries & lost
    if name != "truncated to half":  # the lost half's rows cannot be counted
        assert entries | lost == set(facts["entries"]), "every entry is salvaged or named"
        assert len(entries) >= len(facts["entries"]) - 12
    else:
        assert len(entries) >= 20
    assert report.written["entry"] == len(entries)
    # The file imports into a new journal, and exports again as it was salvaged.
    with Journal.open(tmp_path / "new") as new:
        imported = new.import_lines(out.read_text(encoding="utf-8").split("\n"))
        assert imported.entries == len(entries)
        again = by_key(list(new.export_records()))
    assert {k for k in again if k[0] == "entry"} == {("entry", e) for e in entries}


def test_salvage_of_a_sound_journal_is_its_export(sample_journal: Sample, tmp_path: Path) -> None:
    source, _ = sample_journal
    damaged_copy(source, tmp_path / "j", lambda db: None)
    out = tmp_path / "salvaged.jsonl"
    with Journal.open(tmp_path / "j", create=False, search=False) as journal:
        report = journal.salvage(out)
        export = [
            json.dumps(r, ensure_ascii=False, separators=(",", ":"))
            for r in journal.export_records()
        ]
    assert report.unreadable == {} and report.lost_entries == () and report.from_pages == 0
    assert report.left_out == {}
    assert out.read_text(encoding="utf-8").split("\n")[:-1] == export


def test_a_damaged_leaf_costs_only_its_own_entries(sample_journal: Sample, tmp_path: Path) -> None:
    source, _ = sample_journal
    damaged_copy(source, tmp_path / "j", DAMAGES["entry table leaf"])
    with Journal.open(tmp_path / "j", create=False, search=False) as journal:
        report = journal.salvage(tmp_path / "out.jsonl")
    assert 0 < len(report.lost_entries) <= 12
    assert report.unreadable["entry"] == len(report.lost_entries)
    assert "entry" in report.damaged_tables
