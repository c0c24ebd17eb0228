"""Where journals live and how their folders are laid out.

A journal is a folder: ``journal.db`` (the source of truth), ``index/`` (derived search
data), ``backups/`` and ``attachments/``. Folders are 0700 and files 0600 because notes
name real people.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "FIELDJOURNAL_JOURNAL"
DIR_MODE = 0o700
FILE_MODE = 0o600


def default_journal_dir() -> Path:
    """``$FIELDJOURNAL_JOURNAL`` or the platform's user data folder."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("fieldjournal", appauthor=False) / "journal"


def make_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the user alone."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    path.chmod(DIR_MODE)
    return path


def make_private_file(path: Path) -> None:
    if path.exists():
        path.chmod(FILE_MODE)


@dataclass(frozen=True, slots=True)
class JournalPaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "journal.db"

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def name(self) -> str:
        return self.root.resolve().name

    def database_files(self) -> list[Path]:
        db = self.database
        return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]

    def secure(self) -> None:
        """Tighten permissions on the folder and every database file."""
        make_private_dir(self.root)
        for path in self.database_files():
            make_private_file(path)
