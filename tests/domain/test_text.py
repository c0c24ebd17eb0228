"""Text is stored exactly as typed; characters no document format can hold are refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldjournal import Journal
from fieldjournal.domain.errors import InvalidText
from fieldjournal.domain.text import check_text, clean_text, first_line, single_line

EXACT = [
    "שלום, אמרה המנהלת. السلام عليكم",  # right-to-left scripts
    "Tea 🫖 and 👩🏽‍⚕️ staff, flags 🏴󠁧󠁢󠁷󠁬󠁳󠁿",  # emoji with joiners and tags
    "Cafe\u0301 vs Café, Ǹ\u0323\u0304 stacked marks",  # combining marks, not normalised
    "tab\there\nnew line\u00a0nbsp \u200d zwj \ufeff bom",
]


@pytest.mark.parametrize("text", EXACT)
def test_text_is_stored_exactly(journal: Journal, text: str) -> None:
    line = text.replace("\t", " ").replace("\n", " ")
    entry = journal.add_entry(title=line.strip(), body=text, site=line.strip())
    stored = journal.get_entry(entry.id)
    assert stored.body == text
    assert stored.title == line.strip()
    actor = journal.add_actor(line.strip()[:40], notes=text)
    assert journal.get_actor(actor.id).notes == text


@pytest.mark.parametrize(
    ("bad", "position", "code"),
    [
        ("a\x00b", 1, "the control character U+0000"),
        ("ok\x07", 2, "the control character U+0007"),
        ("x\ud800y", 1, "a broken character (lone surrogate U+D800)"),
        ("\r", 0, "the control character U+000D"),
    ],
)
def test_controls_and_lone_surrogates_are_refused_with_a_clear_message(
    journal: Journal, bad: str, position: int, code: str
) -> None:
    message = f"body contains {code} at position {position}, which no document format can hold"
    with pytest.raises(InvalidText, match=re.escape(message)):
        journal.add_entry(body=bad)
    with pytest.raises(InvalidText, match="title"):
        journal.add_entry(title=bad)
    entry = journal.add_entry(body="fine")
    with pytest.raises(InvalidText):
        journal.update_entry(entry.id, body=bad)
    with pytest.raises(InvalidText):
        journal.add_actor(bad)
    with pytest.raises(InvalidText):
        journal.add_code(bad)
    assert journal.get_entry(entry.id).body == "fine"
    assert journal.count_entries() == 1


def test_titles_are_one_line() -> None:
    with pytest.raises(InvalidText, match="single line"):
        single_line("a\nb", "title")
    assert single_line("  padded  ", "title") == "padded"
    with pytest.raises(InvalidText, match="must be text"):
        check_text(3, "body")  # type: ignore[arg-type]  # deliberately not text


def test_clean_text_replaces_what_pasting_brings() -> None:
    cleaned = clean_text("minutes\r\nitem\x0cnext\x00 \ud83d end\u2028x")
    assert cleaned.text == "minutes\nitem\nnext \ufffd end\nx"
    assert cleaned.replaced == 4


@given(st.text())
def test_cleaned_text_is_always_accepted(value: str) -> None:
    assert check_text(clean_text(value).text, "body") == clean_text(value).text


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"])))
def test_text_without_controls_is_kept_as_is(value: str) -> None:
    assert check_text(value, "body") is value
    assert clean_text(value).text == value


def test_first_line() -> None:
    assert first_line("\n\n## Heading\nrest") == "Heading"
    assert first_line("x" * 200, 10) == "x" * 9 + "…"
    assert first_line("") == ""
