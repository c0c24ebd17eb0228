"""What the workspace says where there is nothing to show yet, and how to start.

A blank list reads as broken (did the search run? is the trash gone?), so every list of
the workspace says why it is empty and what to do, and the centre, before an entry is
open, lists the keys that start one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from fieldjournal.domain.queries import EntryQuery

TIMELINE_EMPTY = (
    "No entries yet.\n\nCtrl+N writes a fieldnote, Ctrl+Shift+N a meeting observation, "
    "Ctrl+M a memo; File › Import brings in JSON Lines or a REFI-QDA project."
)
FILTERED_EMPTY = (
    "No entries match these filters.\n\nSet a filter back to “All” or “Any” to see more."
)
MEMOS_EMPTY = (
    "No memos yet.\n\nCtrl+M writes one, about the entry that is open: "
    "a thought, a question, the start of an analysis."
)
TRASH_EMPTY = (
    "The trash is empty.\n\nEntries moved to the trash (Ctrl+Shift+Delete) wait here "
    "until you restore them or delete them for good."
)


def timeline_empty(query: EntryQuery) -> str:
    return FILTERED_EMPTY if query.set_fields() else TIMELINE_EMPTY


EMPTY_HINT = """<div style="line-height: 160%">
<p style="font-size: large"><b>Nothing open</b></p>
<p>Ctrl+N &nbsp; new fieldnote<br>
Ctrl+Shift+N &nbsp; new meeting observation<br>
Ctrl+M &nbsp; new memo<br>
Ctrl+F &nbsp; search the journal<br>
Ctrl+1 &nbsp; the timeline (arrow keys open entries)</p></div>"""


def empty_page() -> QLabel:
    """What the centre shows before an entry is open: how to start, from the keyboard."""
    label = QLabel(EMPTY_HINT)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setAccessibleName("No entry open")
    # Enabled, in the palette's text colour: a disabled label's grey read at 1.6:1.
    return label
