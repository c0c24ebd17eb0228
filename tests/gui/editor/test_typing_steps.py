"""Typing steps without Qt: finding what an edit changed, joining edits into word-sized
steps, and carrying coded segments through a step and back."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from fieldjournal.domain.records import Segment
from fieldjournal.gui.editor.typing_steps import (
    Step,
    TextChange,
    find_change,
    joins,
    places_after,
    places_before,
)

TEXT = st.text(alphabet="ab .\n", max_size=30)


def segment(key: str, text: str, start: int, end: int) -> Segment:
    return Segment(key, "e", "Code", start, end, text[start:end], datetime(2016, 4, 5, tzinfo=UTC))


@given(TEXT, st.data())
def test_the_change_found_makes_the_new_text_whatever_the_editor_reported(
    old: str, data: st.DataObject
) -> None:
    pos = data.draw(st.integers(0, len(old)))
    removed = data.draw(st.integers(0, len(old) - pos))
    new = old[:pos] + data.draw(TEXT) + old[pos + removed :]
    start = data.draw(st.integers(0, len(old) + 2))
    change = find_change(old, new, start, data.draw(st.integers(0, len(old) + 2)))
    if old == new:
        assert change is None
    else:
        assert change is not None and change.apply(old) == new
        assert change.removed != change.added


def test_an_insertion_stays_where_it_was_typed() -> None:
    assert find_change("aa", "aaa", 0, 0) == TextChange(0, "", "a")
    assert find_change("aa", "aaa", 2, 2) == TextChange(2, "", "a")
    # a highlighter's report of a whole paragraph is trimmed to the edit
    assert find_change("one two", "one too", 0, 7) == TextChange(5, "w", "o")


def typed(text: str, at: int = 0) -> list[TextChange]:
    return [TextChange(at + n, "", ch) for n, ch in enumerate(text)]


def steps_of(changes: list[TextChange]) -> list[str]:
    """What each step adds, when the edits are joined as the history joins them."""
    steps: list[list[TextChange]] = []
    for change in changes:
        if steps:
            word = any(c.added.strip() for c in steps[-1])
            if joins(steps[-1][-1], change, after_word=word):
                steps[-1].append(change)
                continue
        steps.append([change])
    return ["".join(c.added or f"-{c.removed}" for c in step) for step in steps]


def test_typing_is_undone_a_word_at_a_time() -> None:
    assert steps_of(typed("Orla said  the\narm")) == ["Orla ", "said  ", "the\n", "arm"]
    assert steps_of(typed(" met", at=5)) == [" met"]
    backspaces = [TextChange(pos, "x", "") for pos in (4, 3, 2)]
    assert steps_of(backspaces) == ["-x-x-x"]
    assert steps_of([TextChange(0, "sel", "n"), *typed("ew", at=1)]) == ["new"]
    assert steps_of([TextChange(0, "", "pasted"), *typed("x", at=6)]) == ["pasted", "x"]
    assert steps_of([*typed("ab"), TextChange(1, "b", "")]) == ["ab", "-b"]


@given(st.data())
def test_a_step_gives_back_the_places_it_took(data: st.DataObject) -> None:
    """Through any edits and back, each touched segment is where it was, on its words."""
    text = "the delivery arm of the programme"
    spans = data.draw(st.lists(st.tuples(st.integers(0, 32), st.integers(1, 8)), max_size=4))
    places = {
        f"s{n}": segment(f"s{n}", text, start, min(start + size, len(text)))
        for n, (start, size) in enumerate(spans)
    }
    original, steps = dict(places), []
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, len(text) - pos))
        change = TextChange(pos, text[pos : pos + cut], data.draw(st.text("xy ", max_size=4)))
        text = change.apply(text)
        step = Step.of(change, places, text)
        places = step.places_after(places)
        steps.append(step)
    before = places_before(steps)
    assert before == {key: original[key] for key in before}
    after = places_after(steps)
    assert {key: seg for key, seg in after.items() if seg is not None} == {
        key: places[key] for key in after if key in places
    }
    for seg in places.values():
        assert text[seg.start : seg.end] == seg.text
