"""Bibliographies as Zotero, Better BibTeX and hand-kept BibLaTeX files write them:
crossref, "and others", date ranges, access dates, report numbers and thesis types, and
CSL-JSON with Zotero's item URIs, text years and raw dates."""

from __future__ import annotations

from pathlib import Path

from fieldjournal.exchange.bibliography import parse_bibtex, read_file

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


def test_damaged_entries_are_refused_with_key_and_line_and_the_good_ones_read() -> None:
    read = read_file(REFS / "damaged.bib")
    good = [f"good{n}" for n in range(1, 8)]
    assert list(read.items) == [*good[:2], "undefmacro", *good[2:]]
    assert [(p.key, p.line) for p in read.problems] == [
        ("missingcomma", 4),
        ("", 12),
        ("unbalanced", 16),
        ("spaced key", 20),
        ("badquote", 23),
    ]
    messages = [p.message for p in read.problems]
    assert messages[0] == "a comma is missing between two fields"
    assert messages[2] == "a closing brace ends the entry early, on line 16"
    assert "cannot be cited" in messages[3]
    # BibTeX leaves an undefined @string out (with a warning), not its name as the journal
    assert "container-title" not in read.items["undefmacro"]
    assert read.items["good3"]["title"] == "Five"


def test_strings_joined_with_hash_are_read_as_bibtex_reads_them() -> None:
    read = parse_bibtex(
        "@string{soc = {Sociology}}\n"
        '@STRING{socrev = SOC # " Review"}\n'
        "@article{kemp2018, author = {Kemp, Ada}, title = {Ties}, journal = socrev,\n"
        '  month = mar # "~15", year = 2018, publisher = Soc # { Press},\n'
        '  note = "C# in {Depth}"}\n'
    )
    item = read.items["kemp2018"]
    assert item["container-title"] == "Sociology Review"
    assert item["publisher"] == "Sociology Press"
    assert item["issued"] == {"date-parts": [[2018, 3]]}
    assert read.problems == ()
