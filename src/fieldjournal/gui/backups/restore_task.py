"""Restoring a snapshot from the app: the work the window's runner does with no journal open.

The window detaches the journal first (nothing may read it while its file is swapped),
then the runner calls :func:`restore_call`'s function on a worker thread: it opens the
journal again, restores (which snapshots the journal as it was, replaces the file and
rebuilds the index, reporting progress) and hands back the open, restored journal for the
window to show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fieldjournal.domain.backups import entries_text

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal
    from fieldjournal.services.journal_backups import RestoreReport

OpenFunction = Callable[[str | None, bool], "Journal"]
Restored = tuple["Journal", "RestoreReport"]


def describe_restore(report: RestoreReport) -> str:
    text = f"Restored {report.restored.name}: {entries_text(report.entries)}."
    if report.before is not None:
        text += f" The journal as it was is kept as {report.before.name}."
    if report.damaged_copy is not None:
        text += f" The journal as it was failed its check; kept as {report.damaged_copy.name}."
    return text


def restore_call(
    open_journal: OpenFunction,
    path: str,
    name: str,
    progress: Callable[[int, int], None],
    before: Callable[[], None] = lambda: None,
) -> Callable[[], Restored]:
    """The restore as one call for a worker thread; a journal it opened is closed again
    when the restore fails (the window then opens the journal as it was)."""

    def restore() -> Restored:
        before()  # e.g. wait for the last snapshot of the closed journal
        journal = open_journal(path, False)
        try:
            return journal, journal.restore_backup(name, progress)
        except BaseException:
            journal.close()
            raise

    return restore
