"""Rebuilding the index on request and checking it against the journal, in the caller's thread.

Both take the indexer's write lock for their work, so the background tasks wait; both
leave the indexer's schedule as if it had done the work itself (a rebuild cut short
queues what is left; a check repairs what it finds).
"""

from __future__ import annotations

from collections.abc import Callable

from fieldjournal.domain.errors import DiskFull, Interrupted
from fieldjournal.domain.wording import counted
from fieldjournal.search.fallback import disk_full_problem, is_disk_full
from fieldjournal.search.indexer import Indexer, Progress, Stopped

OTHERS_GRACE = 1.5  # seconds another process has to index its save (searchable within 1 s)


def rebuild(
    indexer: Indexer, progress: Progress | None = None, stop: Callable[[], bool] | None = None
) -> int:
    """Rebuild from scratch in the caller's thread, reporting (done, total).

    ``stop()`` (or the journal closing) cuts the rebuild short between chunks: it raises
    Interrupted, and the entries not yet in the index are repaired in the background,
    now or on the next open.
    """
    index = indexer.index()
    source = indexer.source
    with indexer.work:
        indexer.set_bulk(max(1, indexer.status().total))
        try:
            index.recreate(source.sample_texts())
            ids = list(source.live_versions())
            indexer.set_bulk(len(ids), total=len(ids))

            def report(done: int, total: int) -> None:
                if indexer.stopping() or (stop is not None and stop()):
                    raise Stopped
                indexer.set_bulk(total - done)
                if progress:
                    progress(done, total)

            report(0, len(ids))
            index.apply(source.load, ids, bulk=True, progress=report)
        except Stopped:
            indexer.queue_difference()
            raise Interrupted(
                "the rebuild of the search index was stopped; "
                "the index catches up in the background"
            ) from None
        except OSError as error:
            if not is_disk_full(error):
                raise
            indexer.schedule_rebuild("the rebuild ran out of disk space")
            raise DiskFull(disk_full_problem(indexer.place.folder)) from None
        finally:
            indexer.set_bulk(0, done=True)
    return len(ids)


def check(indexer: Indexer) -> list[str]:
    """Problems found on open or now (empty: the index matches the database).

    Whatever is found is repaired before this returns: damaged files by a rebuild,
    entries indexed as they no longer are by indexing them again. An entry another
    process has just saved is in the database before it is in the index; entries that
    differ are looked at again after ``OTHERS_GRACE`` before they count.
    """
    indexer.deep_check_done()  # done below, at once
    indexer.settle(merges=False)
    index = indexer.index()
    said = indexer.place.notice  # the index is sound where it is, in a temporary folder
    found = [f"repaired on open: {p}" for p in indexer.status().problems if p != said]
    with indexer.work:
        damaged = index.verify(deep=True)
        stale, extra, _ = indexer.differences(index)
    if not damaged and (stale or extra):
        indexer.clock.wait_until(indexer.clock.now() + OTHERS_GRACE)
        with indexer.work:
            again = indexer.differences(index)
        stale, extra = stale & again[0], extra & again[1]
    problems = list(damaged)
    if stale:
        one = len(stale) == 1
        problems.append(
            f"{counted(len(stale), 'entry')} {'is' if one else 'are'} not indexed "
            f"as {'it is' if one else 'they are'} now"
        )
    if extra:
        verb = "is" if len(extra) == 1 else "are"
        problems.append(
            f"{counted(len(extra), 'entry')} in the index {verb} no longer in the journal"
        )
    if damaged:
        rebuild(indexer)
        return found + [f"{p} (the index was rebuilt)" for p in problems]
    if problems:
        with indexer.work:
            index.apply(indexer.source.load, sorted(stale | extra), force=True)
    return found + [f"{p} (indexed again)" for p in problems]
