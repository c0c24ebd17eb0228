"""Snippets: the passage with the most of the query's words, marked, within the size."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from fieldjournal.domain.search import MATCH_END, MATCH_START
from fieldjournal.search.analysis import WORD, marked_spans, stem
from fieldjournal.search.snippets import SNIPPET_CHARS, make_snippet

FILLER = "the minutes were read and the room went quiet for a while. " * 12


def marks(*words: str) -> set[str]:
    return {stem(w) for w in words}


def test_the_passage_with_every_query_word_wins_over_the_first_match() -> None:
    text = (
        "The board met early. "
        + FILLER
        + "Later the voluntary sector reps asked the board about funding. "
        + FILLER
    )
    plain, html = make_snippet(text, marks("voluntary", "sector", "board"))
    assert f"{MATCH_START}voluntary{MATCH_END} {MATCH_START}sector{MATCH_END}" in plain
    assert "The board met early" not in plain
    assert '<b class="match">sector</b>' in html


def test_more_matches_break_a_tie_and_then_the_earlier_passage() -> None:
    text = "trust once. " + FILLER + "trust and trust and trust again. " + FILLER
    plain, _ = make_snippet(text, marks("trust"))
    assert plain.count(MATCH_START) == 3
    early, _ = make_snippet("trust first. " + FILLER + "trust last.", marks("trust"))
    assert early.startswith(f"{MATCH_START}trust{MATCH_END} first")


def test_no_match_gives_the_opening_of_the_text() -> None:
    plain, _ = make_snippet(FILLER, marks("carers"))
    assert plain.startswith("the minutes were read")
    assert MATCH_START not in plain


def test_a_word_longer_than_the_window_is_cut_to_size() -> None:
    long_word = "x" * 400
    plain, _ = make_snippet(f"{long_word} then trust", marks(long_word, "trust"))
    assert plain.startswith("xxx")
    assert len(plain) <= SNIPPET_CHARS + 2


@given(st.lists(st.sampled_from(["trust", "board", "sector", "the", "Siobhán", "\n", "é"])))
def test_snippets_stay_short_and_balanced(words: list[str]) -> None:
    plain, html = make_snippet(" ".join(words * 5), marks("trust", "siobhan"))
    assert len(plain.replace(MATCH_START, "").replace(MATCH_END, "")) <= SNIPPET_CHARS + 2
    assert plain.count(MATCH_START) == plain.count(MATCH_END)
    assert html.count("<b ") == html.count("</b>")


WORDS = ["trust", "Trusted", "trusting", "board", "Siobhán", "siobhan", "é", "x1", "_", "sector"]


@given(
    st.lists(st.sampled_from([*WORDS, " ", "\n", "\t ", ", ", "-", "’"])),
    st.sets(st.sampled_from(WORDS)),
)
def test_marked_spans_are_the_words_whose_terms_are_marked(
    parts: list[str], words: set[str]
) -> None:
    text = "".join(parts)
    wanted = marks(*words)
    one_by_one = [
        (m.start(), m.end(), stem(m.group()))
        for m in WORD.finditer(text)
        if stem(m.group()) in wanted
    ]
    assert marked_spans(text, wanted) == one_by_one


@given(st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000ab"), max_size=40))
def test_snippet_whitespace_becomes_single_spaces(text: str) -> None:
    plain, _ = make_snippet(text, set())
    assert plain == re.sub(r"\s+", " ", text).strip()
