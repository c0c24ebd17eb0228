"""The codes the researcher applied last (Alt+1…Alt+9 in the app), kept in the journal.

They are kept by code id in the journal's own key/value table rather than in the app's
settings: they follow the journal when its folder is moved or copied to another computer,
a renamed or moved code keeps its place under its new path, and a deleted or merged one
drops out. Remembering one changes nothing another screen shows, so no listener is told.
"""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from fieldjournal.services.context import ServiceContext
from fieldjournal.storage.models import CodeRow, Meta
from fieldjournal.storage.repositories import codes as code_repo

RECENT_KEY = "recent_codes"
RECENT_LIMIT = 9


class RecentCodeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def paths(self) -> list[str]:
        """The recently applied codes, most recent first, as their paths today."""
        with self.ctx.db.reading() as session:
            return [row.path for row in _rows(session)]

    def used(self, path: str) -> list[str]:
        """Put the code at ``path`` first (the others keep their order); the new list."""
        with self.ctx.db.writing() as session:
            used = code_repo.get(session, path)
            rows = [used, *(row for row in _rows(session) if row.id != used.id)][:RECENT_LIMIT]
            value = json.dumps([row.id for row in rows])
            meta = session.get(Meta, RECENT_KEY)
            if meta is None:
                session.add(Meta(key=RECENT_KEY, value=value))
            else:
                meta.value = value
            return [row.path for row in rows]


def _rows(session: Session) -> list[CodeRow]:
    """The remembered codes still in the codebook, in order (a damaged value is none)."""
    meta = session.get(Meta, RECENT_KEY)
    try:
        ids = json.loads(meta.value) if meta is not None else []
    except ValueError:
        return []
    if not isinstance(ids, list):
        return []
    rows = (session.get(CodeRow, code_id) for code_id in ids if isinstance(code_id, str))
    return [row for row in rows if row is not None]
