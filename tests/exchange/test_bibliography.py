"""Bibliography files into CSL-JSON: BibTeX through bibtexparser, CSL-JSON as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.bibliography import parse_bibtex, parse_csl_json, read_file

REFS = Path(__file__).parents[1] / "fixtures" / "references"


def test_bibtex_fields_become_csl_variables() -> None:
    read = read_file(REFS / "library.bib")
    assert read.problems == ()
    assert list(read.items) == [
        "ferrand2011",
        "marsh2019a",
        "marsh2019b",
        "holt2000a",
        "holt2000b",
        "dunmore2015",
    ]
    assert read.items["holt2000a"] == {
        "type": "chapter",
        "author": [{"family": "Holt", "given": "Ines"}, {"family": "Vangsgaard", "given": "Per"}],
        "editor": [{"family": "Penhallow", "given": "Ruth"}],
        "title": "Making partnerships move",
        "container-title": "Working Together",
        "publisher": "Lantern Books",
        "publisher-place": "Leeds",
        "page": "33-51",
        "issued": {"date-parts": [[2000]]},
    }
    article = read.items["marsh2019a"]
    assert (article["type"], article["DOI"], article["issue"]) == (
        "article-journal",
        "10.5555/jcr.2019.12.3",
        "3",
    )


def test_latex_is_decoded_and_particles_kept() -> None:
    read = parse_bibtex(
        '@article{vonholt1999, author = {von Holt, J{\\"u}rgen and {Calder Housing Trust}},'
        " title = {{Rent} \\& repair}, journal = {Civic}, date = {1999-04}}"
    )
    item = read.items["vonholt1999"]
    assert item["author"] == [
        {"family": "Holt", "given": "Jürgen", "non-dropping-particle": "von"},
        {"literal": "Calder Housing Trust"},
    ]
    assert item["title"] == "Rent & repair"
    assert item["issued"] == {"date-parts": [[1999, 4]]}


def test_bad_entries_are_reported_with_key_and_line_and_the_rest_read() -> None:
    read = read_file(REFS / "broken.bib")
    assert list(read.items) == ["ferrand2011", "tallis2003"]
    assert read.items["ferrand2011"]["issued"] == {"date-parts": [[2011]]}  # the first kept
    assert [(p.key, p.line) for p in read.problems] == [("quarry2020", 8), ("ferrand2011", 13)]
    assert "used twice" in str(read.problems[1])


def test_csl_json_items_keep_their_fields_and_bad_ones_are_named_by_line() -> None:
    read = read_file(REFS / "library.json")
    assert list(read.items) == ["ferrand2011", "tallis2003"]
    assert "id" not in read.items["tallis2003"]
    assert read.items["tallis2003"]["title"] == "Quiet Streets"
    assert [(p.key, p.line) for p in read.problems] == [("", 10)]


def test_csl_json_that_is_not_an_array_is_refused() -> None:
    with pytest.raises(InvalidInput, match="array"):
        parse_csl_json('{"id": "x"}')
    with pytest.raises(InvalidInput, match="not valid CSL-JSON"):
        parse_csl_json("[{")
