"""A small fictional field (three participants, an organisation, coded notes) and helpers.

Shared by the chapter tests of every layer; ``tests/conftest.py`` offers ``field`` as a fixture.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from docx.text.paragraph import Paragraph

from fieldjournal import Journal
from fieldjournal.services.chapter_service import ExportOptions

FIXED_TIME = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

BOARD = (
    "Margaret Hale opened the board at ten.\n"
    'Maggie\'s point was blunt: "we are the delivery arm, not the partner."\n'
    "Zoë Okafor nodded.\n\n"
    "Later the Millbrook CVS lead asked for the minutes."
)
DROP_IN = "Idris Penhallow said the lunch club keeps going on goodwill."
MEMO = "Reflexive: they introduced me as the man from the CCG."


@dataclass(frozen=True)
class Field:
    board: str
    drop_in: str
    memo: str
    segment: str


@pytest.fixture
def field(journal: Journal) -> Field:
    journal.add_actor(
        "Margaret Hale", pseudonym="Anne Carter", aliases=["Maggie"], consent="consented"
    )
    journal.add_actor("Zoë Okafor", consent="consented")
    journal.add_actor("Idris Penhallow", pseudonym="Tom", consent="no_quotes")
    journal.add_actor("Millbrook CVS", kind="organisation", pseudonym="Riverside CVS")
    board = journal.add_entry(
        kind="meeting",
        title="Partnership board",
        body=BOARD,
        occurred_at="2016-04-05T10:00+01:00",
        site="Millbrook CVS offices",
        actors=["Margaret Hale", "Zoë Okafor"],
        codes=["Trust/System trust"],
    )
    drop_in = journal.add_entry(
        kind="fieldnote",
        title="Lunch club drop-in",
        body=DROP_IN,
        occurred_at="2016-05-12T12:30+01:00",
        site="St Brannock's hall",
        actors=["Idris Penhallow"],
    )
    memo = journal.add_entry(
        kind="memo", memo_type="reflexive", title="Position", body=MEMO, occurred_at="2016-04-06"
    )
    start = BOARD.index("we are")
    segment = journal.code_segment(board.id, "Trust/Delivery arm", start, start + 23)
    return Field(board.id, drop_in.id, memo.id, segment.id)


def chapter_text(field: Field) -> str:
    return f"""---
title: Delivery arms
---

Opening words on how *Maggie* saw the **partnership**.

# Being the delivery arm
The board met monthly:

- agendas came from the CCG
- Millbrook CVS took the minutes

1. first cycle
2. second cycle

> My own reading: the phrase travelled.

[[quote:{field.board[:8]}|we are the delivery arm, not the partner.]]

## Goodwill
[[entry:{field.drop_in}]]

[[segment:{field.segment[:10]}]]

### Memo
[[entry:{field.memo[:8]}]]
"""


def options(**changes: Any) -> ExportOptions:
    values: dict[str, Any] = {"timestamp": FIXED_TIME, "author": "A. Researcher"}
    values.update(changes)
    return ExportOptions(**values)


def style_name(paragraph: Paragraph) -> str:
    """The paragraph's style name (python-docx types the style as optional; Word never omits it)."""
    style = paragraph.style
    assert style is not None
    name: str = style.name  # python-docx leaves BaseStyle.name unannotated
    return name


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def independent_leaks(text: str, names: list[str]) -> list[str]:
    """A second, simple whole-word scan that shares no code with the pseudonymiser."""
    folded = " ".join(fold(text).split())
    return [
        n
        for n in names
        if re.search(r"(?<!\w)" + re.escape(" ".join(fold(n).split())) + r"(?!\w)", folded)
    ]
