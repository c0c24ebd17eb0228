"""Snapshots of a journal as records, and which of them rotation keeps.

The rule of rotation is a pure function over the snapshots' times and an injected "now",
so it is tested without a clock or a disk: every snapshot of the last day (up to a
count), then the newest of each day for a month, then the newest of each week for a year.
Disk use is bounded by ``recent + daily + weekly`` snapshots.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import MappingProxyType

from fieldjournal.domain.errors import InvalidInput

SNAPSHOT = "snapshot"
BEFORE_UPGRADE = "before upgrade"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One copy of ``journal.db`` in ``backups/`` (or a mirror folder).

    ``verified`` means the copy passed its integrity check and its row counts equalled the
    journal's at the moment of the copy; a copy without a manifest (those made before a
    schema upgrade) is never called verified. ``changes`` is the journal's change counter
    at the moment of the copy (None in manifests written before it was kept): equal to
    the journal's now, the journal has not changed since.
    """

    path: Path
    created_at: datetime
    size: int
    counts: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    verified: bool = False
    sha256: str = ""
    schema_version: str = ""
    app_version: str = ""
    kind: str = SNAPSHOT
    changes: int | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def entries(self) -> int | None:
        return self.counts.get("entry")

    def age(self, now: datetime) -> timedelta:
        return now - self.created_at


@dataclass(frozen=True, slots=True)
class RotationPolicy:
    """How many snapshots rotation keeps in each band (the settings dialog edits these)."""

    recent: int = 48  # every snapshot of the last 24 hours, up to this many
    daily: int = 30  # then one a day for this many days
    weekly: int = 52  # then one a week for this many weeks

    def __post_init__(self) -> None:
        for name in ("recent", "daily", "weekly"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0 or value > 10_000:
                raise InvalidInput(f"{name} snapshots to keep must be a whole number 0–10000")
        if self.recent < 1:
            raise InvalidInput("at least one recent snapshot must be kept")


@dataclass(frozen=True, slots=True)
class BackupSettings:
    """Per-journal backup settings (kept in the journal folder, so they travel with it)."""

    interval_minutes: int = 10
    mirror: str | None = None
    rotation: RotationPolicy = RotationPolicy()

    def __post_init__(self) -> None:
        if not isinstance(self.interval_minutes, int) or not 1 <= self.interval_minutes <= 1440:
            raise InvalidInput("the backup interval must be 1 to 1440 minutes")


def entries_text(count: int) -> str:
    return f"{count:,} entr{'y' if count == 1 else 'ies'}"


def to_keep(
    times: Iterable[datetime], now: datetime, policy: RotationPolicy = RotationPolicy()
) -> set[datetime]:
    """The snapshot times rotation keeps; every other snapshot may be deleted.

    The newest snapshot is always kept, and so is anything stamped after ``now`` (a clock
    that was set back must not cost the latest copies).
    """
    ordered = sorted(set(times), reverse=True)
    if not ordered:
        return set()
    keep = {ordered[0]}
    keep.update(t for t in ordered if t > now)
    recent = [t for t in ordered if now - timedelta(hours=24) <= t <= now]
    keep.update(recent[: policy.recent])
    keep.update(_newest_per_bucket(ordered, now, timedelta(days=1), policy.daily))
    keep.update(_newest_per_bucket(ordered, now, timedelta(weeks=1), policy.weekly))
    return keep


def _newest_per_bucket(
    ordered: list[datetime], now: datetime, width: timedelta, buckets: int
) -> set[datetime]:
    """The newest time in each of ``buckets`` spans of ``width`` counted back from ``now``."""
    kept: dict[int, datetime] = {}
    for moment in ordered:  # newest first: the first seen in a bucket is its newest
        if moment > now:
            continue
        bucket = int((now - moment) / width)
        if bucket < buckets and bucket not in kept:
            kept[bucket] = moment
    return set(kept.values())
