"""Chapters and code reports: import a draft, list, show, export to DOCX (pseudonymised)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from fieldjournal.cli.common import CommandError, open_journal, print_json, warn
from fieldjournal.domain.wording import counted

if TYPE_CHECKING:  # at run time imported by the export itself: `--help` stays light
    from fieldjournal.services.chapter_service import ExportOptions, ExportReport


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chapter = commands.add_parser("chapter", help="chapter drafts and their DOCX export")
    sub = chapter.add_subparsers(
        dest="chapter_command", metavar="ACTION", required=True, help="what to do"
    )

    imp = sub.add_parser("import", help="store a chapter written as text; prints its id")
    imp.add_argument("file", type=Path, help="a .md file: light Markdown with excerpt tokens")
    imp.set_defaults(handler=cmd_import)

    listing = sub.add_parser("list", help="chapters, most recently changed first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    show = sub.add_parser("show", help="print a chapter as text (as import reads it)")
    show.add_argument("chapter_id", help="the chapter's id (8 or more characters)")
    show.set_defaults(handler=cmd_show)

    export = sub.add_parser("export", help="write a chapter to DOCX, pseudonymised")
    export.add_argument("chapter_id", help="the chapter's id (8 or more characters)")
    export.add_argument("out", type=Path, help="the .docx file to write")
    _export_options(export)
    export.add_argument("--sources", action="store_true", help="append a Sources table")
    export.set_defaults(handler=cmd_export)

    report = commands.add_parser(
        "report", help="every excerpt under a code, by sub-code, to DOCX (pseudonymised)"
    )
    report.add_argument(
        "--code", required=True, metavar="PATH", help="the code whose excerpts to gather"
    )
    report.add_argument("out", type=Path, help="the .docx file to write")
    _export_options(report)
    report.set_defaults(handler=cmd_report, sources=False)


def _export_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--real-names",
        action="store_true",
        help="keep participants' real names (exports are pseudonymised unless you ask)",
    )
    parser.add_argument("--author", default="", help="the author named in the document")
    parser.add_argument(
        "--citation",
        default="kind,date,site",
        metavar="FIELDS",
        help="what a citation shows, from kind,date,site,title (default: kind,date,site)",
    )
    parser.add_argument(
        "--style",
        default="apa",
        metavar="STYLE",
        help=(
            "how the literature is cited: apa, harvard, chicago (18th edition), chicago-17"
            " or a .csl file (default: apa)"
        ),
    )


def _options(args: argparse.Namespace) -> ExportOptions:
    # DOCX, citeproc and the database load here, when an export runs, not for every command.
    from fieldjournal.exchange.chapter_blocks import CitationStyle
    from fieldjournal.exchange.csl_render import style_path
    from fieldjournal.services.chapter_service import ExportOptions

    style_path(args.style)  # a style that does not exist is refused before any work
    return ExportOptions(
        real_names=args.real_names,
        author=args.author,
        sources=args.sources,
        citation=CitationStyle.parse(args.citation),
        style=args.style,
    )


def _print_report(report: ExportReport) -> None:
    for message in report.warnings:
        warn(message)
    for actor, pseudonym in report.generated:
        warn(f"{actor} has no pseudonym; the document calls them {pseudonym}")
    names = "real names" if report.real_names else "pseudonymised"
    print(f"wrote {report.path} ({counted(report.excerpts, 'excerpt')}, {names})")


def cmd_import(args: argparse.Namespace) -> int:
    try:
        text = args.file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(f"{args.file} is not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise CommandError(f"cannot read {args.file}: {error.strerror}") from None
    with open_journal(args) as journal:
        chapter = journal.import_chapter(text, default_title=args.file.stem)
    print(chapter.id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_journal(args, create=False, search=False) as journal:
        chapters = journal.list_chapters()
    if args.json:
        print_json(chapters)
        return 0
    for chapter in chapters:
        changed = chapter.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        sections = counted(chapter.section_count, "section")
        print(f"{chapter.id[:8]}  {changed}  {sections:>12}  {chapter.title}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_journal(args, create=False, search=False) as journal:
        print(journal.chapter_text(args.chapter_id), end="")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with open_journal(args, create=False, search=False) as journal:  # the database answers
        report = journal.export_chapter(args.chapter_id, args.out.expanduser(), _options(args))
    _print_report(report)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    with open_journal(args, create=False, search=False) as journal:  # the database answers
        report = journal.export_code_report(args.code, args.out.expanduser(), _options(args))
    _print_report(report)
    return 0
