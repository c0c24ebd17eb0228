"""References: import a bibliography (``.bib`` or CSL-JSON), keep one linked, list the works."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldjournal.cli.common import open_journal, print_json, warn
from fieldjournal.domain.references import ReferenceImport
from fieldjournal.domain.timeutil import format_long_date
from fieldjournal.domain.wording import counted


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    refs = commands.add_parser("refs", help="the literature: references chapters and memos cite")
    sub = refs.add_subparsers(
        dest="refs_command", metavar="ACTION", required=True, help="what to do"
    )

    imp = sub.add_parser("import", help="read a .bib (BibTeX/BibLaTeX) or CSL-JSON file once")
    imp.add_argument("file", type=Path, help="a .bib file, or a .json file of CSL-JSON")
    imp.set_defaults(handler=cmd_import)

    link = sub.add_parser(
        "link", help="import a file and read it again whenever it changes (Zotero auto-export)"
    )
    link.add_argument("file", type=Path, help="a .bib file, or a .json file of CSL-JSON")
    link.set_defaults(handler=cmd_link)

    listing = sub.add_parser("list", help="every reference, by citekey")
    listing.add_argument("--json", action="store_true", help="print CSL-JSON items")
    listing.set_defaults(handler=cmd_list)

    show = sub.add_parser("show", help="one work, and the memos and chapters that cite it")
    show.add_argument("citekey", help="the work's citekey (without @)")
    show.set_defaults(handler=cmd_show)


def report_import(report: ReferenceImport) -> None:
    """Each refused entry as a warning (key and line), then one line of counts."""
    for problem in report.problems:
        warn(f"{report.source}: {problem}")
    parts = [f"{len(report.added)} added", f"{len(report.updated)} updated"]
    parts.append(f"{report.unchanged} unchanged")
    if report.problems:
        parts.append(f"{counted(len(report.problems), 'entry', 'entries')} refused")
    print(f"{report.source}: {', '.join(parts)}")


def cmd_import(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        report = journal.import_references(args.file)
    report_import(report)
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        report = journal.link_references(args.file)
    report_import(report)
    print(f"linked: read again whenever {report.source} changes")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_journal(args, create=False, search=False) as journal:
        references = journal.list_references()
    if args.json:
        print_json([reference.item for reference in references])
        return 0
    for reference in references:
        print(f"{reference.citekey}  {reference.authors} ({reference.year})  {reference.title}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_journal(args, create=False, search=False) as journal:
        reference = journal.get_reference(args.citekey.removeprefix("@"))
        cited = journal.reference_cited_by(reference.citekey)
    print(f"{reference.citekey}  {reference.authors} ({reference.year})  {reference.title}")
    print(f"cited in {counted(len(cited.memos), 'memo')}:")
    for memo in cited.memos:
        title = memo.title or memo.first_line
        print(f"  {memo.id[:8]}  {format_long_date(memo.occurred_at)}  {title}")
    print(f"cited in {counted(len(cited.chapters), 'chapter')}:")
    for chapter in cited.chapters:
        print(f"  {chapter.id[:8]}  {chapter.title}")
    return 0
