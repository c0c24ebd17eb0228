"""The excerpt-token grammar, the prose parsed into blocks and the chapter's text form."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldjournal.domain.chapters import (
    ExcerptKind,
    ExcerptLine,
    ExcerptRef,
    Prose,
    ProseKind,
    Run,
    Section,
)
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.pseudonyms import NameRule
from fieldjournal.exchange.chapter_compiler import ChapterCompiler
from fieldjournal.exchange.chapter_prose import parse_inline, parse_prose
from fieldjournal.exchange.chapter_tokens import parse_token
from fieldjournal.exchange.markdown_chapter import parse_chapter, serialise_chapter
from fieldjournal.exchange.names.replacer import Pseudonymiser


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[[entry:3f2a9c1e]]", ExcerptRef(ExcerptKind.ENTRY, "3f2a9c1e")),
        ("  [[segment:abcdef12]]  ", ExcerptRef(ExcerptKind.SEGMENT, "abcdef12")),
        ("[[code:Trust/System trust]]", ExcerptRef(ExcerptKind.CODE, "Trust/System trust")),
        (
            "[[quote:3f2a9c1e|we are  the\tdelivery arm]]",
            ExcerptRef(ExcerptKind.QUOTE, "3f2a9c1e", "we are the delivery arm"),
        ),
        ("[[QUOTE:3f2a9c1e|a | b]]", ExcerptRef(ExcerptKind.QUOTE, "3f2a9c1e", "a | b")),
        ("plain prose", None),
    ],
)
def test_tokens_parse(line: str, expected: ExcerptRef | None) -> None:
    assert parse_token(line) == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[[memo:3f2a9c1e]]", "unknown excerpt kind 'memo'"),
        ("[[quote:3f2a9c1e]]", "needs the quoted words"),
        ("[[entry:]]", "names no id"),
        ("[[entry 3f2a]]", "not an excerpt token"),
    ],
)
def test_malformed_tokens_are_explained(line: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_token(line)


def test_token_round_trips_through_its_text() -> None:
    ref = ExcerptRef(ExcerptKind.QUOTE, "3f2a9c1e", "said it twice")
    assert parse_token(ref.token) == ref


def test_inline_emphasis_strong_and_literal_asterisks() -> None:
    assert parse_inline("a *b* **c** ***d*** 2 * 3 \\*e\\*") == (
        Run("a "),
        Run("b", emphasis=True),
        Run(" "),
        Run("c", strong=True),
        Run(" "),
        Run("d", emphasis=True, strong=True),
        Run(" 2 * 3 *e*"),
    )


def test_prose_blocks_in_order_with_list_starts() -> None:
    body = (
        "First line\njoined here.\n\n- one\n- two\n\n1. a\n2. b\n\n"
        "> own quote\n> continues\n\n[[entry:3f2a9c1e]]\nAfter."
    )
    blocks = parse_prose(body)
    assert blocks == [
        Prose(ProseKind.PARAGRAPH, (Run("First line joined here."),)),
        Prose(ProseKind.BULLET, (Run("one"),), True),
        Prose(ProseKind.BULLET, (Run("two"),), False),
        Prose(ProseKind.NUMBERED, (Run("a"),), True),
        Prose(ProseKind.NUMBERED, (Run("b"),), False),
        Prose(ProseKind.QUOTE, (Run("own quote continues"),)),
        ExcerptLine(ExcerptRef(ExcerptKind.ENTRY, "3f2a9c1e"), 13),
        Prose(ProseKind.PARAGRAPH, (Run("After."),)),
    ]


def test_bad_token_in_prose_names_its_line() -> None:
    with pytest.raises(InvalidInput, match="line 3: unknown excerpt kind"):
        parse_prose("Prose.\n\n[[memo:abc]]")


TEXT = """---
title: Delivery arms
---

Opening prose.

# First
Body with [[entry:x]] inline stays prose.

[[entry:3f2a9c1e]]

## Second

