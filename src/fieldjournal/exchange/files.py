"""Write an exchange file so that a failure never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from fieldjournal.domain.errors import InvalidInput


def write_lines_atomically(target: Path, lines: Iterable[str]) -> int:
    """Write ``lines`` (one per line) to a temp file beside ``target``, then rename it.

    Returns the number of lines written; the old file, if any, stays until the rename.
    """
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; give the name of a file to write")
    if not target.parent.is_dir():
        raise InvalidInput(f"cannot write {target}: the folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".export-", dir=target.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
                count += 1
            out.flush()
            os.fsync(out.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
