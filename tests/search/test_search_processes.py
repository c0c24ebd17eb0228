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
from tests.search.search_helpers import open_driven, settle

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
    with open_driven(folder) as journal:
        settle(journal)
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
        with open_driven(folder) as journal:
            settle(journal)
            stored = {s.title for s in journal.list_entries()}
            assert titles_found(journal, "written") == stored
            # Whatever the kill left (at worst a rebuild) is reported once, then sound.
            assert all("repaired on open" in p for p in journal.check_consistency())
        with Journal.open(folder) as journal:
            assert journal.check_consistency() == []


REBUILDER = """
import sys
from fieldjournal import Journal
from fieldjournal.search import store
store.LOAD_CHUNK = 100  # progress (and this line) once its analysing processes have work
with Journal.open(sys.argv[1]) as journal:
    journal.flush_index()
    journal.reindex(lambda done, total: print(done, flush=True))
"""


def unindexed_visits(folder: Path, count: int) -> Path:
    """A journal of ``count`` entries that a rebuild indexes with two processes."""
    with Journal.open(folder, search=False) as journal:
        for i in range(count):
            journal.add_entry(title=f"Visit {i}", body=f"the carers forum, visit number{i}")
    return folder


@pytest.mark.slow
def test_kill_9_during_a_two_process_rebuild_frees_the_index(tmp_path: Path) -> None:
    """The analysing processes share the writer's locks; they must not outlive it."""
    folder = unindexed_visits(tmp_path / "j", 900)
    rebuilder = subprocess.Popen(
        [sys.executable, "-c", REBUILDER, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert rebuilder.stdout is not None
    while int(rebuilder.stdout.readline() or 900) < 300:
        pass  # the analysing processes have been given work
    os.kill(rebuilder.pid, signal.SIGKILL)
    rebuilder.wait()
    deadline = time.monotonic() + 20
    while processes_naming(folder) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = processes_naming(folder)
    for pid in left:
        os.kill(pid, signal.SIGKILL)  # so that a failure leaves nothing behind
    assert not left, "analysing processes outlived the killed writer"
    with Journal.open(folder) as journal:
        journal.catch_up_index()  # the index can be written again: the rebuild is repaired
        assert journal.search("carers").total == 900
        assert journal.check_consistency() == []


@pytest.mark.slow
def test_ctrl_c_stops_fieldjournal_reindex_and_loses_nothing(tmp_path: Path) -> None:
    folder = unindexed_visits(tmp_path / "j", 900)
    command = [sys.executable, "-m", "fieldjournal", "--journal", str(folder), "reindex"]
    # A shell runs a background job with SIGINT ignored, and Python then installs no
    # KeyboardInterrupt handler: give the child the default, as a terminal would.
    rebuild = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert rebuild.stderr is not None
    assert rebuild.stderr.read(len("indexing")) == "indexing"  # under way
    rebuild.send_signal(signal.SIGINT)
    err = rebuild.stderr.read()
    assert rebuild.wait(60) == 130
    assert "nothing in the journal is lost" in err and "Traceback" not in err
    assert not processes_naming(folder)
    with Journal.open(folder) as journal:
        journal.catch_up_index()
        assert journal.search("carers").total == 900


def processes_naming(folder: Path) -> list[int]:
    """Processes whose command line names ``folder`` (forked children keep their parent's)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and str(folder) in (proc / "cmdline").read_text():
                found.append(int(proc.name))
        except OSError:
            continue  # ended meanwhile
    return found
