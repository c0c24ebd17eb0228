"""``chart``: a view of the fieldwork written as a figure (PNG, SVG, PDF) or its numbers (CSV)."""

from __future__ import annotations

import argparse

from fieldjournal.cli.common import open_journal
from fieldjournal.domain.analysis import (
    ActivityBy,
    Arrangement,
    ChartFilter,
    ChartOptions,
    ChartView,
    Cooccurrence,
    Period,
)
from fieldjournal.domain.wording import counted


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chart = commands.add_parser(
        "chart",
        help="draw a view of the fieldwork (PNG, SVG, PDF) or write its numbers (CSV)",
        description="The file's suffix says what to write: .png (300 dpi), .svg, .pdf, or "
        ".csv for the numbers behind the chart in long form. Pseudonymised unless "
        "--real-names.",
    )
    chart.add_argument("view", choices=[v.value for v in ChartView], help="which view")
    chart.add_argument("out", metavar="OUT", help="the file to write (.png, .svg, .pdf, .csv)")
    chart.add_argument(
        "--code",
        metavar="PATH",
        action="append",
        default=[],
        help="a code and its sub-codes only; repeat for a chosen set (codes over time: "
        "a series per code)",
    )
    chart.add_argument("--since", metavar="DATE", help="ISO 8601 date or time")
    chart.add_argument("--until", metavar="DATE", help="ISO 8601; a date alone includes that day")
    chart.add_argument(
        "--kind", action="append", default=[], help="fieldnote, meeting or memo (repeatable)"
    )
    chart.add_argument("--site", action="append", default=[], help="a site (repeatable)")
    chart.add_argument(
        "--actor", action="append", default=[], help="entries with this actor (repeatable)"
    )
    chart.add_argument(
        "--period",
        choices=[p.value for p in Period],
        default=Period.MONTH.value,
        help="codes over time: per month (default) or quarter",
    )
    chart.add_argument(
        "--by",
        choices=[b.value for b in ActivityBy],
        default=ActivityBy.KIND.value,
        help="activity: entries by kind (default) or by site",
    )
    chart.add_argument(
        "--multiples",
        action="store_true",
        help="codes over time, activity: one small chart per series on the same scales, "
        "not stacked bars",
    )
    chart.add_argument(
        "--segments",
        action="store_true",
        help="co-occurrence of overlapping coded passages, not of codes in the same entry",
    )
    chart.add_argument(
        "--gap",
        type=int,
        default=0,
        metavar="N",
        help="with --segments: passages up to N characters apart count too",
    )
    chart.add_argument(
        "--real-names", action="store_true", help="keep real names (not for sharing)"
    )
    chart.set_defaults(handler=cmd_chart)


def cmd_chart(args: argparse.Namespace) -> int:
    flt = ChartFilter.of(
        since=args.since,
        until=args.until,
        kinds=args.kind,
        sites=args.site,
        code=args.code,
        actors=args.actor,
    )
    options = ChartOptions(
        period=Period(args.period),
        by=ActivityBy(args.by),
        cooccurrence=Cooccurrence.SEGMENTS if args.segments else Cooccurrence.ENTRY,
        gap=args.gap,
        arrangement=Arrangement.MULTIPLES if args.multiples else Arrangement.STACKED,
    )
    with open_journal(args, create=False, search=False) as journal:
        report = journal.export_chart(args.view, args.out, flt, options, real_names=args.real_names)
    names = "real names" if report.real_names else "pseudonymised"
    print(f"wrote {report.path} ({counted(report.marks, 'mark')}, {names})")
    return 0
