"""Finding a quote's words in a note, whatever whitespace stands between them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldjournal.domain.chapters import find_quote


def test_quotes_are_found_across_line_breaks_but_not_paraphrased() -> None:
    body = "She said we are\nthe delivery arm today."
    assert find_quote(body, "we are the delivery arm") == (9, 32)
    assert find_quote(body, "we are a delivery arm") is None


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab \n\t\u00a0\u2028.", max_size=40),
    st.text(alphabet="ab \n.", max_size=8),
)
def test_a_quote_is_found_where_the_words_first_stand_whatever_the_whitespace(
    body: str, words: str
) -> None:
    """The same first place as the pattern "word\\s+word..." (what it replaced) finds."""
    parts = words.split()
    pattern = r"\s+".join(re.escape(part) for part in parts)
    match = re.search(pattern, body) if parts else None
    assert find_quote(body, words) == (None if match is None else match.span())
