"""Merging small segments in a child process, so that searches never wait behind a merge.

Every autosave commits a small segment; when the journal falls idle they are merged into
one, or searches slow down with every segment. Whoosh merges by reading every posting of
the segments it joins in Python (two seconds for twenty autosave segments at 10,000
entries), and in the journal's own process that holds the interpreter while the
researcher searches: searches ran 3x slower until it finished. A child process takes the
index's write lock like any other writer, merges, records the new files in the ledger
and exits; the journal's next search sees the new generation.

The child runs at the lowest CPU priority (``MERGE_NICENESS``), so on a busy machine the
researcher's searches get the processor first; and the indexer stops a merge when a
search starts (``stopping``) and merges again once the searching has paused.

A merge is an optimisation: if the child cannot run or fails, the segments stay as they
are (searches remain correct) and the failure is logged. Killing the child mid-commit
leaves the index as it was (Whoosh commits by renaming its table of contents).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)
# The packaged app has no ``python -m``: its launcher recognises this first argument.
FROZEN_FLAG = "--fieldjournal-merge-index"
POLL = 0.05  # seconds between checks whether the journal is closing or a search began
MERGE_NICENESS = 19  # the lowest priority: a merge only takes what searches leave


def merge_command(folder: Path, lock_timeout: float) -> list[str]:
    arguments = [str(folder), repr(lock_timeout)]
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_FLAG, *arguments]
    return [sys.executable, "-m", "fieldjournal.search.merging", *arguments]


def _child_environment() -> dict[str, str]:
    """The parent's environment, with this package importable however it was found."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return env


def merge_in_child(
    folder: Path, *, lock_timeout: float, stopping: Callable[[], bool] = lambda: False
) -> bool:
    """Merge the index's small segments in a child process; True if it succeeded.

    ``stopping()`` is polled while the child runs: when it turns true (the journal is
    closing, or a search is waiting) the child is stopped and the merge is left for
    another time.
    """
    # Errors go to a file, not a pipe: a pipe nobody reads could fill and stall the child.
    with tempfile.TemporaryFile() as errors:
        try:
            child = subprocess.Popen(
                merge_command(folder, lock_timeout),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=_child_environment(),
            )
        except OSError as error:
            log.warning("could not start the index merge: %s", error)
            return False
        lower_priority(child.pid)
        while child.poll() is None:
            if stopping():
                child.kill()
                child.wait()
                log.info("the index merge was stopped and left for another time")
                return False
            time.sleep(POLL)
        if child.returncode != 0:
            errors.seek(0)
            lines = errors.read().decode("utf-8", "replace").strip().splitlines()
            reason = lines[-1] if lines else f"exit status {child.returncode}"
            log.warning("the index merge failed (segments left as they are): %s", reason)
            return False
    return True


def lower_priority(pid: int) -> None:
    """Give the merge the lowest CPU priority (a merge that cannot be niced still runs)."""
    setpriority = getattr(os, "setpriority", None)
    if setpriority is None:  # Windows: no niceness to set
        return
    try:
        setpriority(os.PRIO_PROCESS, pid, MERGE_NICENESS)
    except OSError as error:  # it may have ended already
        log.debug("could not lower the merge's priority: %s", error)


def main(argv: Sequence[str] | None = None) -> int:
    """The child: merge the small segments of the index in ``argv[0]``."""
    from fieldjournal.search.store import IndexStore

    folder, lock_timeout = (argv if argv is not None else sys.argv[1:])[:2]
    store = IndexStore(Path(folder), lock_timeout=float(lock_timeout))
    try:
        with store.write_lock():
            store.merge_small()
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
