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


def test_a_journal_on_a_full_disk_is_still_read(cli: Cli, small_disk: Path) -> None:
    """SQLite needs room for its shared-memory file even to read a journal in WAL mode:
    the journal is read as it stands instead, and each save says the disk is full."""
    journal = Cli(small_disk / "journal", cli.cwd)
    kept = journal("add", "--title", "Kept", "--body", "the voluntary sector").line
    assert journal("search", "voluntary", "--json").json()["total"] == 1
    fill(small_disk)
    listed = journal("list")
    assert "Kept" in listed.out and "Traceback" not in listed.err
    (warning,) = listed.err.strip().splitlines()
    assert "is full" in warning and "nothing can be saved" in warning
    assert journal("show", kept, "--json").json()["body"] == "the voluntary sector"
    assert journal("search", "voluntary", "--json").json()["total"] == 1
    journal("export", str(cli.cwd / "out.jsonl"))  # to another disk: the salvage route
    assert "Kept" in (cli.cwd / "out.jsonl").read_text("utf-8")
    message = journal.fails("add", "--title", "refused", "--body", "no room")
    assert message.startswith("the disk is full: your change was not saved"), message
    message = journal.fails("backup", "now")
    assert message.startswith("the disk is full: the snapshot could not be made"), message
    (small_disk / "filler").unlink()
    journal("add", "--title", "Later", "--body", "room again")
    assert journal("search", "voluntary OR room", "--json").json()["total"] == 2
