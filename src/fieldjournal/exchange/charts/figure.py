"""Drawing a view with matplotlib: for a thesis page, in colours every reader can tell apart.

matplotlib is imported only here and only when a chart is first drawn (importing it costs
about half a second), so neither the command line nor the app starts any slower. Figures
are sized for the text block of an A4 page (16 cm wide); colours are Okabe and Ito's
palette and the cividis colour map, both safe for colour-blind readers. PDFs embed their
fonts (TrueType, with the Unicode maps a reader needs to find the words again); SVGs draw
every letter as an outline, so they look the same without the font, and keep each string
beside it as a comment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import TYPE_CHECKING, Any

from fieldjournal.domain.analysis import Arrangement, ChartData, ChartView, Mark
from fieldjournal.domain.enums import Sector
from fieldjournal.exchange.charts.layout import Series, matrix, stacked

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH = 6.3  # inches: 16 cm, the text block of an A4 thesis page
HEIGHT = 3.9
MOST_HEIGHT = 8.5  # inches: the text block's height, less room for a caption
PANEL_HEIGHT = 1.5  # inches: one row of small multiples
MOST_PANELS = 12  # small multiples: eleven series and "Other"
DPI = 300
FORMATS = ("png", "svg", "pdf")
# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
OTHER_COLOUR = "#BBBBBB"
HEAT_MAP = "cividis"
MOST_BARS = 60  # more periods than this are drawn as stacked steps, not bars
BAR_WIDTH = 0.85
# A heat map's cells carry their counts up to this many cells (each number is a text to
# lay out and draw, several milliseconds apiece; past it the numbers are in the table).
MOST_NUMBERED_CELLS = 150
STYLE: dict[Any, Any] = {
    "pdf.fonttype": 42,  # TrueType, embedded, with a ToUnicode map
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs everywhere
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "legend.fontsize": 7,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_METADATA: dict[str, dict[str, Any]] = {
    "pdf": {"Creator": "Fieldjournal", "CreationDate": None, "Producer": None},
    "svg": {"Creator": "Fieldjournal", "Date": None},
    "png": {"Software": "Fieldjournal"},
}
_Y_LABEL = {
    ChartView.CODES_OVER_TIME: "Uses (entries and coded passages)",
    ChartView.ACTIVITY: "Entries",
}


@dataclass
class Drawn:
    """A drawn figure and the mark behind each pickable artist (by index within it)."""

    figure: Figure
    marks: dict[Artist, Sequence[Mark | None]] = field(default_factory=dict)
    by_position: set[Artist] = field(default_factory=set)  # the mark is the one at x

    def mark_of(self, artist: Artist, index: int = 0) -> Mark | None:
        found = self.marks.get(artist, ())
        return found[index] if 0 <= index < len(found) else None


def style() -> Any:
    """The rc context every chart is drawn and saved in."""
    import matplotlib

    return matplotlib.rc_context(STYLE)


def page_size(data: ChartData) -> tuple[float, float]:
    """Width and height in inches: the text block's width; matrices and many small
    multiples get taller, never past the text block's height."""
    if multiples(data):
        panels = len(stacked(data, MOST_PANELS - 1).series)
        rows = -(-panels // _columns(panels))
        return WIDTH, min(MOST_HEIGHT, max(HEIGHT, 0.5 + PANEL_HEIGHT * rows))
    tall = data.view in (ChartView.CODES_BY_ACTOR, ChartView.COOCCURRENCE)
    return WIDTH, HEIGHT * (1.35 if tall else 1)


def multiples(data: ChartData) -> bool:
    """Whether ``data`` is drawn as small multiples (asked for, and there is a series)."""
    over_time = data.view in (ChartView.CODES_OVER_TIME, ChartView.ACTIVITY)
    return over_time and bool(data.marks) and data.options.arrangement is Arrangement.MULTIPLES


def draw(data: ChartData, figure: Figure | None = None) -> Drawn:
    """Draw ``data`` (on ``figure``, e.g. the app's canvas; else a new one of page size)."""
    from matplotlib.figure import Figure

    with style():
        fig = figure or Figure(figsize=page_size(data))
        fig.set_layout_engine("constrained")
        drawn = Drawn(fig)
        if multiples(data):
            _small_multiples(fig, data, drawn)
            return drawn
        axes = fig.add_subplot()
        if not data.marks and not data.nodes:
            axes.set_axis_off()
            axes.text(0.5, 0.5, "Nothing to count in these entries", ha="center", va="center")
        elif data.view in (ChartView.CODES_OVER_TIME, ChartView.ACTIVITY):
            _bars(axes, data, drawn)
        elif data.view is ChartView.NETWORK:
            _network(axes, data, drawn)
        else:
            _heat_map(axes, data, drawn)
    return drawn


def render(data: ChartData, fmt: str, *, dpi: int = DPI) -> bytes:
    """The chart as PNG (300 dpi unless told), SVG or PDF bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"no chart format {fmt!r}")
    drawn = draw(data)
    stream = BytesIO()
    with style():
        drawn.figure.savefig(stream, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
    return stream.getvalue()


def _thin_ticks(axes: Axes, labels: Sequence[str], most: int = 12) -> None:
    step = max(1, -(-len(labels) // most))
    axes.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right")


def _series(
    axes: Axes, series: Series, bottoms: Sequence[int], colour: str, drawn: Drawn
) -> list[int]:
    """One series on ``axes``, on top of ``bottoms``: its bars as one collection (one
    artist to lay out and draw, not one per bar; a click's index is the bar's), or past
    ``MOST_BARS`` periods one filled outline (its marks found by position). Returns its
    tops."""
    from matplotlib.collections import PolyCollection

    periods = len(series.counts)
    tops = [b + c for b, c in zip(bottoms, series.counts, strict=True)]
    if periods > MOST_BARS:
        edges = [p - 0.5 for p in range(periods + 1)]
        step = axes.stairs(tops, edges, baseline=list(bottoms), fill=True, color=colour)
        step.set_label(series.label)
        step.set_picker(True)
        drawn.marks[step] = series.marks
        drawn.by_position.add(step)
    else:
        half = BAR_WIDTH / 2
        bars = PolyCollection(
            [
                ((p - half, low), (p - half, high), (p + half, high), (p + half, low))
                for p, (low, high) in enumerate(zip(bottoms, tops, strict=True))
            ],
            facecolors=colour,
            edgecolors="none",
            label=series.label,
        )
        bars.set_picker(True)
        axes.add_collection(bars)
        drawn.marks[bars] = series.marks
    axes.update_datalim([(-0.5, 0), (periods - 0.5, max(tops, default=0))])
    return tops


def _fit_counts(axes: Axes) -> None:
    """The count axis from 0 to the highest bar (of every chart sharing it), as bars have."""
    axes.autoscale_view(scalex=False)
    axes.set_ylim(bottom=0)


def _is_other(series: Series) -> bool:
    return all(m is None for m in series.marks)


def _bars(axes: Axes, data: ChartData, drawn: Drawn) -> None:
    from matplotlib.ticker import MaxNLocator

    layout = stacked(data)
    bottoms = [0] * len(layout.periods)
    for i, series in enumerate(layout.series):
        colour = OTHER_COLOUR if _is_other(series) else PALETTE[i]
        bottoms = _series(axes, series, bottoms, colour, drawn)
    _thin_ticks(axes, layout.periods)
    axes.set_ylabel(_Y_LABEL[data.view])
    axes.set_xlim(-0.6, len(layout.periods) - 0.4)
    _fit_counts(axes)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def _columns(panels: int) -> int:
    return 1 if panels == 1 else 2 if panels <= 4 else 3


def _small_multiples(fig: Figure, data: ChartData, drawn: Drawn) -> None:
    """One small chart per series, on the same scales, titled by its code (or kind, or
    site): each shape is read on its own, and compared by position, not by stacking."""
    from matplotlib.ticker import MaxNLocator

    layout = stacked(data, MOST_PANELS - 1)
    panels = len(layout.series)
    columns = _columns(panels)
    rows = -(-panels // columns)
    grid = fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    flat = [axes for line in grid for axes in line]
    zeros = [0] * len(layout.periods)
    for axes, series in zip(flat, layout.series, strict=False):
        _series(axes, series, zeros, OTHER_COLOUR if _is_other(series) else PALETTE[0], drawn)
        axes.set_title(series.label, loc="left", fontsize=STYLE["axes.labelsize"])
        axes.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    for axes in flat[panels:]:
        axes.set_axis_off()
    flat[0].set_xlim(-0.6, len(layout.periods) - 0.4)
    _fit_counts(flat[0])
    for i in range(columns):  # the lowest chart of each column carries the periods
        lowest = flat[i + columns * ((panels - 1 - i) // columns)]
        lowest.xaxis.set_tick_params(labelbottom=True)
        _thin_ticks(lowest, layout.periods, most=12 // columns)
    fig.supylabel(_Y_LABEL[data.view], fontsize=STYLE["axes.labelsize"])


def _heat_map(axes: Axes, data: ChartData, drawn: Drawn) -> None:
    import numpy

    cells = matrix(data)
    counts = numpy.ma.masked_equal(numpy.array(cells.counts, dtype=float), 0)  # empty: blank
    mesh = axes.pcolormesh(
        counts, cmap=HEAT_MAP, edgecolors="white", linewidth=0.5, vmin=0, vmax=counts.max()
    )
    mesh.set_picker(True)
    drawn.marks[mesh] = [mark for line in cells.marks for mark in line]
    axes.set_xticks([i + 0.5 for i in range(len(cells.columns))], cells.columns, rotation=45)
    for label in axes.get_xticklabels():
        label.set_horizontalalignment("right")
    axes.set_yticks([i + 0.5 for i in range(len(cells.rows))], cells.rows)
    axes.invert_yaxis()
    axes.set_aspect("auto")
    top = max((c for line in cells.counts for c in line), default=0)
    if len(cells.rows) * len(cells.columns) <= MOST_NUMBERED_CELLS:
        for r, line in enumerate(cells.counts):
            for c, count in enumerate(line):
                if count:
                    shade = "black" if count > top * 0.6 else "white"
                    said = axes.text(
                        c + 0.5, r + 0.5, str(count), ha="center", va="center", color=shade
                    )
                    said.set_in_layout(False)  # inside its cell: the layout need not measure it
    axes.figure.colorbar(mesh, ax=axes, label="Entries" if _counts_entries(data) else "Pairs")
    for side in ("left", "bottom"):
        axes.spines[side].set_visible(False)
    if cells.dropped:
        shown = f"{len(cells.rows)} × {len(cells.columns)}"
        axes.set_xlabel(f"The largest {shown} shown; the table lists all")


def _counts_entries(data: ChartData) -> bool:
    return not (data.view is ChartView.COOCCURRENCE and data.options.cooccurrence == "segments")


def _network(axes: Axes, data: ChartData, drawn: Drawn) -> None:
    import networkx
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    from fieldjournal.exchange.charts.labels import ThinnedLabels

    graph = networkx.Graph()
    for node in data.nodes:
        graph.add_node(node.key)
    for mark in data.marks:
        graph.add_edge(mark.first_key, mark.second_key, weight=mark.count)
    at = networkx.spring_layout(graph, seed=7, weight="weight")
    heaviest = max((m.count for m in data.marks), default=1)
    segments = [(at[m.first_key], at[m.second_key]) for m in data.marks]
    widths = [0.4 + 3.0 * m.count / heaviest for m in data.marks]
    lines = LineCollection(segments, linewidths=widths, colors="#888888", zorder=1)
    lines.set_picker(True)
    lines.set_pickradius(3)
    axes.add_collection(lines)
    drawn.marks[lines] = list(data.marks)
    groups = [s.value for s in Sector]
    colour = {group: PALETTE[i % len(PALETTE)] for i, group in enumerate(groups)}
    largest = max((n.size for n in data.nodes), default=1)
    nodes = axes.scatter(
        [at[n.key][0] for n in data.nodes],
        [at[n.key][1] for n in data.nodes],
        s=[30 + 370 * n.size / largest for n in data.nodes],
        c=[colour.get(n.group, OTHER_COLOUR) for n in data.nodes],
        edgecolors="white",
        linewidths=0.6,
        zorder=2,
    )
    nodes.set_picker(True)
    drawn.marks[nodes] = [Mark(n.label, "", n.size, n.key, "") for n in data.nodes]
    largest_first = sorted(data.nodes, key=lambda n: -n.size)
    axes.add_artist(ThinnedLabels.above(axes, [(at[n.key], n.label) for n in largest_first]))
    shown = sorted({n.group for n in data.nodes})
    handles = [
        Line2D([], [], marker="o", linestyle="", color=colour.get(g, OTHER_COLOUR), label=g)
        for g in shown
    ]
    axes.legend(handles=handles, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    axes.set_axis_off()
    axes.margins(0.12)
