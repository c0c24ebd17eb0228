"""Icons drawn for Fieldjournal (SVG in ``gui/resources/``), loaded once and cached."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from fieldjournal.domain.enums import EntryKind

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


@cache
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` (drawn for Fieldjournal, same on every desktop)."""
    path = RESOURCES / "icons" / f"{name}.svg"
    return QIcon(str(path))


@cache
def app_icon() -> QIcon:
    return QIcon(str(RESOURCES / "fieldjournal.svg"))


def kind_icon(kind: EntryKind) -> QIcon:
    return icon(kind.value)
