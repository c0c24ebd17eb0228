"""Fieldjournal: a desktop journal for ethnographers.

Scripting API::

    from fieldjournal import Journal

    with Journal.open("~/mcp-study") as journal:
        entry = journal.add_entry(kind="fieldnote", title="Board meeting", body="...")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Journal", "__version__"]

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal


def __getattr__(name: str) -> Any:
    # Imported lazily so that `fieldjournal --help` and the GUI's first paint
    # do not pay for SQLAlchemy before they need it.
    if name == "Journal":
        from fieldjournal.services.journal import Journal

        return Journal
    raise AttributeError(name)
