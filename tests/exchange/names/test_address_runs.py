"""``address_runs`` finds the runs between spaces that may be addresses, as the pattern it
replaced did (that pattern, tried at every word of every note, cost a tenth of an export)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from fieldjournal.exchange.names.replacer import address_runs

PATTERN = re.compile(r"(?<!\S)\S*(?:[@#/]|www\.)\S*")
# Spaces of every kind, the marks, and the letters and punctuation around them.
PIECES = st.sampled_from(
    [" ", "\n", "\t", "\u00a0", "\u2003", "\u3000", "@", "#", "/", "www.", "ww", "w", ".", "a",
     "Okoro", "é", "(", ")", "\"", "'", "-", "_", "x@y.org", "https://", "#tag", "\u00ad"]
)  # fmt: skip


def spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in PATTERN.finditer(text)]


@given(st.lists(PIECES, max_size=40).map("".join))
def test_the_runs_are_the_patterns_matches(text: str) -> None:
    assert list(address_runs(text)) == spans(text)


def test_examples() -> None:
    text = "Mail sam.okoro@nhs.example or see www.example.org/staff, #HollowayOut and a/b"
    assert [text[s:e] for s, e in address_runs(text)] == [
        "sam.okoro@nhs.example",
        "www.example.org/staff,",
        "#HollowayOut",
        "a/b",
    ]
    assert list(address_runs("no address here")) == []
    assert list(address_runs("@")) == [(0, 1)]
