"""Entries dragged between panels (a timeline row onto a memo's About list) carry their ids.

Not as text: an entry dropped into a text field would type its id.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QMimeData

ENTRY_MIME = "application/x-fieldjournal-entries"


def entry_mime(entry_ids: Iterable[str]) -> QMimeData:
    mime = QMimeData()
    mime.setData(ENTRY_MIME, "\n".join(entry_ids).encode("ascii"))
    return mime


def dropped_entries(mime: QMimeData) -> list[str]:
    if not mime.hasFormat(ENTRY_MIME):
        return []
    data = bytes(mime.data(ENTRY_MIME).data()).decode("ascii", "replace")
    return [line for line in data.split("\n") if line]
