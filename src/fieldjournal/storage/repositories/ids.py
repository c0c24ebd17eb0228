"""Resolve ids given in full or as a unique prefix of at least 8 characters."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from fieldjournal.domain.errors import AmbiguousId, InvalidInput, NotFound

MIN_PREFIX = 8


def new_id() -> str:
    return str(uuid.uuid4())


def check_uuid(value: str, what: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise InvalidInput(f"{what} id {value!r} is not a UUID") from None


def resolve(session: Session, column: InstrumentedAttribute[str], given: str, what: str) -> str:
    """The one full id that ``given`` names, or a clear error."""
    text = str(given).strip().lower()
    if len(text) == 36:
        found = session.scalar(select(column).where(column == text))
        if found is None:
            raise NotFound(f"no {what} with id {given}")
        return str(found)
    if len(text) < MIN_PREFIX:
        raise InvalidInput(
            f"{what} id {given!r} is too short; give at least {MIN_PREFIX} characters"
        )
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matches = list(
        session.scalars(select(column).where(column.like(escaped + "%", escape="\\")).limit(2))
    )
    if not matches:
        raise NotFound(f"no {what} with an id starting {given}")
    if len(matches) > 1:
        raise AmbiguousId(f"{given} names more than one {what}; give more characters")
    return str(matches[0])
