"""The writer's pieces that take shortcuts, checked against the plain way."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fieldjournal.exchange.refi.writer import passage_name

_TEXT = st.text(alphabet=st.sampled_from("ab \n\t\u00a0é"), max_size=700)


@given(_TEXT, st.integers(0, 700), st.integers(0, 700))
def test_a_selection_is_named_by_its_first_words_spaces_collapsed(
    text: str, start: int, end: int
) -> None:
    start, end = sorted((min(start, len(text)), min(end, len(text))))
    assert passage_name(text, start, end) == " ".join(text[start:end].split())[:60]
