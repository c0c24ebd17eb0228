"""The log file: where tracebacks of true bugs go, instead of the researcher's screen.

One file in the platform's user log folder (``~/.local/state/fieldjournal/log`` on Linux),
private (0600 in a 0700 folder) and rotated (three files of 1 MB at most). A traceback
written here never carries note text: exception messages are left out (SQLAlchemy's hold
the statement's parameters, which may be a note's body) and only each exception's type
and the frames it passed through (file, line, function and the source line) are kept.
"""

from __future__ import annotations

import logging
import os
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOGGER = "fieldjournal"
MAX_BYTES = 1_000_000
BACKUPS = 2


def log_path() -> Path:
    from platformdirs import user_log_path

    return user_log_path("fieldjournal", appauthor=False) / "fieldjournal.log"


def safe_traceback(error: BaseException) -> str:
    """The chain of exception types and their frames, without any exception's message."""
    parts: list[str] = []
    seen: BaseException | None = error
    while seen is not None and len(parts) < 10:
        frames = "".join(traceback.format_list(traceback.extract_tb(seen.__traceback__)))
        parts.append(f"{type(seen).__module__}.{type(seen).__qualname__} (message withheld)\n")
        parts.append(frames)
        seen = seen.__cause__ or (None if seen.__suppress_context__ else seen.__context__)
        if seen is not None:
            parts.append("caused by:\n")
    return "".join(parts).rstrip("\n")


class _SafeFormatter(logging.Formatter):
    """Formats tracebacks with ``safe_traceback``: types and frames, never messages."""

    def formatException(self, ei: object) -> str:  # logging's own name
        if isinstance(ei, tuple) and len(ei) == 3 and isinstance(ei[1], BaseException):
            return safe_traceback(ei[1])
        return "(no traceback)"


def setup_logging() -> Path | None:
    """Send Fieldjournal's log to the file (and never to the terminal); its path.

    None when the file cannot be made (a full disk, a read-only home): the log is then
    dropped rather than printed over the researcher's work.
    """
    logger = logging.getLogger(LOGGER)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    for old in list(logger.handlers):
        if getattr(old, "fieldjournal_log", False):
            logger.removeHandler(old)
            old.close()
    path: Path | None = log_path()
    assert path is not None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.close(fd)
        path.chmod(0o600)
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        handler, path = logging.NullHandler(), None
    handler.setFormatter(_SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.fieldjournal_log = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    return path


def log_unexpected(error: BaseException, context: str) -> Path | None:
    """Write a bug's traceback to the log; the log's path (None if there is none)."""
    logger = logging.getLogger(LOGGER)
    if not any(getattr(h, "fieldjournal_log", False) for h in logger.handlers):
        setup_logging()
    logger.error("unexpected error in %s:\n%s", context, safe_traceback(error))
    for handler in logger.handlers:
        handler.flush()
        if isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None
