"""The index never costs an answer: commands after the index was deleted, damaged or made
unusable, each run in a process of its own as a researcher would run them."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fieldjournal import Journal
from fieldjournal.cli import main
from fieldjournal.search.index import SearchIndex


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "fieldjournal", "--journal", str(folder), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.fixture
def thirty(tmp_path: Path) -> Path:
    with Journal.open(tmp_path / "j") as journal:
        for i in range(30):
            journal.add_entry(
                title=f"Visit {i}", body=f"the voluntary sector at Eastgate, visit number{i}"
            )
    return tmp_path / "j"


def searched(folder: Path, query: str = "voluntary") -> tuple[dict[str, Any], str]:
    done = run(folder, "search", query, "--json", "--limit", "100")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout), done.stderr


def test_the_first_search_after_the_index_was_deleted_is_complete(thirty: Path) -> None:
    shutil.rmtree(thirty / "index")
    found, err = searched(thirty)
    assert found["total"] == 30 and len(found["hits"]) == 30
    assert "incomplete" not in err
    assert searched(thirty, "number7")[0]["total"] == 1


def test_the_first_search_after_the_index_was_truncated_is_complete(thirty: Path) -> None:
    for path in (thirty / "index").iterdir():
        if path.suffix in (".pst", ".trm"):
            with path.open("r+b") as handle:
                handle.truncate(path.stat().st_size // 2)
    found, err = searched(thirty)
    assert found["total"] == 30
    assert "incomplete" not in err


def test_a_search_behind_the_database_catches_up_first(thirty: Path) -> None:
    with Journal.open(thirty, search=False) as journal:  # saves the index never saw
        for i in range(40):
            journal.add_entry(title=f"Lantern {i}", body="the lantern at the drop-in")
    found, err = searched(thirty, "lantern")
    assert found["total"] == 40
    assert "incomplete" not in err


def one_line_saying_so(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "cannot be used" in lines[0] and "temporary index" in lines[0]


def test_an_index_folder_replaced_by_a_file_costs_one_line(thirty: Path) -> None:
    shutil.rmtree(thirty / "index")
    (thirty / "index").write_text("a file where the index was")
    found, err = searched(thirty)
    assert found["total"] == 30
    one_line_saying_so(err)
    added = run(thirty, "add", "--title", "Later", "--body", "a voluntary evening")
    assert added.returncode == 0, added.stderr
    one_line_saying_so(added.stderr)
    listed = run(thirty, "list", "--limit", "100")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 31
    assert "Traceback" not in listed.stderr
    assert searched(thirty)[0]["total"] == 31
    checked = run(thirty, "check")
    assert checked.returncode == 0, checked.stdout
    one_line_saying_so(checked.stderr)
    assert (thirty / "index").read_text() == "a file where the index was"


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """No file can be made in ``folder``: for root (who ignores modes) an immutable one."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if made.returncode != 0:  # a file system without the attribute
        pytest.skip(f"cannot make a folder read-only for root here: {made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_index_folder_costs_one_line(thirty: Path) -> None:
    with read_only(thirty / "index"):
        found, err = searched(thirty)
        assert found["total"] == 30
        one_line_saying_so(err)
        added = run(thirty, "add", "--title", "Later", "--body", "a voluntary evening")
        assert added.returncode == 0, added.stderr
        one_line_saying_so(added.stderr)
        assert "FIELDJOURNAL_WRITELOCK" not in added.stderr
        assert searched(thirty)[0]["total"] == 31
    found, err = searched(thirty)  # writable again: its own index catches up
    assert found["total"] == 31 and err == ""


READ_ONLY_MOUNT = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'


def run_on_read_only_mount(
    folder: Path, index: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """The command with ``index`` mounted read-only, in a mount namespace of its own: the
    file system refuses every write (EROFS), for root too, and nothing else sees it."""
    command = [sys.executable, "-m", "fieldjournal", "--journal", str(folder), *args]
    wrapped = ["unshare", "-m", "sh", "-c", READ_ONLY_MOUNT, "sh", str(index), *command]
    return subprocess.run(wrapped, capture_output=True, text=True, timeout=120)


def test_an_index_folder_on_a_read_only_mount_lets_every_command_work(thirty: Path) -> None:
    """Each command is a process of its own, as a researcher runs them (six: about 5 s)."""
    index = thirty / "index"
    probe = run_on_read_only_mount(thirty, index, "list", "--limit", "1")
    if probe.returncode != 0 and "Traceback" not in probe.stderr:
        pytest.skip(f"cannot mount a folder read-only here: {probe.stderr.strip()}")
    before = sorted(p.name for p in index.iterdir())
    done = run_on_read_only_mount(thirty, index, "search", "voluntary", "--json", "--limit", "100")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 30
    one_line_saying_so(done.stderr)
    assert "read-only" in done.stderr and "Errno" not in done.stderr
    added = run_on_read_only_mount(thirty, index, "add", "--title", "Later", "--body", "voluntary")
    assert added.returncode == 0, added.stderr
    one_line_saying_so(added.stderr)
    for args in (["check"], ["export", str(thirty.parent / "out.jsonl")]):
        done = run_on_read_only_mount(thirty, index, *args)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and "Errno" not in done.stderr
    exported = (thirty.parent / "out.jsonl").read_text("utf-8").splitlines()
    assert sum('"type":"entry"' in line for line in exported) == 31
    assert sorted(p.name for p in index.iterdir()) == before  # nothing was written there
    found, err = searched(thirty)  # writable again: its own index catches up
    assert found["total"] == 31 and err == ""


def test_a_journal_on_a_read_only_mount_is_read_as_it_stands(thirty: Path) -> None:
    """A backup drive mounted read-only: every read works, each save says why it cannot."""
    probe = run_on_read_only_mount(thirty, thirty, "list", "--limit", "1")
    if probe.returncode != 0 and "Traceback" not in probe.stderr:
        pytest.skip(f"cannot mount a folder read-only here: {probe.stderr.strip()}")
    (warning,) = probe.stderr.strip().splitlines()
    assert "read-only" in warning and "read as it stands" in warning
    done = run_on_read_only_mount(thirty, thirty, "search", "voluntary", "--json", "--limit", "50")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 30
    added = run_on_read_only_mount(thirty, thirty, "add", "--title", "Later", "--body", "no")
    assert added.returncode == 1 and "Traceback" not in added.stderr
    assert "is on a disk or mount that is read-only, so your change was not saved" in added.stderr


def test_a_full_disk_during_index_writes_is_a_sentence(
    thirty: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As a small tmpfs would: every index write fails with ENOSPC."""
    with Journal.open(thirty, search=False) as journal:  # the index is behind
        for i in range(5):
            journal.add_entry(title=f"Lantern {i}", body="the voluntary lantern")

    def no_room(self: SearchIndex, *args: Any, **kwargs: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SearchIndex, "recreate", no_room)
    monkeypatch.setattr(SearchIndex, "apply", no_room)
    assert main(["--journal", str(thirty), "search", "voluntary"]) == 0
    out, err = capsys.readouterr()
    assert "30 entries match" in out  # what the index holds, and it says what is missing
    assert "disk" in err and "is full" in err and "newest entries" in err
    assert "Traceback" not in err and "Errno" not in err
    assert main(["--journal", str(thirty), "reindex"]) == 1
    err = capsys.readouterr().err
    assert "is full" in err and "Traceback" not in err and "Errno" not in err
    monkeypatch.undo()  # room again: the index is built and every entry found
    assert main(["--journal", str(thirty), "search", "voluntary", "--json", "--limit", "50"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 35
