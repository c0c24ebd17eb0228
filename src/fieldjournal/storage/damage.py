"""Is the database damaged? Cheap checks on open, SQLite's own checks after, and the advice.

On open, before SQLAlchemy touches the file: the header must be SQLite's, its page size
valid and the file at least as long as the header says (a file cut short is caught here,
in microseconds). Then ``Database`` reads the schema, and runs ``PRAGMA quick_check`` on a
thread of its own that the first write waits for: reads never wait, and a write never
lands in a damaged file unnoticed. ``integrity_check`` (which also compares every index
with its table) runs in ``fieldjournal check`` and in the background in the app.

A damaged journal is read-only; the message names the newest verified snapshot (from the
backup module) and its age, and the salvage command.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fieldjournal.domain.errors import JournalDamaged
from fieldjournal.storage.backups import newest_verified

MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100
SALVAGE_HINT = "`fieldjournal salvage FILE.jsonl`"
RESTORE_HINT = "`fieldjournal backup restore --latest` (File › Backups… in the app)"


def header_problem(database: Path) -> str | None:
    """What is wrong with the file's header (None: it looks like a sound SQLite file).

    An empty file is a journal not created yet, not damage.
    """
    try:
        size = database.stat().st_size
        if size == 0:
            return None
        with database.open("rb") as f:
            header = f.read(HEADER_BYTES)
    except FileNotFoundError:
        return None
    if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
        return "its file header is not an SQLite database's"
    raw_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if raw_size == 1 else raw_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its file header is damaged"
    change_counter, valid_for = header[24:28], header[92:96]
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count is to be trusted only when SQLite says so (valid-for).
    if change_counter == valid_for and pages and pages * page_size > size:
        return f"the file is cut short: {size:,} of {pages * page_size:,} bytes"
    if size % page_size:
        return "the file is cut short in the middle of a page"
    return None


def age_words(age: timedelta) -> str:
    seconds = max(0, int(age.total_seconds()))
    for unit, length in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= length:
            count = seconds // length
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "moments ago"


def newest_snapshot_words(root: Path, now: datetime | None = None) -> str | None:
    """``snapshot-….db from 3 hours ago``, the newest verified snapshot; None without one."""
    try:
        snapshot = newest_verified(root)
    except (OSError, ValueError):
        return None
    if snapshot is None:
        return None
    moment = now or datetime.now(UTC)
    return f"{snapshot.name} from {age_words(moment - snapshot.created_at)}"


def damage_words(detail: str) -> str:
    """SQLite's detail in the researcher's words."""
    lowered = detail.lower()
    if "cut short" in lowered or "header" in lowered:
        return detail
    if "not a database" in lowered:
        return "its file is no longer readable as a database"
    return "some of its pages cannot be read"


def damaged_error(root: Path, detail: str, now: datetime | None = None) -> JournalDamaged:
    """The one sentence for a damaged journal: what happened and what to do."""
    snapshot = newest_snapshot_words(root, now)
    if snapshot is not None:
        advice = (
            f"restore the newest verified snapshot, {snapshot}, with {RESTORE_HINT}, "
            f"or save what can still be read with {SALVAGE_HINT}"
        )
    else:
        advice = (
            "there is no verified snapshot to restore, so save what can still be read "
            f"with {SALVAGE_HINT} and import that file into a new journal"
        )
    return JournalDamaged(
        f"the journal at {root} is damaged ({damage_words(detail)}), so it is open "
        f"read-only and nothing more will be saved: {advice}",
        detail,
    )
