"""The pseudonymiser: whole words, case and accents ignored, longest first, possessives kept."""

from __future__ import annotations

import pytest

from fieldjournal.domain.pseudonyms import (
    NameRule,
    PseudonymClash,
    generated_pseudonym,
)
from fieldjournal.exchange.names.replacer import Pseudonymiser

RULES = [
    NameRule("Margaret Hale", ("Margaret Hale", "Maggie", "Margaret"), "Anne"),
    NameRule("Zoë Okafor", ("Zoë Okafor", "Zoë"), "Ruth"),
    NameRule("Millbrook CVS", ("Millbrook CVS",), "Riverside CVS"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Margaret Hale spoke.", "Anne spoke."),
        ("MARGARET hale and margaret", "Anne and Anne"),
        ("Maggie's point; Margaret’s too", "Anne's point; Anne’s too"),
        ("Zoe, ZOË and Zoe\u0308 came", "Ruth, RUTH and Ruth came"),
        ("Margaretta stays", "Margaretta stays"),
        ("Maggies plan", "Annes plan"),  # a possessive without its apostrophe
        ("the Millbrook  CVS\nlead", "the Riverside CVS\nlead"),
        ("Margaret\u00a0Hale", "Anne"),
        ("no names here", "no names here"),
    ],
)
def test_names_are_replaced_as_whole_words(text: str, expected: str) -> None:
    assert Pseudonymiser(RULES).apply(text) == expected


def test_typographic_apostrophes_and_hyphens_match_plain_ones() -> None:
    rules = [NameRule("Siân O'Brien-Hale", ("Siân O'Brien-Hale",), "Beth")]
    assert Pseudonymiser(rules).apply("SIAN O’BRIEN‐HALE’s turn") == "BETH’s turn"


def test_longest_name_wins_over_its_first_word() -> None:
    # "Margaret Hale" -> "Anne", never "Anne Hale"
    assert Pseudonymiser(RULES).apply("Margaret Hale, Margaret") == "Anne, Anne"


def test_hits_say_whose_name_and_where() -> None:
    hits = Pseudonymiser(RULES).find("Ask zoë.")
    assert [(h.actor, h.found, h.start, h.end) for h in hits] == [("Zoë Okafor", "zoë", 4, 7)]


def test_a_pseudonym_that_names_someone_is_refused() -> None:
    rules = [*RULES, NameRule("Ruth Bell", ("Ruth Bell",), "Maggie Smith")]
    with pytest.raises(PseudonymClash, match="contains the real name 'Maggie' of Margaret Hale"):
        Pseudonymiser(rules)


def test_an_actor_named_openly_on_purpose_is_left_alone() -> None:
    rules = [*RULES, NameRule("NHS Kernow", ("NHS Kernow", "the CCG"), "nhs kernow")]
    names = Pseudonymiser(rules)
    assert names.apply("NHS Kernow and the CCG; Maggie") == "NHS Kernow and the CCG; Anne"
    assert names.find("NHS Kernow") == []


def test_generated_names_used_are_reported() -> None:
    rules = [NameRule("Idris", ("Idris",), generated_pseudonym(7), generated=True), *RULES]
    names = Pseudonymiser(rules)
    assert names.apply("Idris came") == "[Participant 7] came"
    assert [r.actor for r in names.generated_used()] == ["Idris"]
