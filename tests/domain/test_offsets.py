"""Coded segments keep their words while a body is edited (domain/offsets.py).

An edit is known to the domain only as the text before and after it. Where that is
ambiguous (deleting one "the " of two), any reading is correct as long as a segment the
edit did not touch keeps exactly its words; the properties below check that, and check
exact spans where the edit is unambiguous (text typed from letters the body does not use).
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.offsets import OffsetMap, check_span, follow_position, rebase_spans

BODY = st.text(alphabet="ab ñ\n", min_size=1, max_size=60)
TYPED_SAME = st.text(alphabet="ab ñ\n", min_size=1, max_size=8)
TYPED_NEW = st.text(alphabet="XYZ😀", min_size=1, max_size=8)


@st.composite
def body_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    body = draw(BODY)
    start = draw(st.integers(0, len(body) - 1))
    end = draw(st.integers(start + 1, len(body)))
    return body, start, end


def edited(body: str, start: int, end: int, typed: str) -> str:
    return body[:start] + typed + body[end:]


def one(old: str, new: str, start: int, end: int) -> tuple[int, int] | None:
    return rebase_spans(old, new, [(start, end)])[0]


# --- targeted cases ------------------------------------------------------------------
TEXT = "The board met. Maya said the CVS is a delivery arm. Tom disagreed."
QUOTE = (TEXT.index("the CVS"), TEXT.index(". Tom"))


def test_insertion_before_shifts() -> None:
    new = "Late: " + TEXT
    span = one(TEXT, new, *QUOTE)
    assert span == (QUOTE[0] + 6, QUOTE[1] + 6)
    assert new[span[0] : span[1]] == "the CVS is a delivery arm"


def test_insertion_inside_extends() -> None:
    at = TEXT.index("delivery")
    new = TEXT[:at] + "mere " + TEXT[at:]
    span = one(TEXT, new, *QUOTE)
    assert span is not None
    assert new[span[0] : span[1]] == "the CVS is a mere delivery arm"


def test_insertions_at_either_boundary_stay_outside() -> None:
    at_start = TEXT[: QUOTE[0]] + "«" + TEXT[QUOTE[0] :]
    assert one(TEXT, at_start, *QUOTE) == (QUOTE[0] + 1, QUOTE[1] + 1)
    at_end = TEXT[: QUOTE[1]] + "»" + TEXT[QUOTE[1] :]
    assert one(TEXT, at_end, *QUOTE) == QUOTE


def test_deletion_inside_shrinks_and_after_changes_nothing() -> None:
    inside = TEXT.replace("delivery ", "")
    span = one(TEXT, inside, *QUOTE)
    assert span is not None and inside[span[0] : span[1]] == "the CVS is a arm"
    after = TEXT.replace(" Tom disagreed.", "")
    assert one(TEXT, after, *QUOTE) == QUOTE


def test_deleting_every_word_drops_the_segment() -> None:
    new = TEXT.replace("the CVS is a delivery arm", "")
    assert one(TEXT, new, *QUOTE) is None
    replaced = TEXT.replace("the CVS is a delivery arm", "something else")
    assert one(TEXT, replaced, *QUOTE) is None


def test_deleting_a_sentence_that_starts_like_the_coded_one() -> None:
    # The deleted sentence shares its opening with the coded one: the coded sentence
    # keeps every word, not just the words after the shared opening.
    old = "She said we lead. She said we deliver."
    start = old.index("She said we deliver")
    new = old[start:]
    span = one(old, new, start, len(old))
    assert span == (0, len(new))
    typed_twice = "She said we lead. She said we lead. She said we deliver."
    assert one(old, typed_twice, start, len(old)) == (start + 18, len(typed_twice))


def test_a_segment_left_with_only_punctuation_is_dropped() -> None:
    old = "Maya said the CVS is a delivery arm. Tom disagreed."
    new = "Late start. Maya said the CVS is a delivery arm."
    assert one(old, new, old.index("Tom"), len(old)) is None
    assert one("«a» b", "«» b", 0, 3) is None
    assert one("... b", ".. b", 0, 3) == (0, 2)  # it had no words to lose


def test_unchanged_text_keeps_spans_and_drops_empty_ones() -> None:
    assert rebase_spans("abc", "abc", [(0, 2), (1, 1)]) == [(0, 2), None]
    assert OffsetMap("abc", "abd").map_span(2, 2) is None


def test_long_bodies_with_scattered_changes() -> None:
    old = " ".join(f"word{n}" for n in range(3000))
    new = old.replace("word10 ", "").replace("word2999", "word2999 end")
    start = old.index("word1500")
    span = one(old, new, start, start + 8)
    assert span is not None and new[span[0] : span[1]] == "word1500"


def test_check_span() -> None:
    check_span("abc", 0, 3)
    for start, end in ((0, 0), (2, 1), (-1, 2), (0, 4)):
        with pytest.raises(InvalidInput, match="outside the text"):
            check_span("abc", start, end)


# --- properties ----------------------------------------------------------------------
@given(body_and_span(), st.data())
def test_an_edit_that_does_not_touch_a_segment_keeps_its_words(
    case: tuple[str, int, int], data: st.DataObject
) -> None:
    body, start, end = case
    # An edit wholly before or wholly after the segment (touching its boundary at most).
    if data.draw(st.booleans(), "before") and start > 0:
        a = data.draw(st.integers(0, start), "a")
        b = data.draw(st.integers(a, start), "b")
    else:
        a = data.draw(st.integers(end, len(body)), "a")
        b = data.draw(st.integers(a, len(body)), "b")
    typed = data.draw(st.one_of(st.just(""), TYPED_SAME, TYPED_NEW), "typed")
    new = edited(body, a, b, typed)
    span = one(body, new, start, end)
    assert span is not None
    assert new[span[0] : span[1]] == body[start:end]


@given(body_and_span(), TYPED_NEW, st.data())
def test_typing_shifts_extends_or_stays_outside(
    case: tuple[str, int, int], typed: str, data: st.DataObject
) -> None:
    body, start, end = case
    at = data.draw(st.integers(0, len(body)), "at")
    new = edited(body, at, at, typed)
    span = one(body, new, start, end)
    k = len(typed)
    if at <= start:
        assert span == (start + k, end + k)
    elif at >= end:
        assert span == (start, end)
    else:
        assert span == (start, end + k)
        assert new[start : end + k] == body[start:at] + typed + body[at:end]


@given(body_and_span(), st.data())
def test_deleting_all_of_a_segments_words_drops_it(
    case: tuple[str, int, int], data: st.DataObject
) -> None:
    body, start, end = case
    a = data.draw(st.integers(0, start), "a")
    b = data.draw(st.integers(end, len(body)), "b")
    # Unambiguous: the deleted run cannot slide to another place giving the same text.
    assume(a == 0 or b == 0 or body[a - 1] != body[b - 1])
    assume(b == len(body) or body[a] != body[b])
    typed = data.draw(st.one_of(st.just(""), TYPED_NEW), "typed")
    assert one(body, edited(body, a, b, typed), start, end) is None


@given(body_and_span(), st.data())
def test_a_surviving_segment_lies_within_the_new_text(
    case: tuple[str, int, int], data: st.DataObject
) -> None:
    body, start, end = case
    a = data.draw(st.integers(0, len(body)), "a")
    b = data.draw(st.integers(a, len(body)), "b")
    typed = data.draw(st.one_of(st.just(""), TYPED_SAME, TYPED_NEW), "typed")
    new = edited(body, a, b, typed)
    span = one(body, new, start, end)
    if span is not None:
        assert 0 <= span[0] < span[1] <= len(new)


def test_a_cursor_follows_its_words_through_an_edit_made_elsewhere() -> None:
    old = "The chair spoke. I wrote."
    new = "The chair spoke first, at length. I wrote."
    assert follow_position(old, new, 4) == 4  # before the change: unmoved
    assert follow_position(old, new, old.index("wrote")) == new.index("wrote")  # after it
    assert follow_position(old, new, len(old)) == len(new)
    # Inside a replaced part: at its end.
    assert follow_position("a bcd e", "a XY e", 3) == len("a XY")
    assert follow_position("abc", "", 2) == 0
    assert follow_position("", "abc", 0) == 0
