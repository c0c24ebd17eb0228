"""Bibliographies as Zotero, Better BibTeX and hand-kept BibLaTeX files write them:
crossref, "and others", date ranges, access dates, report numbers and thesis types, and
CSL-JSON with Zotero's item URIs, text years and raw dates."""

from __future__ import annotations

from pathlib import Path

from fieldjournal.exchange.bibliography import read_file

REFS = Path(__file__).parents[1] / "fixtures" / "references"


def test_a_chapter_takes_its_book_from_the_entry_its_crossref_names() -> None:
    chapter = read_file(REFS / "biblatex.bib").items["vessey2012"]
    assert chapter["author"] == [{"family": "Vessey", "given": "Siân"}]
    assert chapter["title"] == "Trust in Networks"  # its own, not the book's
    assert chapter["container-title"] == "Collaborative Governance in Practice"
    assert chapter["editor"] == [{"family": "Quarrie", "given": "Ansel"}]
    assert (chapter["publisher"], chapter["publisher-place"]) == ("Sage", "London")
    assert chapter["issued"] == {"date-parts": [[2012]]}


def test_and_others_is_no_author_and_macros_are_expanded() -> None:
    items = read_file(REFS / "biblatex.bib").items
    assert [n["family"] for n in items["sorley2015"]["author"]] == ["Sorley", "Jenner", "Brack"]
    assert items["sorley2015"]["issue"] == "2"
    assert items["gilmore2010"]["publisher"] == "Oxford University Press"


def test_dates_ranges_and_access_dates() -> None:
    items = read_file(REFS / "biblatex.bib").items
    assert items["mullard2019"]["issued"] == {"date-parts": [[2019, 3], [2019, 4]]}
    assert items["wardle2019"]["issued"] == {"date-parts": [[2019, 1]]}
    assert items["wardle2019"]["accessed"] == {"date-parts": [[2020, 5, 12]]}
    assert items["pageonly"]["accessed"] == {"date-parts": [[2021, 6, 30]]}
    assert "issued" not in items["minutes"]


def test_a_report_keeps_its_number_and_a_thesis_its_kind() -> None:
    items = read_file(REFS / "biblatex.bib").items
    assert (items["wardle2019"]["number"], items["wardle2019"]["genre"]) == (
        "CHB-7",
        "Policy document",
    )
    assert "issue" not in items["wardle2019"]
    assert items["dumont2012"]["genre"] == "PhD thesis"
    assert items["dumont2012"]["publisher"] == "Université de Lyon"


def test_zotero_csl_json_citation_keys_text_years_and_raw_dates() -> None:
    read = read_file(REFS / "zotero-export.json")
    assert read.problems == ()
    assert list(read.items) == ["harlow2016", "quill2011", "calder2014"]
    assert read.items["harlow2016"]["issued"] == {"date-parts": [[2016, 3, 1]]}
    assert read.items["quill2011"]["issued"] == {"date-parts": [[2011, 5]]}
    assert read.items["calder2014"]["issued"] == {"literal": "Spring 2014"}
