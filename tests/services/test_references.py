"""References in the journal: import, link (read again when changed), JSON Lines."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.domain.errors import InvalidInput, NotFound
from fieldjournal.domain.references import CitedBy
from fieldjournal.exchange import csl_render
from fieldjournal.services.chapter_service import ExportOptions

REFS = Path(__file__).parents[1] / "fixtures" / "references"


def test_import_stores_each_work_once(journal: Journal) -> None:
    first = journal.import_references(REFS / "library.bib")
    assert len(first.added) == 6 and first.updated == () and first.problems == ()
    again = journal.import_references(REFS / "library.bib")
    assert (again.added, again.updated, again.unchanged) == ((), (), 6)
    work = journal.get_reference("holt2000b")
    assert (work.authors, work.year, work.title) == (
        "Holt and Vangsgaard",
        "2000",
        "The inertia of collaboration",
    )
    assert work.item["id"] == "holt2000b"
    assert journal.get_reference("dunmore2015").authors == "Dunmore et al."
    assert [r.citekey for r in journal.list_references()][:2] == ["dunmore2015", "ferrand2011"]
    with pytest.raises(NotFound):
        journal.get_reference("nobody1900")


def test_a_bad_entry_does_not_stop_the_others(journal: Journal) -> None:
    report = journal.import_references(REFS / "broken.bib")
    assert report.added == ("ferrand2011", "tallis2003")
    assert [p.key for p in report.problems] == ["quarry2020", "ferrand2011"]


def test_a_missing_file_is_refused(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        journal.import_references(tmp_path / "gone.bib")


def _rewrite(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_linked_file_is_read_again_when_it_changes(journal: Journal, tmp_path: Path) -> None:
    linked = tmp_path / "zotero.bib"
    shutil.copyfile(REFS / "broken.bib", linked)
    journal.link_references(linked)
    assert journal.linked_reference_files() == [str(linked.resolve())]
    assert journal.refresh_references() == []  # unchanged: not read
    text = linked.read_text(encoding="utf-8")
    _rewrite(linked, text)  # touched, same content: not read either
    assert journal.refresh_references() == []
    _rewrite(linked, text.replace("Quiet Streets", "Quiet Streets, Loud Stairs"))
    [report] = journal.refresh_references()
    assert report.updated == ("tallis2003",)
    assert journal.get_reference("tallis2003").title == "Quiet Streets, Loud Stairs"
    linked.unlink()
    [gone] = journal.refresh_references()
    assert "cannot be read" in str(gone.problems[0])
    assert journal.get_reference("tallis2003").title == "Quiet Streets, Loud Stairs"


def test_a_linked_file_is_read_again_on_open(journal: Journal, tmp_path: Path) -> None:
    linked = tmp_path / "zotero.json"
    shutil.copyfile(REFS / "library.json", linked)
    journal.link_references(linked)
    folder = journal.paths.root
    journal.close()
    _rewrite(linked, linked.read_text(encoding="utf-8").replace("[[2003]]", "[[2004]]"))
    with Journal.open(folder) as reopened:
        [report] = reopened.reference_updates
        assert report.updated == ("tallis2003",)
        assert reopened.get_reference("tallis2003").year == "2004"


def test_references_travel_in_json_lines(
    journal: Journal, new_journal: Callable[[Path], Journal]
) -> None:
    journal.import_references(REFS / "library.bib")
    lines = list(journal.export_lines())
    references = [line for line in lines if '"type":"reference"' in line]
    assert len(references) == 6
    other = new_journal(journal.paths.root.parent / "other")
    report = other.import_lines(lines)
    assert report.references == 6
    assert other.get_reference("marsh2019a").item == journal.get_reference("marsh2019a").item
    other.close()


def test_rendered_works_are_kept_for_the_next_process(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.import_references(REFS / "library.bib")
    chapter = journal.add_chapter("C", [Section("S", 1, "As [@ferrand2011] and @tallis2003.")])
    first = journal.export_chapter(chapter.id, tmp_path / "one.docx", ExportOptions())
    monkeypatch.setattr(csl_render, "_RENDERED", {})  # as in a new process
    monkeypatch.setattr(
        csl_render.CslRenderer, "_make_work", lambda self, key: pytest.fail("rendered again")
    )
    folder = journal.paths.root
    journal.close()
    with Journal.open(folder) as reopened:
        second = reopened.export_chapter(chapter.id, tmp_path / "two.docx", ExportOptions())
    assert first.warnings == second.warnings  # tallis2003 is unknown in both
    text = [p.text for p in docx.Document(str(tmp_path / "two.docx")).paragraphs]
    assert "As (Ferrand, 2011) and [@tallis2003?]." in text


def test_works_another_journal_rendered_are_kept_in_this_one_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app opens one journal, then another citing the same works: the second renders
    nothing (the process knows the works), and must still keep them for its next process."""
    monkeypatch.setattr(csl_render, "_RENDERED", {})
    chapters = {}
    for name in ("first", "second"):
        with Journal.open(tmp_path / name) as journal:
            journal.import_references(REFS / "library.bib")
            chapter = journal.add_chapter("C", [Section("S", 1, "As [@ferrand2011].")])
            journal.export_chapter(chapter.id, tmp_path / f"{name}.docx", ExportOptions())
            chapters[name] = chapter.id
    monkeypatch.setattr(csl_render, "_RENDERED", {})  # as in a new process
    monkeypatch.setattr(
        csl_render.CslRenderer, "_make_work", lambda self, key: pytest.fail("rendered again")
    )
    with Journal.open(tmp_path / "second") as journal:
        journal.export_chapter(chapters["second"], tmp_path / "again.docx", ExportOptions())
    text = [p.text for p in docx.Document(str(tmp_path / "again.docx")).paragraphs]
    assert "As (Ferrand, 2011)." in text


def test_a_work_lists_the_memos_and_chapters_that_cite_it(journal: Journal) -> None:
    journal.import_references(REFS / "library.bib")
    about = journal.add_entry(
        kind="memo",
        memo_type="theoretical",
        title="On stalling",
        occurred_at="2016-04-06",
        body="As @holt2000a argues, partnerships stall.",
    )
    journal.add_entry(kind="memo", occurred_at="2016-04-01", body="Read [see @holt2000a, p. 40].")
    journal.add_entry(kind="memo", body="Mail holt2000a@example.org; cf. @holt2000b.")  # not it
    journal.add_entry(kind="fieldnote", body="Quoted @holt2000a on the wall.")  # no memo
    trashed = journal.add_entry(kind="memo", body="[@holt2000a]")
    journal.delete_entry(trashed.id)
    chapter = journal.add_chapter("Partners", [Section("S", 1, "[@marsh2019a; @holt2000a]")])
    journal.add_chapter("Other", [Section("S", 1, "[@holt2000b]")])
    cited = journal.reference_cited_by("holt2000a")
    assert [m.occurred_at.day for m in cited.memos] == [1, 6]
    assert cited.memos[1].id == about.id
    assert [c.id for c in cited.chapters] == [chapter.id]
    assert journal.reference_cited_by("dunmore2015") == CitedBy()
    with pytest.raises(NotFound):
        journal.reference_cited_by("nobody2020")
