"""End-to-end: a damaged journal through the installed command, as a researcher meets it.

Every command answers in one line on stderr, without a traceback or a web address, and
says what to do; ``add`` never succeeds on a damaged file; ``check`` reports the damage;
``salvage`` writes a file that ``import`` takes into a new journal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import Cli
from tests.storage.damage import DAMAGES, damaged_copy, fill_sample_journal

# Each command starts a new process (about a second here): the whole path for three
# kinds of damage, the refused write for the rest.
WHOLE_PATH = ("truncated to half", "entry table leaf", "timeline index leaf")
WRITE_ONLY = ("entry table interior", "entry id index leaf", "schema page", "file header")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-sample") / "journal"
    fill_sample_journal(folder, entries=60)
    return folder


def sentence(line: str) -> None:
    assert "Traceback" not in line and "http" not in line
    assert "is damaged" in line and "fieldjournal salvage" in line
    assert "unexpected error" not in line


@pytest.mark.parametrize("name", WRITE_ONLY)
def test_add_to_a_damaged_journal_is_refused(name: str, sample: Path, cli: Cli) -> None:
    damaged_copy(sample, cli.journal, DAMAGES[name])
    sentence(cli.fails("add", "--title", "must not be saved", "--body", "x"))


@pytest.mark.parametrize("name", WHOLE_PATH)
def test_a_damaged_journal_answers_in_one_sentence(name: str, sample: Path, cli: Cli) -> None:
    damaged_copy(sample, cli.journal, DAMAGES[name])
    sentence(cli.fails("add", "--title", "must not be saved", "--body", "x"))
    checked = cli("check", ok=False)
    assert checked.code == 1 and "Traceback" not in checked.err + checked.out
    assert len(checked.err.strip().splitlines()) == 1
    sentence(checked.err.strip())
    out = cli.cwd / "salvaged.jsonl"
    salvaged = cli("salvage", str(out))
    assert salvaged.out.startswith("salvaged ") and "Traceback" not in salvaged.err
    fresh = Cli(cli.journal.with_name("fresh"), cli.cwd)
    assert fresh("import", str(out)).line.startswith("imported ")


def test_reads_that_work_still_say_the_journal_is_damaged(sample: Path, cli: Cli) -> None:
    damaged_copy(sample, cli.journal, DAMAGES["entry id index leaf"])
    cli.fails("add", "--title", "x")  # the write finds the damage (quick_check)
    listed = cli("list", ok=False)
    lines = listed.err.strip().splitlines()
    assert len(lines) == 1
    sentence(lines[0])
