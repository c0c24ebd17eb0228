"""Letters with no capital (ȴ, ĸ) and ligatures that fold to two letters (Ĳ), in capitals.

Written in capitals, a name keeps its caseless letters in lower case ("DAAAȴ" for Daaaȴ),
which read as a change of case would start a new word before the last capital and stop
a transliteration pair from folding across it: the name was cut at the wrong place and
left in the text. All names are fictional.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fieldjournal.domain.pseudonyms import NameRule, is_common_word
from fieldjournal.exchange.names.folding import JOIN, NONE, fold
from fieldjournal.exchange.names.leak_check import LeakCheck
from fieldjournal.exchange.names.replacer import Pseudonymiser
from tests.exchange.names.test_name_properties import FORMS, _plain


def _rule(name: str) -> NameRule:
    return NameRule(name, (name,), "Pzkq Vykx", person=True)


def test_a_caseless_letter_among_capitals_starts_no_word() -> None:
    folded = fold("DAAAȴ")
    assert [folded.bound(i) for i in range(1, len(folded.skeleton))] == [NONE] * 2
    glued = fold("DaaaȴHolloway")
    assert glued.bound(glued.skeleton.index("h")) == JOIN  # among lower case: a join still


def test_names_with_caseless_letters_in_capitals_are_replaced() -> None:
    rules = [_rule("Baaaa Daaaȴ"), _rule("Ĳȴaab Qorvent"), _rule("Eoka Baabȴ")]
    replacer = Pseudonymiser(rules)
    expected = {
        "BAAAA DAAAȴ": "PZKQ VYKX",
        "DAAAȴ said": "VYKX said",
        "ĲȴAAB QORVENT": "PZKQ VYKX",
        "the BAABȴS left": "the VYKXS left",  # a plural without its apostrophe
    }
    for text, replaced in expected.items():
        assert replacer.apply(text) == replaced
        assert LeakCheck(rules).check_text(replaced) == []


_word = st.tuples(
    st.sampled_from("BDKĲ"), st.lists(st.sampled_from("aeoukrĳȴĸȶs"), min_size=3, max_size=7)
).map(lambda drawn: drawn[0] + "".join(drawn[1]))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(_word, _word, st.sampled_from(FORMS), st.sampled_from(["", "met ", "NHS "]))
def test_no_form_of_such_a_name_survives(first: str, last: str, form, before: str) -> None:  # type: ignore[no-untyped-def]
    a, b = _plain(first), _plain(last)
    assume(a not in b and b not in a and not is_common_word(first) and not is_common_word(last))
    # A name whose letters after the first all lack a capital reads the same in capitals
    # and in title case: glued after capitals ("NHSBȴȴȴ") nothing tells where it starts.
    assume(all(any(c.upper() != c for c in word[1:]) for word in (first, last)))
    rule = _rule(f"{first} {last}")
    text = before + form(first, last)
    replaced = Pseudonymiser([rule]).apply(text)
    assert not any(_plain(w) in _plain(replaced) for w in (first, last)), (text, replaced)
    assert LeakCheck([rule]).check_text(replaced) == [], (text, replaced)
