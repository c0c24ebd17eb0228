"""Per-journal backup settings in ``backups/settings.json``.

They live with the journal rather than in the app's settings: the command line and the
app of any computer the folder is opened on back it up the same way, and restoring a
snapshot (which replaces only ``journal.db``) leaves them as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fieldjournal.domain.backups import BackupSettings, RotationPolicy
from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.storage.durable import write_atomically
from fieldjournal.storage.location import JournalPaths, make_private_dir

SETTINGS_NAME = "settings.json"


def settings_path(paths: JournalPaths) -> Path:
    return paths.backups / SETTINGS_NAME


def load_settings(paths: JournalPaths) -> BackupSettings:
    """The journal's settings; the defaults when there is no file or it cannot be read.

    A hand-edited file with a bad value must not stop backups: the defaults are safe.
    """
    try:
        document = json.loads(settings_path(paths).read_text(encoding="utf-8"))
        return _from_json(document)
    except (OSError, ValueError, TypeError, KeyError, FieldjournalError):
        return BackupSettings()


def save_settings(paths: JournalPaths, settings: BackupSettings) -> None:
    make_private_dir(paths.backups)
    document = {
        "interval_minutes": settings.interval_minutes,
        "mirror": settings.mirror,
        "keep_recent": settings.rotation.recent,
        "keep_daily": settings.rotation.daily,
        "keep_weekly": settings.rotation.weekly,
    }
    write_atomically(settings_path(paths), (json.dumps(document, indent=2) + "\n").encode())


def _from_json(document: Any) -> BackupSettings:
    defaults = BackupSettings()
    if not isinstance(document, dict):
        return defaults
    mirror = document.get("mirror")
    return BackupSettings(
        interval_minutes=int(document.get("interval_minutes", defaults.interval_minutes)),
        mirror=str(mirror) if mirror else None,
        rotation=RotationPolicy(
            recent=int(document.get("keep_recent", defaults.rotation.recent)),
            daily=int(document.get("keep_daily", defaults.rotation.daily)),
            weekly=int(document.get("keep_weekly", defaults.rotation.weekly)),
        ),
    )
