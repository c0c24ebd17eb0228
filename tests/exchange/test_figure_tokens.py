"""Figure tokens in chapter drafts: parsed, checked, and kept out of the excerpts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldjournal.domain.analysis import (
    ActivityBy,
    Arrangement,
    ChartView,
    Cooccurrence,
    FigureRef,
    Period,
)
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.chapter_prose import excerpt_refs, figure_refs
from fieldjournal.exchange.chapter_tokens import parse_token


def test_a_figure_token_says_its_view_filters_options_and_caption() -> None:
    ref = parse_token(
        '[[figure:codes-over-time code="Trust/System trust" since=2016-01-01 '
        "kind=meeting,memo period=quarter|Uses of  trust, by quarter]]"
    )
    assert isinstance(ref, FigureRef)
    assert ref.view is ChartView.CODES_OVER_TIME
    assert ref.caption == "Uses of trust, by quarter"
    assert ref.flt.codes == ("Trust/System trust",)
    assert ref.flt.kinds == {EntryKind.MEETING, EntryKind.MEMO}
    assert ref.flt.since is not None and ref.flt.since.year == 2016
    assert ref.options.period is Period.QUARTER
    again = parse_token(ref.token)
    assert again == ref and isinstance(again, FigureRef) and again.flt == ref.flt


def test_options_of_other_views() -> None:
    ref = FigureRef.parse("cooccurrence cooccurrence=segments gap=20")
    assert (ref.options.cooccurrence, ref.options.gap, ref.caption) == (
        Cooccurrence.SEGMENTS,
        20,
        "",
    )
    assert FigureRef.parse("activity by=site|Where").options.by is ActivityBy.SITE
    drawn_apart = FigureRef.parse("codes-over-time code=Trust arrangement=multiples|Apart")
    assert drawn_apart.options.arrangement is Arrangement.MULTIPLES
    assert FigureRef.parse(drawn_apart.token.removeprefix("[[figure:")[:-2]) == drawn_apart
    assert FigureRef.parse("activity").options.arrangement is Arrangement.STACKED
    chosen = FigureRef.parse('codes-over-time code="Trust/System trust",Funding|Two codes')
    assert chosen.flt.codes == ("Trust/System trust", "Funding")


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("[[figure:|Nothing]]", "names its chart"),
        ("[[figure:pie|Pie]]", "unknown chart 'pie'"),
        ("[[figure:activity colour=red|x]]", "key=value"),
        ("[[figure:activity period=week|x]]", "in a figure token"),
        ("[[figure:activity arrangement=pie|x]]", "in a figure token"),
        ("[[figure:activity since=someday|x]]", "since"),
        ('[[figure:activity code="Trust|x]]', "quotation"),
    ],
)
def test_malformed_figure_tokens_are_explained(token: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        parse_token(token)


def test_figures_are_not_excerpts() -> None:
    body = "Before.\n\n[[figure:network|Who met whom]]\n\n[[entry:abc]]"
    assert [ref.view for ref in figure_refs(body)] == [ChartView.NETWORK]
    assert [ref.token for ref in excerpt_refs(body)] == ["[[entry:abc]]"]


@given(
    view=st.sampled_from(list(ChartView)),
    code=st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=12),
    caption=st.text(
        st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="]|"), max_size=20
    ),
)
def test_token_round_trips(view: ChartView, code: str, caption: str) -> None:
    if not code.strip():
        return
    ref = FigureRef.parse(f"{view.value}|{caption}")
    ref = FigureRef(view, (("code", code.strip()),), ref.caption)
    again = parse_token(ref.token)
    assert isinstance(again, FigureRef)
    assert (again.view, again.params, again.caption) == (ref.view, ref.params, ref.caption)
    assert again.flt.codes == (code.strip(),)
