"""The leak check's cleaning: its one-scan shortcut gives what the full cleaning gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldjournal.exchange.names import tokens

# Typed punctuation, hidden characters, loose and composable marks, a character NFC
# changes on its own (the Angstrom sign), letters beyond ASCII and plain ones.
_ALPHABET = "ab O’‘“”–—\u00ad\u200b\ufeff\u0301\u0308\u1ab0\u20d0\u212b\u00e9e\u0301n\u0303"
# Arabic and Hebrew vowel points, Devanagari and Thai vowel signs, a virama, a tone mark.
_ALPHABET += "\u0639\u064e\u0644\u0650\u05e9\u05b8\u0930\u093e\u094d\u0e23\u0e34\u0e48"


def _full(text: str) -> str:
    """The cleaning without the shortcut: hidden characters out, NFC, loose marks out."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", tokens._HIDDEN.sub("", text))
    return "".join(c for c in text if not unicodedata.combining(c))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_clean_is_the_full_cleaning(text: str) -> None:
    assert tokens.clean(text) == _full(text)


def test_clean_keeps_typed_quotes_and_still_cleans() -> None:
    assert tokens.clean("O’Neill said “yes” – twice") == "O’Neill said “yes” – twice"
    assert tokens.clean("Hol\u00adloway") == "Holloway"
    assert tokens.clean("Ame\u0301lie") == "Amélie"
    assert tokens.clean("\u212bsa") == "\u00c5sa"
    assert tokens.clean("Zo\u20d0e") == "Zoe"
    assert tokens.clean("عَلِي") == "علي"  # Arabic vowel points are written at will
    assert tokens.clean("राम शर्मा") == "राम शरमा"  # vowel signs stay; the virama goes
    assert tokens.clean("ริ่ม") == "ริม"  # the Thai vowel stays, the tone mark goes