### Third
Deep.
"""


def test_text_form_parses_and_serialises_back() -> None:
    draft = parse_chapter(TEXT)
    assert draft.title == "Delivery arms"
    assert [(s.heading, s.level) for s in draft.sections] == [
        ("", 1),
        ("First", 1),
        ("Second", 2),
        ("Third", 3),
    ]
    assert serialise_chapter(draft.title, draft.sections) == TEXT


def test_text_without_front_matter_takes_the_given_title() -> None:
    draft = parse_chapter("# Only\nText.", default_title="chapter-3")
    assert draft.title == "chapter-3"
    with pytest.raises(InvalidInput, match="needs a title"):
        parse_chapter("# Only\nText.")


def test_text_form_errors_name_the_line() -> None:
    with pytest.raises(InvalidInput, match="never closed"):
        parse_chapter("---\ntitle: x\n# A")
    with pytest.raises(InvalidInput, match="line 3: unknown excerpt kind"):
        parse_chapter("# A\nProse.\n[[memo:abc]]", default_title="t")


_words = st.text(alphabet="abcé xyz*", min_size=1, max_size=20).map(lambda s: " ".join(s.split()))
_sections = st.lists(
    st.tuples(
        _words.filter(bool).filter(lambda s: not s.startswith("#")),
        st.integers(1, 3),
        st.lists(_words.filter(lambda s: s and s[0] not in "#>-*+"), max_size=3),
    ),
    max_size=4,
)


@settings(max_examples=40, deadline=None)
@given(_sections)
def test_any_outline_survives_its_text_form(raw: list[tuple[str, int, list[str]]]) -> None:
    sections = tuple(Section(h, level, "\n\n".join(body)) for h, level, body in raw)
    text = serialise_chapter("Title", sections)
    assert parse_chapter(text).sections == sections


def test_token_lines_interrupt_lists_and_quotes_but_marked_lines_stay_prose() -> None:
    body = "- item\n[[entry:a1]]\n> quoted\n[[entry:b2]]\n\n- [[entry:c3]]\n\n> [[entry:d4]]"
    blocks = parse_prose(body)
    assert blocks == [
        Prose(ProseKind.BULLET, (Run("item"),), True),
        ExcerptLine(ExcerptRef(ExcerptKind.ENTRY, "a1"), 2),
        Prose(ProseKind.QUOTE, (Run("quoted"),)),
        ExcerptLine(ExcerptRef(ExcerptKind.ENTRY, "b2"), 4),
        Prose(ProseKind.BULLET, (Run("[[entry:c3]]"),), True),
        Prose(ProseKind.QUOTE, (Run("[[entry:d4]]"),)),
    ]
    assert [block.line for block in blocks if isinstance(block, Prose)] == [1, 3, 6, 8]


def test_commonmark_rules_that_would_change_words_stay_off() -> None:
    body = "Text\n---\n\n#### Aside\n\n    indented, not code\n\n<b>kept</b> `ticks` [a](b) &amp;"
    assert [block.runs for block in parse_prose(body) if isinstance(block, Prose)] == [
        (Run("Text"),),  # not a setext heading: that would split the section on import
        (Run("---"),),
        (Run("Aside", strong=True),),
        (Run("indented, not code"),),
        (Run("<b>kept</b> `ticks` [a](b) &amp;"),),
    ]


def test_emphasis_never_cuts_into_a_citation() -> None:
    assert parse_inline("*see [@smith_2010*, p. 3]* and @jones_b_") == (
        Run("see ", emphasis=True),
        Run("[@smith_2010*, p. 3]", emphasis=True, cite=True),
        Run(" and "),
        Run("@jones_b_", cite=True),  # a citekey may end with an underscore
    )


def test_an_unknown_citekey_is_reported_on_the_line_it_stands_and_never_renamed() -> None:
    body = (
        "A paragraph\nover lines, @marsh writes.\n\n"
        "- an item\n  citing [@holt, p. 4]\n\n> quoted\n> [@marsh]"
    )
    names = Pseudonymiser([NameRule("Marsh", ("Marsh",), "Quill")])
    compiled = ChapterCompiler("T", [Section("S", 1, body)], {}, names).result
    assert compiled.warnings == tuple(
        f"section 'S', line {line}: unknown citekey @{key}, shown as [@{key}?]"
        for line, key in ((2, "marsh"), (5, "holt"), (8, "marsh"))
    )
    prose = [b for b in compiled.blocks if hasattr(b, "runs")]
    assert ["".join(r.text for r in b.runs) for b in prose] == [
        "A paragraph over lines, [@marsh?] writes.",
        "an item citing [@holt?]",
        "quoted [@marsh?]",
    ]
