"""Offsets in code points survive CRLF, BOMs, combining marks and non-BMP characters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldjournal import Journal
from fieldjournal.domain.pseudonyms import NameHit
from fieldjournal.exchange.refi import texts
from fieldjournal.exchange.refi.offsets import replace_with_spans
from tests.exchange.refi.shapes import qualcoder_reading

# Letters, combining marks, emoji and other astral characters, spaces and tabs.
CHARS = st.sampled_from([*"abcxyz ÉéñßΩж\t", "\u0301", "\u0308", "😀", "𝔘", "\U0001f468", "\u200d"])
LINES = st.lists(st.text(CHARS, min_size=0, max_size=12), min_size=1, max_size=6)


@st.composite
def text_and_span(draw: st.DrawFn) -> tuple[list[str], int, int]:
    lines = draw(LINES)
    logical = "\n".join(lines)
    if len(logical) < 1:
        lines = ["a"]
        logical = "a"
    start = draw(st.integers(0, len(logical) - 1))
    end = draw(st.integers(start + 1, len(logical)))
    return lines, start, end


@given(text_and_span(), st.booleans())
def test_crlf_counted_twice_maps_back_onto_the_same_characters(
    case: tuple[list[str], int, int], bom: bool
) -> None:
    lines, start, end = case
    logical = "\n".join(lines)
    raw = "\r\n".join(lines)

    def file_offset(position: int) -> int:
        return position + logical[:position].count("\n")

    data = ("\ufeff" if bom else "").encode() + raw.encode("utf-8")
    decoded = texts.decode(data, crlf_one=False)
    assert decoded.text == logical
    assert decoded.position(file_offset(start)) == start
    assert decoded.position(file_offset(end)) == end


@given(text_and_span())
def test_crlf_counted_once_needs_no_moving(case: tuple[list[str], int, int]) -> None:
    lines, start, end = case
    decoded = texts.decode("\r\n".join(lines).encode("utf-8-sig"), crlf_one=True)
    assert decoded.text == "\n".join(lines)
    assert (decoded.position(start), decoded.position(end)) == (start, end)


@given(text_and_span(), st.data())
def test_spans_keep_their_words_through_name_replacement(
    case: tuple[list[str], int, int], data: st.DataObject
) -> None:
    lines, start, end = case
    text = "\n".join(lines)
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=6))))
    hits = [
        NameHit("x", text[a:b], a, b, data.draw(st.sampled_from(["Anne", "[Participant 1]", ""])))
        for a, b in zip(cuts[::2], cuts[1::2], strict=False)
        if b > a
    ]
    new, (moved,) = replace_with_spans(text, hits, [(start, end)])
    # Outside every hit, the span's characters are the same characters, in order.
    inside = {i for h in hits for i in range(h.start, h.end)}
    outside = "".join(c for i, c in enumerate(text[start:end], start) if i not in inside)
    covered = new[moved[0] : moved[1]]
    for hit in hits:
        if hit.start < end and start < hit.end:
            assert hit.replacement in covered
    assert all(c in covered for c in outside)
    assert len(covered) >= len(outside)


BODY = st.text(CHARS, min_size=1, max_size=60)


@settings(max_examples=15)
@given(st.lists(BODY, min_size=1, max_size=4), st.data())
def test_exported_segments_land_on_the_same_characters_in_a_peer(
    new_journal: Callable[[Path], Journal],
    bodies: list[str],
    data: st.DataObject,
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder, new_journal(Path(folder) / "j") as journal:
        expected = set()
        body = "\n".join(bodies)
        entry = journal.add_entry(kind="fieldnote", title="T", body=body)
        start = data.draw(st.integers(0, len(body) - 1))
        end = data.draw(st.integers(start + 1, len(body)))
        journal.code_segment(entry.id, "Code", start, end)
        expected.add(("T", "Code", body[start:end]))
        path = Path(folder) / "out.qdpx"
        journal.export_qdpx(path, real_names=True)
        assert set(qualcoder_reading(path)) == expected
        with new_journal(Path(folder) / "k") as other:
            other.import_qdpx(path)
            again = other.get_entry(entry.id)
            assert [again.body[s.start : s.end] for s in again.segments] == [body[start:end]]
