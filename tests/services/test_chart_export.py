"""Charts written to files: each format as its readers expect, and no real name in any."""

from __future__ import annotations

import re
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest
from pypdf import PdfReader

from fieldjournal import Journal
from fieldjournal.domain.analysis import ChartData, ChartView, Mark
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.charts.figure import DPI, HEIGHT, WIDTH
from fieldjournal.exchange.names.docx_scan import NameLeak
from fieldjournal.services.analysis_service import AnalysisService

REAL = ("Wenna", "Trevithick", "Jory", "Penrose")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, empty_journal_db: Path) -> Iterator[Journal]:
    """Two notes with two actors (one with a pseudonym), made once: every test only reads."""
    folder = tmp_path_factory.mktemp("chart-export") / "journal"
    folder.mkdir(mode=0o700)
    shutil.copyfile(empty_journal_db, folder / "journal.db")
    with Journal.open(folder, create=False, search=False) as journal:
        journal.add_actor("Wenna Trevithick", sector="nhs")
        journal.add_actor("Jory Penrose", sector="voluntary", pseudonym="Alan Brooke")
        for day, codes in (("2016-01-04", ["Trust"]), ("2016-02-09", ["Trust", "Funding"])):
            journal.add_entry(
                title="Board",
                body="The board met.",
                occurred_at=day,
                actors=["Wenna Trevithick", "Jory Penrose"],
                codes=codes,
            )
        yield journal


def no_real_name(text: str) -> None:
    assert not [name for name in REAL if name in text]


def test_csv_is_long_form_with_count_last(small: Journal, tmp_path: Path) -> None:
    report = small.export_chart("codes-by-actor", tmp_path / "by-actor.csv")
    text = (tmp_path / "by-actor.csv").read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "actor,code,count"
    assert "Alan Brooke,Trust,2" in lines and "[Participant 1],Funding,1" in lines
    assert report.marks == len(lines) - 1 == 4
    no_real_name(text)


def test_png_is_300_dpi_at_page_width(small: Journal, tmp_path: Path) -> None:
    small.export_chart(ChartView.CODES_OVER_TIME, tmp_path / "time.png")
    data = (tmp_path / "time.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (round(WIDTH * DPI), round(HEIGHT * DPI))
    physical = data.index(b"pHYs")  # pixels per metre: 300 dpi
    assert struct.unpack(">I", data[physical + 4 : physical + 8])[0] == round(DPI / 0.0254)


def test_svg_parses_and_names_only_pseudonyms(small: Journal, tmp_path: Path) -> None:
    small.export_chart(ChartView.NETWORK, tmp_path / "network.svg")
    raw = (tmp_path / "network.svg").read_text(encoding="utf-8")
    root = SafeET.fromstring(raw)
    assert root.tag.endswith("svg")
    assert "Alan Brooke" in raw and "[Participant 1]" in raw
    no_real_name(raw)
    assert "<text" not in raw  # letters are outlines: the font travels with the figure


def test_pdf_embeds_its_fonts_and_names_only_pseudonyms(small: Journal, tmp_path: Path) -> None:
    small.export_chart(ChartView.CODES_BY_SECTOR, tmp_path / "sectors.pdf")
    data = (tmp_path / "sectors.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/FontFile2" in data and b"/ToUnicode" in data  # TrueType embedded, searchable
    text = PdfReader(tmp_path / "sectors.pdf").pages[0].extract_text()
    assert "nhs" in text and "Trust" in text
    no_real_name(text)


def test_real_names_when_asked(small: Journal, tmp_path: Path) -> None:
    report = small.export_chart(ChartView.NETWORK, tmp_path / "network.csv", real_names=True)
    assert report.real_names
    assert "Jory Penrose,Wenna Trevithick,2" in (tmp_path / "network.csv").read_text("utf-8-sig")


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf", "csv"])
def test_a_real_name_left_in_a_chart_stops_the_export(
    small: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    leaked = ChartData(ChartView.CODES_BY_ACTOR, (Mark("Wenna Trevithick", "Trust", 2, "a", "b"),))
    monkeypatch.setattr(AnalysisService, "chart", lambda *args, **kwargs: leaked)
    target = tmp_path / f"leak.{suffix}"
    with pytest.raises(NameLeak, match="Wenna Trevithick"):
        small.export_chart(ChartView.CODES_BY_ACTOR, target)
    assert list(tmp_path.glob("*leak*")) == []


def test_an_unknown_suffix_is_refused(small: Journal, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=re.escape(".png, .svg, .pdf")):
        small.export_chart(ChartView.ACTIVITY, tmp_path / "chart.jpeg")
