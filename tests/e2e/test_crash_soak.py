"""Crash soak: a process saving in a loop is killed with SIGKILL 50 times at random moments.

Every save it acknowledged (``add_entry`` returned, so the transaction committed) must be
in the database and be found by the next search, run through the command line in a
fresh process, whatever the kills left behind in the index (a commit cut short, a stale
lock, a ledger behind its index, a repair that never finished).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fieldjournal import Journal

KILLS = 50
WRITER = """
import sys
from fieldjournal import Journal
with Journal.open(sys.argv[1]) as journal:
    print("open", flush=True)
    n = 0
    while True:
        entry = journal.add_entry(
            title=f"Soak {sys.argv[2]}-{n}", body=f"lanternsoak round{sys.argv[2]} save{n}"
        )
        print(entry.id, flush=True)  # acknowledged: committed
        n += 1
"""


def fieldjournal(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "fieldjournal", "--journal", str(folder), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def searched_ids(folder: Path) -> set[str]:
    done = fieldjournal(folder, "search", "lanternsoak", "--json", "--limit", "1000000")
    assert "incomplete" not in done.stderr, done.stderr
    return {hit["id"] for hit in json.loads(done.stdout)["hits"]}


def saves_then_killed(folder: Path, round_: int, rng: random.Random) -> list[str]:
    """Start a writer, let it save for a random while, SIGKILL it; the ids it acknowledged."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(round_)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert writer.stdout is not None
    acknowledged: list[str] = []
    try:
        assert writer.stdout.readline() == "open\n", "the writer could not open the journal"
        # Killed at a random moment among its saves: mid-transaction, while its indexer
        # commits, or while it repairs what the previous kill left.
        for _ in range(rng.randint(0, 6)):
            acknowledged.append(writer.stdout.readline().strip())
        time.sleep(rng.uniform(0.0, 0.05))
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    return acknowledged + [line.strip() for line in writer.stdout.read().splitlines()]


@pytest.mark.slow
def test_acknowledged_saves_survive_50_kills_and_are_found(tmp_path: Path) -> None:
    folder = tmp_path / "j"
    Journal.open(folder).close()
    rng = random.Random(20161105)
    acknowledged: list[str] = []
    for round_ in range(KILLS):
        acknowledged += saves_then_killed(folder, round_, rng)
        if round_ % 10 == 9:  # now and then, the next search in a fresh process
            assert set(acknowledged) <= searched_ids(folder)
    assert len(acknowledged) >= KILLS  # the kills fell among saves, not only on start-up
    with Journal.open(folder, search=False) as journal:
        stored = {entry.id for entry in journal.list_entries(limit=None)}
        assert journal.check_consistency() == []  # integrity_check of the database
    assert set(acknowledged) <= stored
    assert searched_ids(folder) == stored  # every save found, nothing found twice
