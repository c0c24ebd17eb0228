"""Write an exchange file so that a failure never leaves half a file behind."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from fieldjournal.domain.errors import AccessDenied, DiskFull, FieldjournalError, InvalidInput


def not_written(error: OSError, target: Path) -> FieldjournalError | None:
    """The sentence for a file that could not be written (None: not a disk's refusal)."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(
            f"the disk is full: {target} was not written, and no part of it was left; "
            f"free some space on the disk that holds {target.parent} and try again"
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return AccessDenied(
            f"Fieldjournal may not write to {target.parent} (permission denied): choose "
            "a folder you may write to"
        )
    return None


def write_lines_atomically(target: Path, lines: Iterable[str]) -> int:
    """Write ``lines`` (one per line) to a temp file beside ``target``, then rename it.

    Returns the number of lines written; the old file, if any, stays until the rename.
    """
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; give the name of a file to write")
    if not target.parent.is_dir():
        raise InvalidInput(f"cannot write {target}: the folder {target.parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".export-", dir=target.parent)
    except OSError as error:
        raise (not_written(error, target) or error) from error
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
                count += 1
            out.flush()
            os.fsync(out.fileno())
        Path(tmp).replace(target)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise (not_written(error, target) or error) from error
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
