"""What the app remembers between sessions: window layout, last and recent journals,
and the preferences of Edit › Settings… (author, citations, the editor's font).

Everything goes through one ``QSettings``; tests point it at a temporary folder.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QFont

from fieldjournal.exchange.chapter_blocks import CITATION_FIELDS, CitationStyle

RECENT_LIMIT = 8


@dataclass(frozen=True, slots=True)
class Preferences:
    """The researcher's own defaults; empty font family and size 0 mean the system's."""

    author: str = ""
    citation: tuple[str, ...] = CitationStyle().fields
    font_family: str = ""
    font_size: int = 0

    def citation_style(self) -> CitationStyle:
        return CitationStyle(fields=self.citation)


def writing_font(preferences: Preferences, default: QFont) -> QFont:
    """``default`` (an editor's own font) in the family and size the researcher chose."""
    font = QFont(default)
    if preferences.font_family:
        font.setFamily(preferences.font_family)
    if preferences.font_size:
        font.setPointSize(preferences.font_size)
    return font


class AppSettings:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings()

    # --- journals --------------------------------------------------------------------
    @property
    def last_journal(self) -> str | None:
        value = self.store.value("journal/last")
        return str(value) if value else None

    def recent_journals(self) -> list[str]:
        value = self.store.value("journal/recent") or []
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value if v]

    def remember_journal(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_journals() if p != path]
        self.store.setValue("journal/recent", recent[:RECENT_LIMIT])
        self.store.setValue("journal/last", path)
        self.store.sync()

    # --- preferences (Edit › Settings…) ----------------------------------------------
    def preferences(self) -> Preferences:
        store, default = self.store, Preferences()
        stored = store.value("export/citation", list(default.citation))
        if isinstance(stored, str):  # QSettings gives one value back as a string
            stored = [stored]
        citation = {str(c) for c in stored} if isinstance(stored, list | tuple) else set()
        try:
            size = int(str(store.value("editor/font_size", 0)))
        except ValueError:
            size = 0
        return Preferences(
            author=str(store.value("export/author", "") or ""),
            citation=tuple(f for f in CITATION_FIELDS if f in citation),
            font_family=str(store.value("editor/font_family", "") or ""),
            font_size=max(0, size),
        )

    def save_preferences(self, preferences: Preferences) -> None:
        self.store.setValue("export/author", preferences.author)
        self.store.setValue("export/citation", list(preferences.citation))
        self.store.setValue("editor/font_family", preferences.font_family)
        self.store.setValue("editor/font_size", preferences.font_size)
        self.store.sync()

    # --- window layout ---------------------------------------------------------------
    def layout(self, key: str) -> QByteArray | None:
        value = self.store.value(f"window/{key}")
        return value if isinstance(value, QByteArray) else None

    def save_layout(self, key: str, state: QByteArray) -> None:
        self.store.setValue(f"window/{key}", state)

    def sync(self) -> None:
        self.store.sync()
