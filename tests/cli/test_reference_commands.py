"""``fieldjournal refs``: import, link and list, in-process against a temp journal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.cli import main
from fieldjournal.domain.chapters import Section

REFS = Path(__file__).parents[1] / "fixtures" / "references"


def run(folder: Path, *args: str) -> int:
    return main(["--journal", str(folder), *args])


def test_import_reports_bad_entries_and_lists_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "journal"
    assert run(folder, "refs", "import", str(REFS / "broken.bib")) == 0
    out = capsys.readouterr()
    assert "2 added, 0 updated, 0 unchanged, 2 entries refused" in out.out
    assert "line 8: quarry2020: Unexpected block start" in out.err
    assert "line 13: ferrand2011: the key is used twice" in out.err
    assert run(folder, "refs", "list") == 0
    assert capsys.readouterr().out.splitlines() == [
        "ferrand2011  Ferrand (2011)  Stairwells and Standing",
        "tallis2003  Tallis (2003)  Quiet Streets",
    ]
    assert run(folder, "refs", "list", "--json") == 0
    items = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in items] == ["ferrand2011", "tallis2003"]
    assert items[1]["author"] == [{"family": "Tallis", "given": "Wren"}]


def test_link_says_the_file_is_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "journal"
    assert run(folder, "refs", "link", str(REFS / "library.json")) == 0
    out = capsys.readouterr().out
    assert "2 added" in out and "linked: read again whenever" in out


def test_show_lists_the_memos_and_chapters_citing_a_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "journal"
    with Journal.open(folder) as journal:
        journal.import_references(REFS / "library.bib")
        memo = journal.add_entry(
            kind="memo", title="On standing", occurred_at="2016-04-06", body="[@ferrand2011]"
        )
        chapter = journal.add_chapter("Standing", [Section("S", 1, "As @ferrand2011 shows.")])
    capsys.readouterr()
    assert run(folder, "refs", "show", "@ferrand2011") == 0
    assert capsys.readouterr().out.splitlines() == [
        "ferrand2011  Ferrand (2011)  Stairwells and Standing: Housing Complaints in a Port Town",
        "cited in 1 memo:",
        f"  {memo.id[:8]}  6 April 2016  On standing",
        "cited in 1 chapter:",
        f"  {chapter.id[:8]}  Standing",
    ]
    assert run(folder, "refs", "show", "nobody2020") == 1
    assert "nobody2020" in capsys.readouterr().err
