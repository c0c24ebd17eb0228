"""``--version``, ``--help`` and every ``<command> --help`` stay light: no DOCX, citation,
search, chart, Qt or database library is imported before a command actually runs, and
only the module of the command given (none for ``--version``).

Checked in a fresh interpreter (this test process has imported everything already), by
what is in ``sys.modules``, never by timing; ``tests/perf/bench_startup.py`` has the figures.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import subprocess
import sys

import pytest

from fieldjournal import cli
from fieldjournal.cli import COMMANDS
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
    heavy += sorted(m for m in sys.modules if m.startswith("fieldjournal.cli.") and "_comm" in m)
    loaded[" ".join(argv)] = heavy
print(json.dumps(loaded))
"""


def heavy_modules_after(argvs: list[list[str]]) -> dict[str, list[str]]:
    """The heavy libraries and command modules loaded once each argv has run, in order,
    in one interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argvs), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded: dict[str, list[str]] = json.loads(done.stdout)
    return loaded


def test_version_loads_nothing_and_help_only_the_command_modules() -> None:
    assert heavy_modules_after([["--version"], ["--help"]]) == {
        "--version": [],
        "--help": sorted(COMMANDS),
    }


def test_a_command_loads_its_own_module_only() -> None:
    assert heavy_modules_after([["list", "--help"]]) == {
        "list --help": ["fieldjournal.cli.entry_commands"]
    }


def test_no_command_help_imports_a_heavy_library() -> None:
    argvs = [[*command, "--help"] for command in all_parsers()]
    loaded = heavy_modules_after(argvs)
    assert len(loaded) == len(argvs) > 30
    heavy = {argv: [m for m in names if m in HEAVY] for argv, names in loaded.items()}
    assert {argv: names for argv, names in heavy.items() if names} == {}


def test_the_table_names_the_commands_each_module_registers() -> None:
    """The light first parse finds a command's module from ``COMMANDS``: it must be true."""
    for module, names in COMMANDS.items():
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers()
        importlib.import_module(module).register(commands)
        assert tuple(commands.choices) == names, module


def test_a_command_collects_cycles_rarely_and_leaves_the_callers_collection_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    during: list[tuple[int, int, int]] = []

    def run(args: argparse.Namespace, qt_options: object) -> int:
        during.append(gc.get_threshold())
        return 0

    monkeypatch.setattr(cli, "_run", run)
    before = gc.get_threshold()
    assert cli.main(["list"]) == 0
    assert during == [cli.COMMAND_GC_THRESHOLD]
    assert gc.get_threshold() == before != cli.COMMAND_GC_THRESHOLD
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert gc.get_threshold() == before
