"""Properties of pseudonymisation on generated names written in generated forms.

Names are drawn from Latin, accented, Turkish, German and Nordic letters and from any
Unicode letters; each is written into a note in one of the forms people use (capitals,
no accents, transliterated, invisible characters, joined, split, in an address, ...)
among ordinary words. After replacement no form of any real name survives (by a simple
substring oracle, and by the leak check), and the ordinary words are exactly as written.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

import pytest
from anyascii import anyascii
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fieldjournal.domain.pseudonyms import NameRule, is_common_word
from fieldjournal.exchange.names.folding import _Ascii, fold, fold_by_character
from fieldjournal.exchange.names.leak_check import LeakCheck
from fieldjournal.exchange.names.replacer import Pseudonymiser

_VOCABULARY_TEXT = (
    "the board met on a wet morning and agreed that funding would follow "
    "volunteers kept the lunch club going while minutes were late again"
)
VOCABULARY = _VOCABULARY_TEXT.split()
_LATIN = "abcdefghijklmnoprstuvwyz"
_EXTRA = "áéíóúüöäßçşğıøåæñëïâ"
_letter = st.one_of(
    st.sampled_from(_LATIN + _EXTRA),
    st.characters(categories=["Ll"], min_codepoint=0x100, max_codepoint=0x24F),
    st.characters(categories=["Ll"], min_codepoint=0x3B1, max_codepoint=0x3C9),
    st.characters(categories=["Ll"], min_codepoint=0x430, max_codepoint=0x44F),
)


def _plain(text: str) -> str:
    """The oracle's folding: ASCII spelling, case-folded, letters only, pairs folded."""
    spelt = anyascii(unicodedata.normalize("NFKC", text)).casefold()
    letters = "".join(c for c in spelt if c.isalnum())
    for pair, single in (("ue", "u"), ("oe", "o"), ("ae", "a"), ("aa", "a"), ("ss", "s")):
        letters = letters.replace(pair, single)
    return letters


_word = (
    st.lists(_letter, min_size=5, max_size=9)
    .map(lambda cs: "".join(cs).capitalize())
    .filter(lambda w: w[0].isupper() and w.upper().isalpha() and len(w.upper()) == len(w))
    .filter(lambda w: all(anyascii(c).isalnum() for c in w))
)

# Surnames with a capital inside: McDonald, MacLeod, DeShawn, LaToya, ONeill.
_prefix = st.sampled_from(["", "", "Mc", "Mac", "De", "La", "O"])


@st.composite
def people(draw: st.DrawFn) -> list[NameRule]:
    count = draw(st.integers(1, 3))
    rules = []
    for number in range(count):
        first, last = draw(_word), draw(_prefix) + draw(_word)
        rules.append(
            NameRule(
                f"{first} {last}",
                (f"{first} {last}",),
                f"Pz{'kqxv'[number]}q Vy{'kqxv'[number]}x",
                person=True,
            )
        )
    words = [w for r in rules for w in r.actor.split()]
    spelt = [_plain(w) for w in words]
    vocabulary = _VOCABULARY_TEXT + " pzkqvykx pzqqvyqx pzxqvyxx pzvqvyvx"
    assume(len(set(spelt)) == len(spelt))
    assume(all(len(s) >= 4 and s not in _plain(vocabulary) for s in spelt))
    assume(not any(a != b and a in b for a in spelt for b in spelt))
    assume(not any(is_common_word(w) for w in words))
    return rules


def _soft_hyphens(word: str) -> str:
    return word[:2] + "\u00ad" + word[2:]


