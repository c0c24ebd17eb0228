"""The last look at a ``.qdpx`` before it is delivered: no real name in any member.

Reads the written archive back (not the records it was made from): the XML with its
entities decoded, so names in attribute values count too, and every text file.
"""

from __future__ import annotations

import html
import zipfile
from collections.abc import Callable
from pathlib import Path

from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.domain.pseudonyms import NameHit

Finder = Callable[[str], list[NameHit]]


class NameLeak(FieldjournalError):
    """A real name survived pseudonymisation; the project was not written."""


def leaks(path: Path, find: Finder) -> list[str]:
    """Where each real name found in the archive stands, said for the researcher."""
    found: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", "replace")
            if name.endswith((".qde", ".qdc", ".xml")):
                text = html.unescape(text)
            for hit in find(text):
                found.append(f"{hit.actor}'s name {hit.found!r} in {name}")
    return found
