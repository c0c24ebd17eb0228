"""Writing a chart to a file: CSV, PNG, SVG or PDF, pseudonymised and checked like any export.

The file's type follows its suffix. A pseudonymised chart is read back before it is
moved into place: the CSV as text, SVG and PDF as their readers see them (see
``leak_check``), and a PNG through its vector twin (the same figure drawn as SVG), since
the picture's letters are pixels.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fieldjournal.domain.analysis import ChartData, ChartFilter, ChartOptions, ChartView
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.charts import figure, table
from fieldjournal.exchange.names.docx_scan import Scan, deliver
from fieldjournal.exchange.names.leak_check import Leak, LeakCheck, check_pdf, check_svg
from fieldjournal.exchange.names.replacer import Pseudonymiser
from fieldjournal.services.analysis_service import AnalysisService

SUFFIXES = ("csv", *figure.FORMATS)


@dataclass(frozen=True, slots=True)
class ChartReport:
    path: Path
    marks: int
    total: int
    real_names: bool


def _scan_csv(data: bytes, check: LeakCheck) -> list[Leak]:
    return check.check_text(data.decode("utf-8-sig"), "CSV", "cells")


def _scan_svg(data: bytes, check: LeakCheck) -> list[Leak]:
    return check_svg(check, data)


def _scan_pdf(data: bytes, check: LeakCheck) -> list[Leak]:
    return check_pdf(check, data)


def chart_bytes(data: ChartData, fmt: str) -> bytes:
    return table.to_csv(data) if fmt == "csv" else figure.render(data, fmt)


def scan_for(data: ChartData, fmt: str) -> Scan:
    """How to read the written chart back (a PNG: its SVG twin, drawn from the same data)."""
    if fmt == "png":
        return lambda _png, check: _scan_svg(figure.render(data, "svg"), check)
    return {"csv": _scan_csv, "svg": _scan_svg, "pdf": _scan_pdf}[fmt]


def format_of(target: Path) -> str:
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in SUFFIXES:
        raise InvalidInput(
            f"cannot tell what to write from {target.name!r}: end it with "
            + ", ".join(f".{s}" for s in SUFFIXES)
        )
    return fmt


class ChartExportService:
    def __init__(self, analysis: AnalysisService) -> None:
        self.analysis = analysis

    def export(
        self,
        view: ChartView,
        target: Path,
        flt: ChartFilter | None = None,
        options: ChartOptions | None = None,
        *,
        real_names: bool = False,
    ) -> ChartReport:
        target = Path(target).expanduser()
        fmt = format_of(target)
        if not target.parent.is_dir():
            raise InvalidInput(f"cannot write {target}: the folder {target.parent} does not exist")
        names = self.analysis.names(real_names)
        data = self.analysis.chart(view, flt, options, names=names)
        check = LeakCheck(names.rules) if isinstance(names, Pseudonymiser) else None
        deliver(chart_bytes(data, fmt), target, check, scan_for(data, fmt))
        return ChartReport(target, len(data.marks), data.total, real_names)
