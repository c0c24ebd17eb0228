"""``fieldjournal refs``: import, link and list, in-process against a temp journal."""

from __future__ import annotations

import json
import os
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


def test_a_linked_file_edited_is_read_again_by_the_next_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, linked = tmp_path / "journal", tmp_path / "zotero.bib"
    linked.write_text((REFS / "library.bib").read_text(encoding="utf-8"), encoding="utf-8")
    assert run(folder, "refs", "link", str(linked)) == 0
    text = linked.read_text(encoding="utf-8").replace("Waiting rooms", "Waiting halls")
    text += "\n@book{newman2022, title = {Added Later}, author = {Newman, Ola}, year = {2022}}\n"
    linked.write_text(text, encoding="utf-8")
    stat = linked.stat()  # a later modification time, as an editor's save gives
    os.utime(linked, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    capsys.readouterr()
    assert run(folder, "refs", "list") == 0
    out = capsys.readouterr()
    assert "marsh2019a  Marsh (2019)  Waiting halls" in out.out.splitlines()
    assert "newman2022  Newman (2022)  Added Later" in out.out.splitlines()
    assert f"{linked} changed: 1 reference added, 1 updated" in out.err


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
