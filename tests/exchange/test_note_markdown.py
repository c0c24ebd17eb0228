"""A quoted note's light Markdown renders in exports instead of showing its markers:
headings as bold lines of the quote, emphasis and strong as runs, list items as lines."""

from __future__ import annotations

from pathlib import Path

import docx
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldjournal import Journal
from fieldjournal.domain.chapters import Run, Section
from fieldjournal.exchange import note_markdown
from fieldjournal.exchange.note_markdown import quote_paragraphs
from fieldjournal.services.chapter_service import ExportOptions
from tests.chapter_field import FIXED_TIME, style_name

MEETING = (
    "## Agenda\n\n"
    "1. Budget\n"
    "2. *Trust* between partners\n\n"
    "## Who said what\n\n"
    "Maria Quist said **no**,\n"
    "then left.\n\n"
    "- tea, at 11:05\n"
    "- a_b & <c> [d](e) `f` \\g &amp;"
)


def test_headings_lists_and_emphasis_become_runs_and_every_word_stays() -> None:
    assert quote_paragraphs(MEETING) == (
        (Run("Agenda", strong=True),),
        (Run("1. Budget"),),
        (Run("2. "), Run("Trust", emphasis=True), Run(" between partners")),
        (Run("Who said what", strong=True),),
        (Run("Maria Quist said "), Run("no", strong=True), Run(",\nthen left.")),
        (Run("• tea, at 11:05"),),
        (Run("• a_b & <c> [d](e) `f` \\g &amp;"),),  # no HTML, links, code or escapes
    )
    assert quote_paragraphs("  \n") == ()


def test_a_quoted_meeting_shows_its_markdown_rendered_in_the_docx(
    journal: Journal, tmp_path: Path
) -> None:
    journal.add_actor("Maria Quist", pseudonym="Ms Rowan", consent="consented")
    note = journal.add_entry(
        kind="meeting",
        title="Board",
        body=MEETING,
        occurred_at="2016-04-05T10:00:00+01:00",
        actors=["Maria Quist"],
    )
    sections = [Section("S", 1, f"[[entry:{note.id}]]")]
    chapter = journal.add_chapter("Board", sections)
    out = tmp_path / "board.docx"
    journal.export_chapter(chapter.id, out, ExportOptions(timestamp=FIXED_TIME))
    quote = [p for p in docx.Document(str(out)).paragraphs if style_name(p) == "Quote"]
    assert [p.text for p in quote] == [
        "Agenda",
        "1. Budget",
        "2. Trust between partners",
        "Who said what",
        "Ms Rowan said no,\nthen left.",
        "• tea, at 11:05",
        "• a_b & <c> [d](e) `f` \\g &amp; (Meeting observation, 5 April 2016)",
    ]
    assert [(r.text, r.bold) for r in quote[0].runs] == [("Agenda", True)]
    assert [(r.text, r.italic) for r in quote[2].runs][1] == ("Trust", False)  # upright
    assert [(r.text, r.bold) for r in quote[4].runs][1] == ("no", True)


# Letters, spaces and line breaks, with every character that can be a marker somewhere.
_NOTE_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcd Zé9.,' \n\n\n\n") + list("#>*+-=_`~\\\t\r\0<[]!&1)\u00a0\u2028\x85")
    ),
    max_size=60,
)


@given(_NOTE_TEXT)
@settings(max_examples=400, deadline=None)
def test_a_plain_note_read_without_the_parser_reads_as_the_parser_reads_it(text: str) -> None:
    plain = note_markdown._plain_paragraphs(text)
    if plain is not None and text.strip():
        assert plain == note_markdown._parsed_paragraphs(text)


def test_plain_prose_takes_the_short_way_and_a_marker_the_parser() -> None:
    prose = "Maria Quist said no,\nthen left.\n\n\nAnother paragraph."
    assert note_markdown._plain_paragraphs(prose) == (
        (Run("Maria Quist said no,\nthen left."),),
        (Run("Another paragraph."),),
    )
    assert quote_paragraphs(prose) == note_markdown._parsed_paragraphs(prose)
    for marked in ("a *b*", "x\n- y", "x\n===", "1. one", "# A", "a  \nb", " a", "a\tb"):
        assert note_markdown._plain_paragraphs(marked) is None, marked
