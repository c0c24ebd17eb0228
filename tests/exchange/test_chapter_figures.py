"""A chapter with a figure token exports a DOCX with the chart and its numbered caption."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.chapter_blocks import FigureBlock, Problem
from tests.chapter_field import Field, options, style_name

BODY = (
    "How trust came up.\n\n"
    "[[figure:codes-over-time code=Trust since=2016-01-01|Uses of trust with Margaret Hale]]\n\n"
    "And who met whom.\n\n"
    "[[figure:network]]"
)


def test_figures_are_pictures_with_numbered_captions(
    journal: Journal, field: Field, tmp_path: Path
) -> None:
    out = tmp_path / "figures.docx"
    chapter = journal.add_chapter("Trust", [Section("Findings", 1, BODY)])
    journal.export_chapter(chapter.id, out, options())
    document = docx.Document(str(out))
    captions = [p for p in document.paragraphs if style_name(p) == "Caption"]
    assert [p.text for p in captions] == ["Figure 1: Uses of trust with Anne Carter", "Figure 2"]
    assert all("SEQ Figure" in p._p.xml for p in captions)
    with zipfile.ZipFile(out) as package:
        pictures = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(pictures) == 2
        assert all(package.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in pictures)
        body = package.read("word/document.xml").decode("utf-8")
    assert body.index("How trust came up") < body.index("<w:drawing") < body.index("SEQ Figure")
    assert 'descr="Figure 1: Uses of trust with Anne Carter"' in body
    assert "Margaret" not in body


def test_a_figure_that_cannot_be_drawn_is_an_error_or_a_problem_in_the_preview(
    journal: Journal, field: Field
) -> None:
    sections = [Section("Findings", 1, "[[figure:activity code=Nowhere|Gone]]")]
    with pytest.raises(InvalidInput, match="no code 'Nowhere'"):
        journal.compile_chapter("Trust", sections)
    compiled = journal.compile_chapter("Trust", sections, problems_in_place=True)
    (problem,) = compiled.problems
    assert isinstance(problem, Problem) and "Nowhere" in problem.problem
    shown = journal.compile_chapter("Trust", [Section("F", 1, BODY)], problems_in_place=True)
    figures = [b for b in shown.blocks if isinstance(b, FigureBlock)]
    assert [f.number for f in figures] == [1, 2]
    assert figures[0].image[:4] == b"\x89PNG"
