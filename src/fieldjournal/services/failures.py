"""What the command line and the app say about a failure that reached them.

Storage failures that escaped a unit of work (the search index's files, an export's file)
are put into the researcher's words by the same translator the database uses; anything
else is a bug: its traceback goes to the log file and the sentence says where that is.
"""

from __future__ import annotations

from pathlib import Path

from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.services.log_file import log_unexpected
from fieldjournal.storage.failures import translate
from fieldjournal.storage.location import default_journal_dir


def explain(error: BaseException, journal: str | Path | None, what: str = "the command") -> str:
    """One sentence for ``error``: the researcher's own, or a bug's with the log's path.

    ``journal`` is the folder as given (None: the default journal).
    """
    root = Path(journal).expanduser() if journal else default_journal_dir()
    known = translate(error, root, what)
    if isinstance(known, FieldjournalError):
        return str(known)
    return bug_sentence(error, what)


def bug_sentence(error: BaseException, context: str) -> str:
    """Log a bug's traceback (never its message: it may hold note text) and say where."""
    log = log_unexpected(error, context)
    where = f"the details were written to {log}" if log else "no log file could be written"
    return (
        f"unexpected error ({type(error).__name__}), a bug in Fieldjournal: {where}; "
        "what was saved before is safe"
    )
