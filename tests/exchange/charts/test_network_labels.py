"""Network labels make way for each other: none overlaps, the largest nodes keep theirs."""

from __future__ import annotations

from itertools import combinations

import pytest
from matplotlib.figure import Figure

from fieldjournal.domain.analysis import ChartData, ChartNode, ChartView, Mark
from fieldjournal.exchange.charts.figure import draw
from fieldjournal.exchange.charts.labels import ThinnedLabels

DENSE = 24


def network(actors: int) -> ChartData:
    """``actors`` actors all seen together; actor i in i + 1 entries."""
    nodes = tuple(
        ChartNode(f"k{i:02d}", f"Participant number {i:02d}", "nhs", i + 1) for i in range(actors)
    )
    marks = tuple(Mark(a.label, b.label, 1, a.key, b.key) for a, b in combinations(nodes, 2))
    return ChartData(ChartView.NETWORK, marks, nodes)


def labels_of(data: ChartData, width: float = 6.3) -> tuple[ThinnedLabels, Figure]:
    drawn = draw(data)
    drawn.figure.set_size_inches(width, 3.9)
    drawn.figure.set_dpi(50)  # the layout is in points: a small raster thins the same
    drawn.figure.draw_without_rendering()  # lays out and decides the labels, paints nothing
    (labels,) = [a for a in drawn.figure.axes[0].artists if isinstance(a, ThinnedLabels)]
    return labels, drawn.figure


@pytest.fixture(scope="module")
def dense() -> tuple[ThinnedLabels, Figure]:
    return labels_of(network(DENSE))  # drawn once for the tests that only look


@pytest.fixture(scope="module")
def sparse() -> tuple[ThinnedLabels, Figure]:
    return labels_of(network(3))


def test_on_a_dense_network_the_labels_drawn_do_not_overlap(
    dense: tuple[ThinnedLabels, Figure],
) -> None:
    labels, _figure = dense
    boxes = [text.get_window_extent() for text in labels.shown]  # as last drawn
    assert 3 < len(boxes) < DENSE  # some, not all
    assert not [pair for pair in combinations(boxes, 2) if pair[0].overlaps(pair[1])]
    assert labels.shown[0].get_text() == f"Participant number {DENSE - 1}"  # the largest first


def test_a_sparse_network_names_every_node(sparse: tuple[ThinnedLabels, Figure]) -> None:
    labels, _ = sparse
    assert sorted(text.get_text() for text in labels.shown) == [
        f"Participant number {i:02d}" for i in range(3)
    ]


def test_a_narrower_figure_shows_fewer(dense: tuple[ThinnedLabels, Figure]) -> None:
    labels, figure = dense
    wide = len(labels.shown)
    figure.set_size_inches(3.2, 3.9)
    figure.draw_without_rendering()
    assert len(labels.shown) < wide  # thinned again at the size it is drawn
    figure.set_size_inches(6.3, 3.9)
    figure.draw_without_rendering()
    assert len(labels.shown) == wide


def test_labels_stay_text_in_a_pdf(sparse: tuple[ThinnedLabels, Figure]) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    _labels, figure = sparse
    stream = BytesIO()
    figure.savefig(stream, format="pdf")
    text = PdfReader(stream).pages[0].extract_text()
    assert "Participant number 02" in text  # the leak check reads what it must
