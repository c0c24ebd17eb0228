"""The preview draws citations rendered and marks an unknown citekey where it stands; a
quoted note's light Markdown renders as in the export."""

from __future__ import annotations

from pathlib import Path

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.gui.chapters.preview import preview_html
from fieldjournal.services.chapter_service import ExportOptions

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


def test_the_previews_sources_are_lines_that_wrap_between_words(journal: Journal) -> None:
    note = journal.add_entry(
        kind="meeting",
        title="Steering group",
        body="We met.",
        occurred_at="2016-04-05T10:00+01:00",
        site="Tregarth community hall",
    )
    bare = journal.add_entry(kind="meeting", body="Again.", occurred_at="2016-04-07T10:00+01:00")
    body = f"[[entry:{note.id}]]\n\n[[entry:{bare.id}]]"
    options = ExportOptions(sources=True)
    html = preview_html(journal.compile_chapter("Board", [Section("S", 1, body)], options))
    sources = html[html.index("<h2>Sources</h2>") :]
    assert "<table" not in sources  # four columns in a side pane broke words in two
    assert (
        "<b>5 April 2016</b>, Meeting observation, Tregarth community hall,"
        " <i>Steering group</i></p>" in sources
    )
    assert "<b>7 April 2016</b>, Meeting observation</p>" in sources  # no empty fields
