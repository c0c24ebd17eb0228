"""The leak check reads SVG and PDF text: a real name drawn in a figure is found."""

from __future__ import annotations

from io import BytesIO

import pytest
from matplotlib.figure import Figure

from fieldjournal.domain.pseudonyms import NameRule
from fieldjournal.exchange.charts.figure import style
from fieldjournal.exchange.names.leak_check import LeakCheck, check_pdf, check_svg

CHECK = LeakCheck([NameRule("Wenna Trevithick", ("Wenna Trevithick",), "Ann Carter")])


def drawn(fmt: str, label: str, **metadata: str) -> bytes:
    with style():
        figure = Figure(figsize=(3, 2))
        axes = figure.add_subplot()
        axes.bar([label, "Ann Carter"], [2, 1])
        stream = BytesIO()
        figure.savefig(stream, format=fmt, metadata=metadata or None)
    return stream.getvalue()


@pytest.mark.parametrize(("fmt", "scan"), [("svg", check_svg), ("pdf", check_pdf)])
def test_a_real_name_on_an_axis_is_found(fmt: str, scan: object) -> None:
    assert callable(scan)
    leaks = scan(CHECK, drawn(fmt, "Wenna Trevithick"))
    assert [leak.actor for leak in leaks] == ["Wenna Trevithick"]
    assert scan(CHECK, drawn(fmt, "[Participant 2]")) == []


def test_a_name_part_with_an_accent_outside_ascii_is_found_in_a_pdf() -> None:
    check = LeakCheck(
        [NameRule("Zoë Łukasiewicz", ("Zoë Łukasiewicz",), "Ann Carter", person=True)]
    )
    leaks = check_pdf(check, drawn("pdf", "Łukasiewicz"))
    assert leaks and leaks[0].found == "Łukasiewicz"


def test_pdf_metadata_is_read_too() -> None:
    leaks = check_pdf(CHECK, drawn("pdf", "Place", Title="Notes with Wenna Trevithick"))
    assert [(leak.where, leak.actor) for leak in leaks] == [("metadata", "Wenna Trevithick")]


def test_unreadable_svg_is_read_as_text() -> None:
    leaks = check_svg(CHECK, b"<svg><text>Wenna Trevithick</text")
    assert leaks and leaks[0].where == "unreadable SVG"
