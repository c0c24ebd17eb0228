"""Two processes at once, and writers killed mid-commit: nothing committed goes missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fieldjournal import Journal

WRITER = """
import sys
from fieldjournal import Journal
with Journal.open(sys.argv[1]) as journal:
    for i in range(int(sys.argv[3])):
        journal.add_entry(title=f"{sys.argv[2]} {i}", body=f"written by {sys.argv[2]} number{i}")
        print(i, flush=True)
"""


def start_writer(folder: Path, name: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), name, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def titles_found(journal: Journal, query: str) -> set[str]:
    return {hit.title for hit in journal.search(query, limit=10_000).hits}


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "j"
    Journal.open(folder).close()
    writers = [start_writer(folder, name, 25) for name in ("alpha", "beta")]
    with Journal.open(folder) as journal:  # a third process-like user: searches meanwhile
        while any(w.poll() is None for w in writers):
            journal.search("written")  # readers are never blocked
            time.sleep(0.05)
    for writer in writers:
        _, err = writer.communicate()
        assert writer.returncode == 0, err
    with Journal.open(folder) as journal:
        journal._searching().settle()
        assert titles_found(journal, "alpha") == {f"alpha {i}" for i in range(25)}
        assert titles_found(journal, "beta") == {f"beta {i}" for i in range(25)}
        assert journal.check_consistency() == []


def test_searcher_sees_other_processes_commits(tmp_path: Path) -> None:
    folder = tmp_path / "j"
    with Journal.open(folder) as journal:
        assert journal.search("gamma").total == 0
        writer = start_writer(folder, "gamma", 3)
        writer.communicate()
        assert writer.returncode == 0
        assert titles_found(journal, "gamma") == {"gamma 0", "gamma 1", "gamma 2"}


@pytest.mark.slow
def test_kill_9_mid_commit_is_repaired(tmp_path: Path) -> None:
    folder = tmp_path / "j"
    Journal.open(folder).close()
    for round_ in range(4):
        writer = start_writer(folder, f"round{round_}", 400)
        assert writer.stdout is not None
        for _ in range(5 + 7 * round_):  # let it commit some entries, then kill it
            writer.stdout.readline()
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        with Journal.open(folder) as journal:
            journal._searching().settle()
            stored = {s.title for s in journal.list_entries()}
            assert titles_found(journal, "written") == stored
            # Whatever the kill left (at worst a rebuild) is reported once, then sound.
            assert all("repaired on open" in p for p in journal.check_consistency())
        with Journal.open(folder) as journal:
            assert journal.check_consistency() == []
