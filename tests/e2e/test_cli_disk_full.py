"""End-to-end: a full disk through the installed command (a 2 MB tmpfs, where permitted).

A save, an export and a code report on a full disk each answer with one line that says
the disk is full; no partial file is left, and nothing saved before is lost.
"""

from __future__ import annotations

from pathlib import Path

from tests.disk_full import fill
from tests.e2e.conftest import Cli


def test_exports_to_a_full_disk_say_so_and_leave_nothing(cli: Cli, small_disk: Path) -> None:
    entry = cli("add", "--title", "Board", "--body", "Ada spoke first", "--code", "Voice").line
    assert entry
    fill(small_disk)
    for command in (
        ("export", str(small_disk / "out.jsonl")),
        ("report", "--code", "Voice", str(small_disk / "voice.docx")),
    ):
        message = cli.fails(*command)
        assert message.startswith("the disk is full: ") and "no part of it was left" in message
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_a_save_on_a_small_disk_says_so(cli: Cli, small_disk: Path) -> None:
    journal = Cli(small_disk / "journal", cli.cwd)
    kept = journal("add", "--title", "kept", "--body", "before the disk filled").line
    fill(small_disk)
    message = journal.fails("add", "--title", "refused", "--body", "long text " * 5000)
    assert message.startswith("the disk is full"), message
    (small_disk / "filler").unlink()
    assert journal("show", kept, "--json").json()["body"] == "before the disk filled"
