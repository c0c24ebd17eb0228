"""The leak check's quick look (``may_hold``) never hides a name the full reading finds.

The quick look decides, in C, that a text cannot hold a name; it must only ever skip texts
where reading every word finds nothing. Checked against a check that reads every text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldjournal.domain.pseudonyms import NameRule
from fieldjournal.exchange.names.leak_check import Leak, LeakCheck

RULES = [
    NameRule("Ewan Mcdonald", ("Ewan Mcdonald",), "Tom Price", person=True),
    NameRule("Zoë Brennan", ("Zoë Brennan",), "Ruth Lake", person=True),
    NameRule("Siobhan O'Neill", ("Siobhan O'Neill",), "Jane Hale", person=True),
    NameRule("Hope Saunders", ("Hope Saunders",), "Kay Dunn", person=True),
    NameRule("Sam Okoro", ("Sam Okoro",), "Ben Hale", person=True),
]


class _EveryText(LeakCheck):
    """The same check without the quick look: every text read word by word."""

    def _may_name(self, text: str) -> bool:
        return True


CHECK, ORACLE = LeakCheck(RULES), _EveryText(RULES)
_PIECES = st.sampled_from(
    [
        "Ewan", "McDonald", "Mcdonald", "MCDONALD", "mcdonald", "EwanMcDonald", "Mc",
        "Donald", "Zoë", "Zoe", "ZOË", "Zoe\u0308", "Bren\u00adnan", "Brennan", "O", "Neill",
        "O’Neill", "ONeill", "Hope", "Saunders", "hope", "the", "board", "met", "2016",
        "3pm", "x", "É", "İ", "café", "Okoros", "NHSONeill", "OKOROSAM", "Okoro", "NHS",
    ]
)  # fmt: skip
_GLUE = st.sampled_from([" ", "", "-", "’", "'", ". ", ", ", "\n", "“", "”", " – ", "\u00a0"])


@st.composite
def notes(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_PIECES, _GLUE), max_size=12))
    return "".join(piece + glue for piece, glue in parts)


def _found(leaks: list[Leak]) -> list[tuple[str, str, int]]:
    return [(leak.actor, leak.found, leak.start) for leak in leaks]


@settings(max_examples=400, deadline=None)
@given(notes())
def test_the_quick_look_skips_only_texts_without_names(text: str) -> None:
    assert _found(CHECK.check_text(text)) == _found(ORACLE.check_text(text))


@settings(max_examples=150, deadline=None)
@given(st.lists(notes(), max_size=6))
def test_values_are_checked_as_the_oracle_checks_each(values: list[str]) -> None:
    expected = [
        found
        for value in values
        for found in _found(ORACLE.check_text(value, opens_sentence=False))
    ]
    assert _found(CHECK.check_values(values)) == expected


def test_a_name_written_in_camel_case_that_its_owner_does_not_use_is_found() -> None:
    """ "Mcdonald" in the journal, "McDonald" in a note: the quick look once skipped it."""
    (leak,) = CHECK.check_text("We met McDonald at the hub.")
    assert leak.actor == "Ewan Mcdonald" and leak.found == "McDonald"


def test_names_among_typographic_punctuation_and_accents_are_found() -> None:
    found = CHECK.check_text("“Ask Zoë,” she said – and O’Neill nodded…")
    assert [leak.actor for leak in found] == ["Zoë Brennan", "Siobhan O'Neill"]


def test_a_value_does_not_open_a_sentence() -> None:
    """A document's value stands after its neighbour: "Hope" there is a name."""
    assert CHECK.check_text("Hope") == []  # a sentence's first word may be the ordinary word
    assert _found(CHECK.check_values(["Hope"])) == [("Hope Saunders", "Hope", 0)]


def test_text_without_an_opening_is_skipped_with_letters_beyond_ascii() -> None:
    assert not CHECK.may_hold("“the board’s view” – déjà vu, naïve café…")
    assert CHECK.may_hold("write to brennan.z@example.org")  # an address: read it
