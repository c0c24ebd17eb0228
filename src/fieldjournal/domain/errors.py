"""One exception hierarchy for every layer.

The CLI prints ``str(error)`` and exits non-zero; the GUI shows it in a dialog or the
status bar. Messages are written for the researcher, not for a developer.
"""

from __future__ import annotations


class FieldjournalError(Exception):
    """Base of every error Fieldjournal raises on purpose."""


class NotFound(FieldjournalError):
    """A record named by id, name or path does not exist."""


class AmbiguousId(FieldjournalError):
    """An id prefix matches more than one record."""


class InvalidInput(FieldjournalError):
    """A value breaks a rule of the domain; nothing was changed."""


class InvalidText(InvalidInput):
    """Text holds characters that no document format can store."""


class Conflict(FieldjournalError):
    """The change collides with existing records (a duplicate name, a cycle)."""


class EditConflict(Conflict):
    """An edit began from an entry that was changed elsewhere since, in a field the edit
    changes too: saving it would overwrite the newer words unseen. Nothing was changed."""

    def __init__(self, message: str, fields: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.fields = fields


class Interrupted(FieldjournalError):
    """Long work was cut short on purpose (the journal is closing); nothing committed is lost."""


class JournalError(FieldjournalError):
    """The journal folder or database cannot be used as it is."""


class JournalTooNew(JournalError):
    """The journal was written by a newer Fieldjournal; opening it could damage it."""


class ImportFailed(InvalidInput):
    """An exchange file is invalid; nothing was imported."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem


class StorageError(JournalError):
    """The journal's files could not be read or written; what was not saved is said."""


class DiskFull(StorageError):
    """No room left on the disk (or the quota) for what was being written; nothing
    half-written was kept and nothing written before is lost."""


class AccessDenied(StorageError):
    """The account may not read or write a file or folder of the journal."""


class JournalBusy(StorageError):
    """Another program held the journal's write lock for longer than Fieldjournal waits."""


class JournalDamaged(StorageError):
    """The database is damaged: the journal is read-only until it is restored or salvaged.

    ``detail`` is SQLite's own words (for the log and ``check``), never shown alone.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class BackupFailed(JournalError):
    """A snapshot could not be made or failed its check; no bad copy was kept."""