FORMS: list[Callable[[str, str], str]] = [
    lambda first, last: f"{first} {last}",
    lambda first, last: f"{first.upper()} {last.upper()}",
    lambda first, last: f"{first.lower()} {last.lower()}",
    lambda first, last: anyascii(f"{first} {last}"),
    lambda first, last: f"{_soft_hyphens(first)} {last[:3]}\u200b{last[3:]}",
    lambda first, last: f"{first}{last}",
    lambda first, last: f"{first}-{last}",
    lambda first, last: f"{first.lower()}.{last.lower()}@example.org",
    lambda first, last: f"https://example.org/staff/{first.lower()}-{last.lower()}",
    lambda first, last: f"#{last}Out",
    # after capitals, also where a second capital blurs where the name starts ("NHSONeill")
    lambda first, last: f"NHS{last}",
    lambda first, last: f"{first[0].upper()}{last}",  # an initial glued on ("ABaa")
    lambda first, last: f"{first}{last}NHS",
    lambda first, last: f"@{first.lower()[0]}{last.lower()}",
    lambda first, last: f"{first}'s",
    lambda first, last: f"{last.upper()}’S",
    # plurals and possessives without the apostrophe ("the Okoros", "Maggies plan")
    lambda first, last: f"{last}s",
    lambda first, last: f"{first}s",
    lambda first, last: f"{last.upper()}S",
    # glued in capitals, in either order ("SAMOKORO", "MCDONALDFIONA")
    lambda first, last: f"{first.upper()}{last.upper()}",
    lambda first, last: f"{last.upper()}{first.upper()}",
    lambda first, last: first,
    lambda first, last: last.lower(),
]


@st.composite
def notes(draw: st.DrawFn) -> tuple[list[NameRule], str, list[str]]:
    rules = draw(people())
    pieces: list[str] = []
    ordinary: list[str] = []
    for _ in range(draw(st.integers(1, 10))):
        if draw(st.booleans()):
            word = draw(st.sampled_from(VOCABULARY))
            pieces.append(word)
            ordinary.append(word)
        else:
            first, last = draw(st.sampled_from(rules)).actor.split()
            pieces.append(draw(st.sampled_from(FORMS))(first, last))
    separators = draw(st.lists(st.sampled_from([" ", ", ", "; ", " (", ") ", "\n"]), min_size=9))
    text = pieces[0]
    for piece, separator in zip(pieces[1:], separators, strict=False):
        text += separator + piece
    return rules, text, ordinary


def _survivors(text: str, rules: list[NameRule]) -> list[str]:
    folded = _plain(text)
    return [w for r in rules for w in r.actor.split() if _plain(w) in folded]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(notes())
def test_no_form_of_a_real_name_survives(case: tuple[list[NameRule], str, list[str]]) -> None:
    rules, text, _ = case
    result = Pseudonymiser(rules).apply(text)
    assert _survivors(result, rules) == [], (text, result)
    assert LeakCheck(rules).check_text(result) == [], (text, result)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(notes())
def test_ordinary_words_stay_as_written(case: tuple[list[NameRule], str, list[str]]) -> None:
    rules, text, ordinary = case
    result = Pseudonymiser(rules).apply(text)
    kept = [w for w in result.replace("(", " ").replace(")", " ").split() if w.strip(",;")]
    assert [w.strip(",;") for w in kept if w.strip(",;") in VOCABULARY] == ordinary


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(notes(), st.integers(0, 2))
def test_the_check_finds_a_name_the_replacer_skipped(
    case: tuple[list[NameRule], str, list[str]], skipped: int
) -> None:
    """A replacer made to miss one actor leaves a leak; the independent check finds it."""
    rules, text, _ = case
    missed = rules[skipped % len(rules)]
    result = Pseudonymiser([r for r in rules if r is not missed]).apply(text)
    if _survivors(result, [missed]):
        assert LeakCheck(rules).check_text(result), (text, result)


@pytest.mark.parametrize(
    "alphabet",
    [
        "aeuosAEUOSbcX1 2-'._,\n",
        # Typographic quotes, dashes, spaces and an ellipsis: folded as ASCII stand-ins.
        "aeuosAEUOSbX1 -'’‘“”–—…\u00a0\u2028«,\n",
    ],
)
def test_the_ascii_fold_equals_the_fold_a_character_at_a_time(alphabet: str) -> None:
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        for across in (False, True):
            fast, slow = fold(text, pairs_across_joins=across), fold_by_character(text, across)
            assert isinstance(fast, _Ascii), text
            assert fast.skeleton == slow.skeleton, text
            size = len(slow.skeleton)
            assert [fast.bound(i) for i in range(size + 1)] == [
                slow.bound(i) for i in range(size + 1)
            ], text
            assert [fast.span(i, i + 1) for i in range(size)] == [
                slow.span(i, i + 1) for i in range(size)
            ], text
