"""The pseudonymiser: whole words, case and accents ignored, longest first, possessives kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fieldjournal.domain.pseudonyms import (
    NameRule,
    PseudonymClash,
    Pseudonymiser,
    generated_pseudonym,
)
from tests.chapter_field import fold as _fold
from tests.chapter_field import independent_leaks

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
        ("Zoe, ZOË and Zoe\u0308 came", "Ruth, Ruth and Ruth came"),
        ("Margaretta and Maggies stay", "Margaretta and Maggies stay"),
        ("the Millbrook  CVS\nlead", "the Riverside CVS\nlead"),
        ("Margaret\u00a0Hale", "Anne"),
        ("no names here", "no names here"),
    ],
)
def test_names_are_replaced_as_whole_words(text: str, expected: str) -> None:
    assert Pseudonymiser(RULES).apply(text) == expected


def test_typographic_apostrophes_and_hyphens_match_plain_ones() -> None:
    rules = [NameRule("Siân O'Brien-Hale", ("Siân O'Brien-Hale",), "Beth")]
    assert Pseudonymiser(rules).apply("SIAN O’BRIEN‐HALE’s turn") == "Beth’s turn"


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


# --- properties ------------------------------------------------------------------------

_LETTERS = "abdegiklmnoprstuzéëñøAEKMZÉ"
_name = st.text(alphabet=_LETTERS, min_size=3, max_size=8).filter(lambda s: s.strip() == s)
_full_name = st.lists(_name, min_size=1, max_size=2).map(" ".join)


@st.composite
def actors_and_text(draw: st.DrawFn) -> tuple[list[NameRule], str]:
    names = draw(st.lists(_full_name, min_size=1, max_size=4, unique_by=_fold))
    rules = []
    for number, name in enumerate(names, start=1):
        aliases = draw(st.lists(_name, max_size=2))
        rules.append(NameRule(name, (name, *aliases), f"P{number}x"))
    all_names = [n for r in rules for n in r.names]
    assume(len({_fold(n) for n in all_names}) == len(all_names))
    filler = st.sampled_from([" ", ", ", "'s ", ".\n", " the ", "’s", "-", " 42 "])
    pieces = draw(st.lists(st.one_of(st.sampled_from(all_names), filler, _name), max_size=12))
    cases: list[Callable[[str], str]] = [str, str.upper, str.lower]
    case = draw(st.sampled_from(cases))
    return rules, case("".join(pieces))


@settings(max_examples=100, deadline=None)
@given(actors_and_text())
def test_no_real_name_survives(case: tuple[list[NameRule], str]) -> None:
    rules, text = case
    result = Pseudonymiser(rules).apply(text)
    assert independent_leaks(result, [n for r in rules for n in r.names]) == []


@settings(max_examples=100, deadline=None)
@given(actors_and_text())
def test_only_names_change(case: tuple[list[NameRule], str]) -> None:
    """Removing names from the input and pseudonyms from the output leaves equal text."""
    rules, text = case
    names = Pseudonymiser(rules)
    result = names.apply(text)
    hits = names.find(text)
    rebuilt, last = [], 0
    for hit in hits:
        rule = next(r for r in rules if r.actor == hit.actor)
        rebuilt += [text[last : hit.start], rule.pseudonym]
        last = hit.end
    rebuilt.append(text[last:])
    assert result == "".join(rebuilt)
    assert all(_fold(h.found).split() in [_fold(n).split() for n in _names(rules)] for h in hits)


def _names(rules: list[NameRule]) -> list[str]:
    return [n for r in rules for n in r.names]
