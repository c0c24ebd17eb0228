"""Properties of the Markdown parse: a draft's text form is exact, and citations found in
any prose are exactly the ones written, with the text around them untouched."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldjournal.domain.chapters import (
    ExcerptKind,
    ExcerptLine,
    ExcerptRef,
    Prose,
    ProseKind,
    Section,
)
from fieldjournal.exchange.chapter_prose import parse_inline, parse_prose
from fieldjournal.exchange.citations import LOCATOR_TERMS, Cite, find_citations
from fieldjournal.exchange.markdown_chapter import parse_chapter, serialise_chapter

_letters = st.text(alphabet="abcdeéxyzAZ", min_size=1, max_size=8)
_sentence = st.lists(_letters, min_size=1, max_size=6).map(" ".join)
_key = st.from_regex(r"[A-Za-z][A-Za-z0-9_:.\-]{0,10}[A-Za-z0-9]", fullmatch=True)
_token = st.sampled_from(list(ExcerptKind)).flatmap(
    lambda kind: st.builds(
        ExcerptRef,
        st.just(kind),
        _letters,
        _sentence if kind is ExcerptKind.QUOTE else st.just(""),
    )
)


@st.composite
def _inline(draw: st.DrawFn) -> str:
    """A line of prose: words, some emphasised or strong, some citations."""
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        words = draw(_sentence)
        parts.append(draw(st.sampled_from(["{}", "*{}*", "**{}**", "[@{k}]", "@{k}"])))
        parts[-1] = parts[-1].format(words, k=draw(_key))
    return " ".join(parts)


@st.composite
def _body(draw: st.DrawFn) -> str:
    """A section's text: paragraphs, lists, block quotes and excerpt tokens."""
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        shape = draw(st.sampled_from(["paragraph", "bullets", "numbers", "quote", "token"]))
        lines = draw(st.lists(_inline(), min_size=1, max_size=3))
        if shape == "bullets":
            lines = [f"- {line}" for line in lines]
        elif shape == "numbers":
            lines = [f"{n}. {line}" for n, line in enumerate(lines, start=1)]
        elif shape == "quote":
            lines = [f"> {line}" for line in lines]
        elif shape == "token":
            lines = [draw(_token).token]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


_sections = st.lists(
    st.tuples(_sentence, st.integers(1, 3), st.one_of(st.just(""), _body())),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(st.booleans(), _sections)
def test_serialise_parse_serialise_is_exact(opening: bool, raw: list[tuple[str, int, str]]) -> None:
    sections = [Section(h, level, body) for h, level, body in raw]
    if opening:
        sections[0] = Section("", 1, sections[0].body or "Opening prose.")
    text = serialise_chapter("A chapter", sections)
    draft = parse_chapter(text)
    assert draft.title == "A chapter"
    assert draft.sections == tuple(sections)
    assert serialise_chapter(draft.title, draft.sections) == text


@settings(max_examples=40, deadline=None)
@given(_body())
def test_every_token_line_of_a_body_is_an_excerpt_where_it_stands(body: str) -> None:
    lines = body.split("\n")
    blocks = parse_prose(body, first_line=5)
    tokens = [b for b in blocks if isinstance(b, ExcerptLine)]
    assert [lines[b.line - 5] for b in tokens] == [b.ref.token for b in tokens]
    assert len(tokens) == sum(line.startswith("[[") for line in lines)
    assert all(isinstance(b, Prose) and b.runs for b in blocks if b not in tokens)


# --- citations in arbitrary prose ----------------------------------------------------

_prose = st.text(
    alphabet=st.characters(
        categories=["L", "N", "Zs"], include_characters=".,;:!?'()-\u2019", max_codepoint=0x2FF
    ),
    max_size=20,
)
_label = st.sampled_from(["p.", "pp.", "chap.", "sec.", "para.", "§", "pages"])
_value = st.sampled_from(["12", "4-6", "33a", "iv", "10, 12"])
_prefix = st.sampled_from(["", "see", "cf.", "for instance"])
_suffix = st.sampled_from(["", "emphasis added", "our translation"])


@st.composite
def _cite(draw: st.DrawFn) -> tuple[str, Cite]:
    key, prefix, suffix = draw(_key), draw(_prefix), draw(_suffix)
    label, value = (draw(_label), draw(_value)) if draw(st.booleans()) else ("", "")
    minus = draw(st.booleans())
    written = " ".join(p for p in (prefix, f"{'-' if minus else ''}@{key}") if p)
    if label:
        written += f", {label} {value}"
    if suffix:
        written += f", {suffix}"
    # after a locator the suffix keeps its comma, as Pandoc reads it ("p. 3, emphasis added")
    kept = f", {suffix}" if label and suffix else suffix
    cite = Cite(key, prefix, LOCATOR_TERMS.get(label, ""), value, kept, minus)
    return written, cite


@st.composite
def _citation(draw: st.DrawFn) -> tuple[str, tuple[Cite, ...], bool]:
    if draw(st.booleans()):  # narrative: the author stands in the sentence
        key = draw(_key)
        if draw(st.booleans()):
            label, value = draw(_label), draw(_value)
            cite = Cite(key, label=LOCATOR_TERMS[label], locator=value)
            return f"@{key} [{label} {value}]", (cite,), True
        return f"@{key}", (Cite(key),), True
    cites = draw(st.lists(_cite(), min_size=1, max_size=3))
    return "[" + "; ".join(w for w, _ in cites) + "]", tuple(c for _, c in cites), False


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_prose, _citation()), max_size=4), _prose)
def test_citations_parse_from_any_prose_and_leave_the_rest_as_written(
    pieces: list[tuple[str, tuple[str, tuple[Cite, ...], bool]]], tail: str
) -> None:
    text = "".join(f"{words} {written} " for words, (written, _, _) in pieces) + tail
    found = find_citations(text)
    assert [(c.cites, c.narrative) for c in found] == [(c, n) for _, (_, c, n) in pieces]
    assert [text[c.start : c.end] for c in found] == [w for _, (w, _, _) in pieces]
    runs = parse_inline(text)  # the Markdown parse keeps each citation whole, as written
    assert [r.text for r in runs if r.cite] == [w for _, (w, _, _) in pieces]
    assert "".join(r.text for r in runs) == text
    paragraph = parse_prose(f"Prose {text}")
    if text.strip():
        assert len(paragraph) == 1 and isinstance(paragraph[0], Prose)
        assert paragraph[0].kind is ProseKind.PARAGRAPH
        cited = [r.text for r in paragraph[0].runs if r.cite]
        assert cited == [w for _, (w, _, _) in pieces]
