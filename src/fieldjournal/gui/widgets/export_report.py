"""What an export tells the researcher afterwards: where it went, with which names, and
every excerpt withheld and pseudonym generated (the chapter editor and code reports)."""

from __future__ import annotations

from html import escape

from fieldjournal.domain.wording import counted
from fieldjournal.services.chapter_service import ExportReport


def report_lines(report: ExportReport) -> list[str]:
    names = "with REAL NAMES" if report.real_names else "pseudonymised"
    lines = [f"Exported {counted(report.excerpts, 'excerpt')} to {report.path} ({names})."]
    lines += [f"Warning: {w}" for w in report.warnings]
    lines += [f"{actor} has no pseudonym and appears as {p}." for actor, p in report.generated]
    return lines


def report_html(report: ExportReport) -> str:
    return "<br>".join(escape(line) for line in report_lines(report))
