"""Figures of a chapter: each ``[[figure:...]]`` token drawn from the journal as it is now.

Drawn with the export's names substitution, so a figure in a pseudonymised chapter shows
pseudonyms; a DOCX's leak check cannot read a picture's pixels, so each figure is checked
through its SVG twin before it goes in.
"""

from __future__ import annotations

from collections.abc import Iterable

from fieldjournal.domain.analysis import FigureRef
from fieldjournal.domain.errors import FieldjournalError, InvalidInput
from fieldjournal.domain.pseudonyms import NameSubstitution
from fieldjournal.exchange.charts import figure
from fieldjournal.exchange.names.docx_scan import NameLeak
from fieldjournal.exchange.names.leak_check import LeakCheck, check_svg
from fieldjournal.exchange.names.replacer import Pseudonymiser
from fieldjournal.services.analysis_service import AnalysisService

PREVIEW_DPI = 96


def draw_figures(
    analysis: AnalysisService,
    refs: Iterable[FigureRef],
    names: NameSubstitution,
    problems: dict[FigureRef, str] | None = None,
) -> dict[FigureRef, bytes]:
    """Each figure as PNG; with ``problems`` (a preview's), a figure that cannot be drawn
    is noted there and drawn small and unchecked (a preview never leaves the app)."""
    wanted = list(dict.fromkeys(refs))
    if not wanted:  # most chapters: no check to build (it reads every actor's names)
        return {}
    preview = problems is not None
    check = LeakCheck(names.rules) if isinstance(names, Pseudonymiser) and not preview else None
    drawn = {}
    for ref in wanted:
        try:
            data = analysis.chart(ref.view, ref.flt, ref.options, names=names)
        except FieldjournalError as error:
            if problems is None:
                raise InvalidInput(f"{ref.token}: {error}") from None
            problems[ref] = str(error)
            continue
        if check is not None:
            leaks = check_svg(check, figure.render(data, "svg"))
            if leaks:
                raise NameLeak(
                    f"export stopped: a real name is in the figure {ref.token}: "
                    + "; ".join(leak.describe() for leak in leaks[:5])
                )
        drawn[ref] = figure.render(data, "png", dpi=PREVIEW_DPI if preview else figure.DPI)
    return drawn
