"""Pandoc citations found in prose: keys, prefixes, locators, narrative and suppressed forms."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fieldjournal.exchange.citations import Cite, cited_keys, find_citations


def cites(text: str) -> list[tuple[tuple[Cite, ...], bool, str]]:
    return [(c.cites, c.narrative, text[c.start : c.end]) for c in find_citations(text)]


def test_the_forms_the_issue_names() -> None:
    assert cites("As [@albareda2018] shows.") == [
        ((Cite("albareda2018"),), False, "[@albareda2018]")
    ]
    assert cites("[@huxham2000a, p. 12]")[0][0] == (Cite("huxham2000a", "", "page", "12"),)
    assert cites("Text [see @bachmann2001, pp. 4-6; @huxham2000a].")[0][0] == (
        Cite("bachmann2001", "see", "page", "4-6"),
        Cite("huxham2000a"),
    )
    assert cites("@albareda2018 argues that") == [((Cite("albareda2018"),), True, "@albareda2018")]
    assert cites("as she wrote [-@albareda2018]")[0][0] == (
        Cite("albareda2018", suppress_author=True),
    )


def test_locators_and_suffixes() -> None:
    def first(text: str) -> Cite:
        return find_citations(text)[0].cites[0]

    assert first("[@a, chap. 3 and elsewhere]") == Cite("a", "", "chapter", "3", "and elsewhere")
    assert first("[@a, sec. iv, 2]") == Cite("a", "", "section", "iv, 2")
    assert first("[@a, para. 7]") == Cite("a", "", "paragraph", "7")
    assert first("[@a, 33-35]") == Cite("a", "", "page", "33-35")
    assert first("[@a, emphasis added]") == Cite("a", suffix="emphasis added")
    narrative = find_citations("@holt2000a [p. 33] says")[0]
    assert (narrative.narrative, narrative.cites[0].locator, narrative.end) == (True, "33", 18)


def test_what_is_not_a_citation() -> None:
    assert find_citations("write to nessa@example.org or [the forum](http://x.org/@a)") == []
    assert find_citations("[[entry:e1000000]] and [[segment:5e600000]]") == []
    assert cited_keys("[see the forum; @a] and [@b]") == ["a", "b"]  # a part without a key
    assert cited_keys("[-@a] -@b @c, @a.") == ["a", "c"]  # -@ outside brackets is text


KEYS = st.from_regex(r"[a-z][a-z0-9]{0,8}(?:[:_-][a-z0-9]{1,4})?", fullmatch=True)
PROSE = st.text(
    st.characters(codec="utf-8", exclude_characters="@[]", exclude_categories=("Cs", "Cc")),
    max_size=30,
)
LOCATORS = st.sampled_from(
    [
        ("", ""),
        ("p.", "page"),
        ("pp.", "page"),
        ("chap.", "chapter"),
        ("sec.", "section"),
        ("para.", "paragraph"),
    ]
)


@st.composite
def citation(draw: st.DrawFn) -> tuple[str, tuple[Cite, ...]]:
    if draw(st.booleans()):
        key = draw(KEYS)
        return f"@{key}", (Cite(key),)
    parts: list[str] = []
    expected: list[Cite] = []
    for _ in range(draw(st.integers(1, 3))):
        key = draw(KEYS)
        prefix = draw(st.sampled_from(["", "see", "cf. also"]))
        written, term = draw(LOCATORS)
        number = str(draw(st.integers(1, 999)))
        minus = draw(st.booleans())
        locator = f", {written} {number}" if written else ""
        parts.append(f"{prefix} {'-' if minus else ''}@{key}{locator}".strip())
        expected.append(Cite(key, prefix, term, number if written else "", suppress_author=minus))
    return f"[{'; '.join(parts)}]", tuple(expected)


@given(st.lists(st.tuples(PROSE, citation()), max_size=4), PROSE)
def test_citations_parse_from_any_prose_and_leave_it_alone(
    pieces: list[tuple[str, tuple[str, tuple[Cite, ...]]]], tail: str
) -> None:
    text = ""
    spans = []
    for prose, (written, expected) in pieces:
        text += prose + " "
        spans.append((len(text), len(text) + len(written), expected))
        text += written + " "
    text += tail
    found = find_citations(text)
    assert [(c.start, c.end, c.cites) for c in found] == spans
    starts = [0, *[c.end for c in found]]
    ends = [*[c.start for c in found], len(text)]
    outside = "".join(text[a:b] for a, b in zip(starts, ends, strict=True))
    assert outside == "".join(prose + "  " for prose, _ in pieces) + tail
