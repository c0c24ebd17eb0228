"""Coded segments through the facade, and segments following their words on update."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldjournal import Journal
from fieldjournal.domain.errors import InvalidInput, NotFound

BODY = "Maya said the CVS is a delivery arm. Tom disagreed."


def test_apply_creates_the_code_and_reports_the_text(journal: Journal) -> None:
    entry = journal.add_entry(body=BODY)
    start = BODY.index("delivery arm")
    segment = journal.code_segment(entry.id[:8], "Roles/Delivery arm", start, start + 12, memo="!")
    assert (segment.entry_id, segment.code_path, segment.text, segment.memo) == (
        entry.id,
        "Roles/Delivery arm",
        "delivery arm",
        "!",
    )
    assert journal.get_segment(segment.id) == segment
    assert journal.get_entry(entry.id).segments == (segment,)
    assert journal.get_code("Roles/Delivery arm").segment_count == 1
    # The same span with the same code is one segment, not two.
    assert journal.code_segment(entry.id, "Roles/Delivery arm", start, start + 12).id == segment.id
    assert [s.id for s in journal.list_segments("Roles")] == [segment.id]


def test_out_of_range_spans_are_refused(journal: Journal) -> None:
    entry = journal.add_entry(body="short")
    for start, end in ((0, 0), (3, 2), (-1, 2), (0, 6)):
        with pytest.raises(InvalidInput, match="outside the text"):
            journal.code_segment(entry.id, "Code", start, end)
    assert journal.list_codes() == []


def test_offsets_are_code_points(journal: Journal) -> None:
    body = "Ní dúirt sí 😀 «שלום» e\u0301 fin"
    entry = journal.add_entry(body=body)
    start = body.index("שלום")
    assert journal.code_segment(entry.id, "Greeting", start, start + 4).text == "שלום"
    emoji = body.index("😀")
    assert journal.code_segment(entry.id, "Emoji", emoji, emoji + 1).text == "😀"


def test_remove(journal: Journal) -> None:
    entry = journal.add_entry(body=BODY)
    segment = journal.code_segment(entry.id, "Code", 0, 4)
    assert journal.remove_segment(segment.id[:8]).id == segment.id
    assert journal.get_entry(entry.id).segments == ()
    with pytest.raises(NotFound):
        journal.remove_segment(segment.id)


def test_list_segments_skips_the_trash(journal: Journal) -> None:
    kept = journal.add_entry(body=BODY, occurred_at="2016-01-01")
    gone = journal.add_entry(body=BODY, occurred_at="2016-01-02")
    first = journal.code_segment(kept.id, "A/B", 0, 4)
    journal.code_segment(gone.id, "A", 0, 4)
    journal.delete_entry(gone.id)
    assert [s.id for s in journal.list_segments("A")] == [first.id]
    assert len(journal.list_segments()) == 1


def test_update_moves_segments_and_reports_dropped_ones(journal: Journal) -> None:
    body = BODY.replace("disagreed.", "disagreed!")
    entry = journal.add_entry(body=body)
    arm = journal.code_segment(entry.id, "Arm", body.index("delivery"), body.index("."))
    tom = journal.code_segment(entry.id, "Tom", body.index("Tom"), len(body))
    new_body = "Late start. " + body.replace(" Tom disagreed!", "")
    outcome = journal.entries.update(entry.id, body=new_body)
    updated = outcome.value
    assert [(s.id, s.text) for s in updated.segments] == [(arm.id, "delivery arm")]
    dropped = outcome.changes.dropped_segments
    assert [(s.id, s.text, s.code_path) for s in dropped] == [(tom.id, "Tom disagreed!", "Tom")]
    assert outcome.changes.segments
    with pytest.raises(NotFound):
        journal.get_segment(tom.id)


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[float, float, str]]:
    """Random edits as fractions of the body, so they apply to any length."""
    fraction = st.floats(0, 1)
    typed = st.text(alphabet="abc XYZé😀\n", max_size=12)
    return draw(st.lists(st.tuples(fraction, fraction, typed), min_size=1, max_size=6))


@given(body=st.text(alphabet="abc de\n", min_size=20, max_size=80), steps=edits())
def test_segments_untouched_by_an_edit_keep_their_words(
    journal: Journal, body: str, steps: list[tuple[float, float, str]]
) -> None:
    entry = journal.add_entry(body=body)
    spans = [(0, 5), (7, 12), (len(body) - 6, len(body))]
    expected = {journal.code_segment(entry.id, "C", s, e).id: body[s:e] for s, e in spans}
    current = body
    for x, y, typed in steps:
        a, b = sorted((round(x * len(current)), round(y * len(current))))
        before = {s.id: (s.start, s.end) for s in journal.get_entry(entry.id).segments}
        current = current[:a] + typed + current[b:]
        outcome = journal.entries.update(entry.id, body=current)
        updated = outcome.value
        dropped = {s.id for s in outcome.changes.dropped_segments}
        after = {s.id: s.text for s in updated.segments}
        assert dropped.isdisjoint(after) and set(before) == dropped | set(after)
        for segment_id, (s, e) in before.items():
            touched = a < e and b > s if a < b else s < a < e
            if not touched and segment_id in expected:
                assert after[segment_id] == expected[segment_id]
            elif segment_id in expected:
                del expected[segment_id]  # touched: its words may rightly change
    for segment in journal.get_entry(entry.id).segments:
        assert segment.text == current[segment.start : segment.end] != ""
    journal.purge_entry(journal.delete_entry(entry.id).id)


def test_placed_segments_go_where_the_caller_says_and_come_back_as_they_were(
    journal: Journal,
) -> None:
    """An undo of typing knows where each segment it touched was: no comparison guesses."""
    entry = journal.add_entry(body="the the cat")
    first = journal.code_segment(entry.id, "Word", 0, 3, memo="the first one")
    cat = journal.code_segment(entry.id, "Animal", 8, 11)
    outcome = journal.entries.update(entry.id, body="the cat", placed={first.id: None})
    assert [(s.code_path, s.start, s.text) for s in outcome.value.segments] == [
        ("Animal", 4, "cat")
    ]
    assert outcome.changes.dropped_segments == (first,)
    # A comparison alone would have kept "Word" on the "the" left over.
    back = journal.entries.update(entry.id, body="the the cat", placed={first.id: first})
    assert back.value.segments == (first, cat)
    assert journal.get_segment(first.id).memo == "the first one"


def test_a_place_on_other_words_is_refused(journal: Journal) -> None:
    entry = journal.add_entry(body="Maya said no.")
    segment = journal.code_segment(entry.id, "Voice", 0, 4)
    moved = replace(segment, start=5, end=9)  # "said", but the segment's words are "Maya"
    with pytest.raises(InvalidInput, match="not its words"):
        journal.entries.update(entry.id, body="Maya said no!", placed={segment.id: moved})
    assert journal.get_entry(entry.id).body == "Maya said no."
    other = journal.add_entry(body="Maya said no.")
    with pytest.raises(InvalidInput, match="another entry"):
        journal.entries.update(other.id, body="Maya said.", placed={segment.id: segment})
    gone = replace(segment, code_path="Nowhere")
    journal.remove_segment(segment.id)
    with pytest.raises(NotFound, match="Nowhere"):
        journal.entries.update(entry.id, body="Maya said.", placed={segment.id: gone})
