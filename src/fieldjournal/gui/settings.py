"""What the app remembers between sessions: window layout, last and recent journals.

Everything goes through one ``QSettings``; tests point it at a temporary folder.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

RECENT_LIMIT = 8


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

    # --- window layout ---------------------------------------------------------------
    def layout(self, key: str) -> QByteArray | None:
        value = self.store.value(f"window/{key}")
        return value if isinstance(value, QByteArray) else None

    def save_layout(self, key: str, state: QByteArray) -> None:
        self.store.setValue(f"window/{key}", state)

    def sync(self) -> None:
        self.store.sync()
