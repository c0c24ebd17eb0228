"""Full ids in the stored draft, short ones on screen.

A draft keeps every excerpt's full id, so no later note can make a reference ambiguous;
the prose editor shows the first eight characters (more where two ids the editor knows
share them). ``shorten`` turns a stored text into the text shown and learns each id;
``expand`` turns the text shown back, so an id typed or pasted by hand stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

SHOWN = 8  # the shortest prefix the journal resolves
FULL = 36
_ID_TOKEN = re.compile(r"(\s*\[\[\s*(?:entry|quote|segment)\s*:\s*)([0-9A-Fa-f-]+)(\s*[|\]].*)")


class ShortIds:
    def __init__(self) -> None:
        self._full: dict[str, str] = {}  # shown -> full id
        self._known: set[str] = set()

    def shown(self, full: str) -> str:
        """The short form of ``full`` (learnt for ``expand``): eight characters, or as
        many as no other id the editor knows begins with."""
        full = full.lower()
        self._known.add(full)
        others = [other for other in self._known if other != full]
        short = next(
            (
                full[:length]
                for length in range(SHOWN, FULL)
                if not any(other.startswith(full[:length]) for other in others)
            ),
            full,
        )
        self._full[short] = full
        return short

    def shorten(self, text: str) -> str:
        """``text`` with each full id in a token shown short (told apart from the others)."""
        self._map(text, self._learn)
        return self._map(text, lambda target: self.shown(target) if len(target) == FULL else target)

    def expand(self, text: str) -> str:
        return self._map(text, lambda target: self._full.get(target.lower(), target))

    def _learn(self, target: str) -> str:
        if len(target) == FULL:
            self._known.add(target.lower())
        return target

    @staticmethod
    def _map(text: str, change: Callable[[str], str]) -> str:
        lines = text.split("\n")
        for number, line in enumerate(lines):
            match = _ID_TOKEN.fullmatch(line)
            if match is not None:
                target = change(match.group(2))
                lines[number] = f"{match.group(1)}{target}{match.group(3)}"
        return "\n".join(lines)
