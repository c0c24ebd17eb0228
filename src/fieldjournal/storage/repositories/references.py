"""Reference rows (citekey and CSL-JSON) and the bibliography files kept linked."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldjournal.domain.references import Reference
from fieldjournal.storage.models import ReferenceLinkRow, ReferenceRow


def record(row: ReferenceRow) -> Reference:
    return Reference(row.citekey, row.csl, row.source)


def all_records(session: Session) -> list[Reference]:
    rows = session.scalars(select(ReferenceRow).order_by(ReferenceRow.citekey))
    return [record(row) for row in rows]


def canonical(item: Mapping[str, Any]) -> str:
    """The stored form of an item: sorted keys, so an unchanged work compares equal."""
    return json.dumps(
        {k: v for k, v in item.items() if k != "id"}, ensure_ascii=False, sort_keys=True
    )


def upsert(
    session: Session, items: Mapping[str, Mapping[str, Any]], source: str, moment: datetime
) -> tuple[list[str], list[str], int]:
    """Add or change works; returns (added, updated, unchanged count)."""
    keys = list(items)
    existing = {
        row.citekey: row
        for start in range(0, len(keys), 500)
        for row in session.scalars(
            select(ReferenceRow).where(ReferenceRow.citekey.in_(keys[start : start + 500]))
        )
    }
    added: list[str] = []
    updated: list[str] = []
    unchanged = 0
    for key, item in items.items():
        csl = canonical(item)
        row = existing.get(key)
        if row is None:
            session.add(ReferenceRow(citekey=key, csl=csl, source=source, updated_at=moment))
            added.append(key)
        elif row.csl != csl or row.source != source:
            row.csl, row.source, row.updated_at = csl, source, moment
            updated.append(key)
        else:
            unchanged += 1
    session.flush()
    return added, updated, unchanged


def links(session: Session) -> list[ReferenceLinkRow]:
    return list(session.scalars(select(ReferenceLinkRow).order_by(ReferenceLinkRow.path)))


def set_link(session: Session, path: str, mtime_ns: int, sha256: str, moment: datetime) -> None:
    row = session.get(ReferenceLinkRow, path)
    if row is None:
        session.add(ReferenceLinkRow(path=path, mtime_ns=mtime_ns, sha256=sha256, read_at=moment))
    else:
        row.mtime_ns, row.sha256, row.read_at = mtime_ns, sha256, moment
    session.flush()
