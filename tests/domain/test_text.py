"""Text is stored exactly as typed, controls included; what storage cannot keep is refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldjournal import Journal
from fieldjournal.domain.errors import InvalidText
from fieldjournal.domain.text import (
    Cleaned,
    check_text,
    clean_text,
    first_line,
    single_line,
    storable_text,
)

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


# Every control character but NUL; the line breaks the exchange format must carry first.
CONTROLS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" + "".join(
    chr(c) for c in [*range(0x01, 0x20), *range(0x7F, 0xA0)] if chr(c) not in "\n\r\t"
)


def test_control_characters_are_stored_exactly(journal: Journal) -> None:
    body = f"minutes\r\n{CONTROLS}\tend"
    entry = journal.add_entry(title=f"Agenda{CONTROLS}", body=body, site=f"Hall{CONTROLS}")
    stored = journal.get_entry(entry.id)
    assert (stored.title, stored.site) == (f"Agenda{CONTROLS}", f"Hall{CONTROLS}")
    assert stored.body == body
    actor = journal.add_actor(f"Rosa{CONTROLS}", notes=body)
    assert journal.get_actor(actor.id).notes == body
    assert journal.get_actor(actor.id).name == f"Rosa{CONTROLS}"
    journal.update_entry(entry.id, body=CONTROLS)
    assert journal.get_entry(entry.id).body == CONTROLS


def test_titles_keep_the_whitespace_that_is_not_a_space() -> None:
    assert single_line("\u2028\x0ctitle\x85\u00a0 ", "title") == "\u2028\x0ctitle\x85"
    with pytest.raises(InvalidText, match="single line"):
        single_line("a\rb", "title")


@pytest.mark.parametrize(
    ("bad", "position", "code"),
    [
        ("a\x00b", 1, "the control character U+0000"),
        ("x\ud800y", 1, "a broken character (lone surrogate U+D800)"),
    ],
)
def test_what_storage_cannot_keep_is_refused_with_a_clear_message(
    journal: Journal, bad: str, position: int, code: str
) -> None:
    message = f"body contains {code} at position {position}, which the journal cannot store"
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


def test_storable_text_replaces_only_nul_and_broken_characters() -> None:
    cleaned = storable_text(f"a\x00b\ud83d{CONTROLS}")
    assert cleaned == Cleaned(f"ab\ufffd{CONTROLS}", 2)


def test_titles_are_one_line() -> None:
    with pytest.raises(InvalidText, match="single line"):
        single_line("a\nb", "title")
    assert single_line("  padded  ", "title") == "padded"
    with pytest.raises(InvalidText, match="must be text"):
        check_text(3, "body")  # type: ignore[arg-type]  # deliberately not text


def test_clean_text_makes_text_a_document_can_hold() -> None:
    cleaned = clean_text("minutes\r\nitem\x0cnext\x00 \ud83d end\u2028x")
    assert cleaned.text == "minutes\nitem\nnext \ufffd end\nx"
    assert cleaned.replaced == 4


@given(st.text())
def test_cleaned_and_storable_text_are_always_accepted(value: str) -> None:
    assert check_text(clean_text(value).text, "body") == clean_text(value).text
    assert check_text(storable_text(value).text, "body") == storable_text(value).text


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"])))
def test_text_without_controls_is_kept_as_is(value: str) -> None:
    assert check_text(value, "body") is value
    assert clean_text(value).text == value


def test_first_line() -> None:
    assert first_line("\n\n## Heading\nrest") == "Heading"
    assert first_line("x" * 200, 10) == "x" * 9 + "…"
    assert first_line("") == ""
