"""The last look at a ``.qdpx`` before it is delivered: no real name in any member.

Reads the written archive back (not the records it was made from): the XML with its
entities decoded, so names in attribute values count too, and every text file, with the
independent leak check (its own matcher, not the replacer's).
"""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.exchange.names.leak_check import LeakCheck


class NameLeak(FieldjournalError):
    """A real name survived pseudonymisation; the project was not written."""


def leaks(path: Path, check: LeakCheck) -> list[str]:
    """Where each real name found in the archive stands, said for the researcher."""
    found: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", "replace")
            if name.endswith((".qde", ".qdc", ".xml")):
                text = html.unescape(text)
            found += [leak.describe() for leak in check.check_text(text, name)]
    return found
