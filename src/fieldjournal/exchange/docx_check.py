"""The last line of defence: no real name may leave in any part of a written document.

Every XML part of the package is read back from the file about to be delivered: its text
with entities decoded (names in text and attributes), and, for Word's own parts, each
paragraph's text joined across runs (a name split by formatting still counts). The file
is written beside the target and renamed into place only after the check passes.
"""

from __future__ import annotations

import html
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from lxml import etree

from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.domain.pseudonyms import NameHit
from fieldjournal.exchange.files import not_written

Finder = Callable[[str], list[NameHit]]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class NameLeak(FieldjournalError):
    """A real name survived pseudonymisation; the document was not written."""


@dataclass(frozen=True, slots=True)
class Leak:
    part: str
    where: str
    hit: NameHit

    def describe(self) -> str:
        return f"{self.hit.actor}'s name {self.hit.found!r} in {self.part} ({self.where})"


def _context(text: str, hit: NameHit) -> str:
    start, end = max(0, hit.start - 30), min(len(text), hit.end + 30)
    return "near " + repr(" ".join(text[start:end].split()))


def scan_docx(data: bytes, find: Finder) -> list[Leak]:
    """Every real name found in the package's XML parts, with where it stands."""
    leaks: list[Leak] = []
    with zipfile.ZipFile(BytesIO(data)) as package:
        for name in package.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            raw = package.read(name)
            text = html.unescape(raw.decode("utf-8", "replace"))
            seen = set()
            for hit in find(text):
                seen.add(hit.found.casefold())
                leaks.append(Leak(name, _context(text, hit), hit))
            if name.startswith("word/"):
                root = etree.fromstring(raw)
                for number, p in enumerate(root.iter(f"{_W}p"), start=1):
                    joined = "".join(t.text or "" for t in p.iter(f"{_W}t"))
                    for hit in find(joined):
                        if hit.found.casefold() not in seen:
                            leaks.append(Leak(name, f"paragraph {number}", hit))
    return leaks


def deliver(data: bytes, target: Path, find: Finder | None) -> None:
    """Write ``data`` to ``target`` via a temporary file, checked first when ``find`` is given."""
    target = Path(target)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as stream:  # real names may be in it: private
                stream.write(data)
        except OSError as error:  # a full disk: say so, and leave no part of the file
            raise (not_written(error, target) or error) from error
        if find is not None:
            leaks = scan_docx(temporary.read_bytes(), find)
            if leaks:
                listed = "; ".join(leak.describe() for leak in leaks[:5])
                more = f" and {len(leaks) - 5} more" if len(leaks) > 5 else ""
                raise NameLeak(
                    f"export stopped: a real name is still in the document: {listed}{more}. "
                    f"No file was written to {target}."
                )
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
