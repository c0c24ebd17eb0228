"""End-to-end: a full disk through the installed command (a 2 MB tmpfs, where permitted).

A save, an export and a code report on a full disk each answer with one line that says
the disk is full; no partial file is left, and nothing saved before is lost.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Cli


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip() or 'not permitted'}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> None:
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)


def test_exports_to_a_full_disk_say_so_and_leave_nothing(cli: Cli, full_disk: Path) -> None:
    entry = cli("add", "--title", "Board", "--body", "Ada spoke first", "--code", "Voice").line
    assert entry
    fill(full_disk)
    for command in (
        ("export", str(full_disk / "out.jsonl")),
        ("report", "--code", "Voice", str(full_disk / "voice.docx")),
    ):
        message = cli.fails(*command)
        assert message.startswith("the disk is full: ") and "no part of it was left" in message
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


def test_a_save_on_a_full_disk_says_so(cli: Cli, full_disk: Path) -> None:
    journal = Cli(full_disk / "journal", cli.cwd)
    kept = journal("add", "--title", "kept", "--body", "before the disk filled").line
    fill(full_disk)
    message = journal.fails("add", "--title", "refused", "--body", "long text " * 5000)
    assert message.startswith("the disk is full"), message
    (full_disk / "filler").unlink()
    assert journal("show", kept, "--json").json()["body"] == "before the disk filled"
