"""``qdpx`` and ``qdc``: REFI-QDA projects and codebooks, to and from other QDA tools."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldjournal.cli.common import ProgressBar, open_journal
from fieldjournal.cli.exchange_commands import INDEX_AT_ONCE, catch_up_index
from fieldjournal.domain.wording import counted


class _Steps:
    """Progress of a multi-step export or import, one bar per step."""

    def __init__(self) -> None:
        self.bars: dict[str, ProgressBar] = {}

    def __call__(self, step: str, done: int, total: int) -> None:
        if total >= 500:
            self.bars.setdefault(step, ProgressBar(step))(done, total)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    qdpx = commands.add_parser(
        "qdpx", help="exchange a whole project with QualCoder, NVivo, ATLAS.ti, MAXQDA (REFI-QDA)"
    )
    qdpx_commands = qdpx.add_subparsers(
        dest="qdpx_command", metavar="ACTION", required=True, help="what to do"
    )
    exp = qdpx_commands.add_parser(
        "export", help="write a .qdpx project (pseudonymised unless --real-names)"
    )
    exp.add_argument("file", type=Path, help="the .qdpx file to write")
    exp.add_argument(
        "--real-names", action="store_true", help="keep participants' real names (not for sharing)"
    )
    exp.set_defaults(handler=cmd_qdpx_export)
    imp = qdpx_commands.add_parser("import", help="import a .qdpx project (all or nothing)")
    imp.add_argument("file", type=Path, help="the .qdpx file to read")
    imp.add_argument(
        "--dry-run", action="store_true", help="say what would be imported; change nothing"
    )
    imp.set_defaults(handler=cmd_qdpx_import)

    qdc = commands.add_parser("qdc", help="exchange the codebook with other QDA tools (REFI-QDA)")
    qdc_commands = qdc.add_subparsers(
        dest="qdc_command", metavar="ACTION", required=True, help="what to do"
    )
    cexp = qdc_commands.add_parser("export", help="write the codebook as a .qdc file")
    cexp.add_argument("file", type=Path, help="the .qdc file to write")
    cexp.set_defaults(handler=cmd_qdc_export)
    cimp = qdc_commands.add_parser("import", help="add a .qdc codebook's codes to the codebook")
    cimp.add_argument("file", type=Path, help="the .qdc file to read")
    cimp.add_argument(
        "--dry-run", action="store_true", help="say what would be imported; change nothing"
    )
    cimp.set_defaults(handler=cmd_qdc_import)


def cmd_qdpx_export(args: argparse.Namespace) -> int:
    with open_journal(args, create=False, search=False) as journal:
        report = journal.export_qdpx(args.file, real_names=args.real_names, progress=_Steps())
    for line in report.lines():
        print(line)
    return 0


def cmd_qdpx_import(args: argparse.Namespace) -> int:
    # Like JSON Lines: a large import is committed first, then the index catches up.
    with open_journal(args, search=False) as journal:
        report = journal.import_qdpx(args.file, dry_run=args.dry_run, progress=_Steps())
    for line in report.lines():
        print(line, flush=True)
    created = sum(t.created for w, t in report.tallies.items() if w in ("entry", "memo"))
    if not args.dry_run and created:
        if created > INDEX_AT_ONCE:
            catch_up_index(args)
        else:
            with open_journal(args, create=False) as journal:
                journal.catch_up_index()
    return 0


def cmd_qdc_export(args: argparse.Namespace) -> int:
    with open_journal(args, create=False, search=False) as journal:
        count = journal.export_qdc(args.file)
    print(f"wrote {args.file}: {counted(count, 'code')}")
    return 0


def cmd_qdc_import(args: argparse.Namespace) -> int:
    with open_journal(args, search=False) as journal:
        report = journal.import_qdc(args.file, dry_run=args.dry_run)
    for line in report.lines():
        print(line)
    return 0
