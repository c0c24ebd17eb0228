"""Drive the installed ``fieldjournal`` command as a user would, in a temp folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


def installed_command() -> str:
    """The console script of this environment (beside the interpreter), else on PATH."""
    beside = Path(sys.executable).parent / "fieldjournal"
    if beside.exists():
        return str(beside)
    found = shutil.which("fieldjournal")
    if found is None:
        pytest.fail("the fieldjournal command is not installed (pip install -e .)")
    return found


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def line(self) -> str:
        return self.out.strip()


@dataclass
class Cli:
    journal: Path
    cwd: Path

    def __call__(
        self, *args: str, stdin: str | None = None, journal: bool = True, ok: bool = True
    ) -> Result:
        command = [installed_command()]
        if journal:
            command += ["--journal", str(self.journal)]
        done = subprocess.run(
            [*command, *args],
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=self.cwd,
            env=dict(os.environ),
            timeout=120,
        )
        result = Result(done.returncode, done.stdout, done.stderr)
        if ok:
            assert result.code == 0, result.err
        return result

    def fails(self, *args: str, stdin: str | None = None, journal: bool = True) -> str:
        """Run a command that must fail: one line on stderr, non-zero exit, no traceback."""
        result = self(*args, stdin=stdin, journal=journal, ok=False)
        assert result.code != 0
        assert "Traceback" not in result.err
        lines = result.err.strip().splitlines()
        assert len(lines) == 1, result.err
        assert lines[0].startswith("fieldjournal: error: ")
        return lines[0].removeprefix("fieldjournal: error: ")


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    work = tmp_path / "work"
    work.mkdir()
    return Cli(tmp_path / "fieldwork", work)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test here starts the command a dozen times: mark them slow (``-m "not slow"``)."""
    for item in items:
        if "tests/e2e/" in item.nodeid:
            item.add_marker(pytest.mark.slow)
