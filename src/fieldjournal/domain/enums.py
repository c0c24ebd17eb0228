"""The closed vocabularies of the domain, stored by their string values."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from fieldjournal.domain.errors import InvalidInput


class EntryKind(StrEnum):
    FIELDNOTE = "fieldnote"
    MEETING = "meeting"
    MEMO = "memo"

    @property
    def label(self) -> str:
        return {"fieldnote": "Fieldnote", "meeting": "Meeting observation", "memo": "Memo"}[
            self.value
        ]


class MemoType(StrEnum):
    REFLEXIVE = "reflexive"
    ANALYTIC = "analytic"
    METHODOLOGICAL = "methodological"
    THEORETICAL = "theoretical"


class ActorKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"


class Sector(StrEnum):
    VOLUNTARY = "voluntary"
    NHS = "nhs"
    LOCAL_AUTHORITY = "local_authority"
    PRIVATE = "private"
    COMMUNITY = "community"
    ACADEMIC = "academic"
    OTHER = "other"


class Consent(StrEnum):
    CONSENTED = "consented"
    OBSERVE_ONLY = "observe_only"
    NO_QUOTES = "no_quotes"
    WITHDRAWN = "withdrawn"
    UNKNOWN = "unknown"

    @property
    def may_quote(self) -> bool:
        """Observed, not quoted: only these three keep a participant's words out."""
        return self not in (Consent.OBSERVE_ONLY, Consent.NO_QUOTES, Consent.WITHDRAWN)

    @property
    def protection(self) -> int:
        """How much the status protects (0 none, 1 no quotes, 2 withdrawn from the study)."""
        if self is Consent.WITHDRAWN:
            return 2
        return 0 if self.may_quote else 1


class LinkRole(StrEnum):
    PRESENT = "present"
    MENTIONED = "mentioned"


class MemoTarget(StrEnum):
    ENTRY = "entry"
    ACTOR = "actor"
    CODE = "code"


E = TypeVar("E", bound=StrEnum)


def parse_enum(enum: type[E], value: str | E, what: str) -> E:
    """Turn user text into an enum member, or explain which values are allowed."""
    if isinstance(value, enum):
        return value
    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return enum(text)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise InvalidInput(f"unknown {what} {value!r}; use one of: {allowed}") from None
