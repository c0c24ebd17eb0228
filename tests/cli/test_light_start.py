"""``--version``, ``--help`` and every ``<command> --help`` stay light: no DOCX, citation,
search, chart, Qt or database library is imported before a command actually runs.

Checked in a fresh interpreter (this test process has imported everything already), by
what is in ``sys.modules``, never by timing; ``tests/perf/bench_startup.py`` has the figures.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.cli.test_commands import all_parsers

HEAVY = ("docx", "whoosh", "matplotlib", "citeproc", "PySide6", "sqlalchemy", "markdown_it")

PROBE = """
import contextlib, io, json, sys
from fieldjournal.cli import main
loaded = {}
for argv in json.loads(sys.argv[1]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main(argv)
    heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.argv[2])))
    loaded[" ".join(argv)] = heavy
print(json.dumps(loaded))
"""


def heavy_modules_after(argvs: list[list[str]]) -> dict[str, list[str]]:
    """The heavy libraries loaded once each argv has run, in order, in one interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argvs), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded: dict[str, list[str]] = json.loads(done.stdout)
    return loaded


def test_version_and_help_import_no_heavy_library() -> None:
    assert heavy_modules_after([["--version"], ["--help"]]) == {"--version": [], "--help": []}


def test_no_command_help_imports_a_heavy_library() -> None:
    argvs = [[*command, "--help"] for command in all_parsers()]
    loaded = heavy_modules_after(argvs)
    assert len(loaded) == len(argvs) > 30
    assert {argv: heavy for argv, heavy in loaded.items() if heavy} == {}
