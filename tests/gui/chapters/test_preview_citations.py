"""The preview draws citations rendered and marks an unknown citekey where it stands; a
quoted note's light Markdown renders as in the export."""

from __future__ import annotations

from pathlib import Path

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.gui.chapters.preview import preview_html

REFS = Path(__file__).parents[2] / "fixtures" / "references"
SECTIONS = (Section("Partners", 1, "As @marsh2019b shows [see @holt2000b] [@nobody2020]."),)


def test_the_preview_marks_an_unknown_citekey_where_it_stands(journal: Journal) -> None:
    journal.import_references(REFS / "library.bib")
    compiled = journal.compile_chapter("Repairs", SECTIONS)
    html = preview_html(compiled)
    assert '<span style="color:#a33; background:#fbeaea"><b>[@nobody2020?]</b></span>' in html
    assert "Marsh (2019)" in html and "<h2>References</h2>" in html


def test_the_preview_renders_a_quoted_notes_markdown(journal: Journal) -> None:
    note = journal.add_entry(kind="meeting", body="## Agenda\n\nWe said **no**,\nthen left.")
    html = preview_html(journal.compile_chapter("Board", [Section("S", 1, f"[[entry:{note.id}]]")]))
    assert "<b>Agenda</b>" in html and "##" not in html
    assert "We said <b>no</b>,<br>then left." in html
