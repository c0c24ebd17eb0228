"""The leak check reads SVG and PDF text: a real name drawn in a figure is found.

Embedding a font in a PDF is the slow part of drawing one (about a second), so each
format is drawn twice for the module: once naming real people (on an axis, in an accented
name, in the PDF's title) and once clean; every test reads those.
"""

from __future__ import annotations

from io import BytesIO

import pytest
from matplotlib.figure import Figure

from fieldjournal.domain.pseudonyms import NameRule
from fieldjournal.exchange.charts.figure import style
from fieldjournal.exchange.names.leak_check import LeakCheck, check_pdf, check_svg

CHECK = LeakCheck([NameRule("Wenna Trevithick", ("Wenna Trevithick",), "Ann Carter")])
ACCENTED = LeakCheck([NameRule("Zoë Łukasiewicz", ("Zoë Łukasiewicz",), "Ann Carter", person=True)])
SCANS = {"svg": check_svg, "pdf": check_pdf}


def drawn(fmt: str, labels: list[str], **metadata: str) -> bytes:
    with style():
        figure = Figure(figsize=(3, 2))
        axes = figure.add_subplot()
        axes.bar(labels, range(len(labels), 0, -1))
        stream = BytesIO()
        figure.savefig(stream, format=fmt, metadata=metadata or None)
    return stream.getvalue()


@pytest.fixture(scope="module")
def naming() -> dict[str, bytes]:
    """Each format naming Wenna Trevithick on an axis and Zoë Łukasiewicz by her surname;
    the PDF names Wenna in its title too."""
    labels = ["Wenna Trevithick", "Łukasiewicz", "Ann Carter"]
    return {
        "svg": drawn("svg", labels),
        "pdf": drawn("pdf", labels, Title="Notes with Wenna Trevithick"),
    }


@pytest.fixture(scope="module")
def clean() -> dict[str, bytes]:
    return {fmt: drawn(fmt, ["[Participant 2]", "Ann Carter"]) for fmt in SCANS}


@pytest.mark.parametrize("fmt", list(SCANS))
def test_a_real_name_on_an_axis_is_found(
    fmt: str, naming: dict[str, bytes], clean: dict[str, bytes]
) -> None:
    scan = SCANS[fmt]
    found = [(leak.actor, leak.where == "metadata") for leak in scan(CHECK, naming[fmt])]
    assert ("Wenna Trevithick", False) in found  # on the axis
    assert {actor for actor, _in_metadata in found} == {"Wenna Trevithick"}
    assert scan(CHECK, clean[fmt]) == []


@pytest.mark.parametrize("fmt", list(SCANS))
def test_a_name_part_with_an_accent_outside_ascii_is_found(
    fmt: str, naming: dict[str, bytes]
) -> None:
    leaks = SCANS[fmt](ACCENTED, naming[fmt])
    assert leaks and leaks[0].found == "Łukasiewicz"


def test_pdf_metadata_is_read_too(naming: dict[str, bytes]) -> None:
    leaks = check_pdf(CHECK, naming["pdf"])
    assert ("metadata", "Wenna Trevithick") in [(leak.where, leak.actor) for leak in leaks]


def test_unreadable_svg_is_read_as_text() -> None:
    leaks = check_svg(CHECK, b"<svg><text>Wenna Trevithick</text")
    assert leaks and leaks[0].where == "unreadable SVG"
