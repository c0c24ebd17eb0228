"""Code paths such as ``Trust/System trust``: the codebook's hierarchy written as text.

A name is compared as it is read: runs of spaces, tabs and newlines fold into one space
and the ends are trimmed, so ``Trust/ System  trust`` is ``Trust/System trust``. Every
other character is kept as given, as in titles and actors' names: form feeds, vertical
tabs, U+0085, U+2028, U+2029 and U+001C-U+001E are text of the name, which an export and
an import must give back unchanged (issue "nothing lost"), not spaces to fold.
"""

from __future__ import annotations

import re

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.text import SPACE_SEPARATORS, check_text

SEPARATOR = "/"
_FOLDED = " \t\n\r" + SPACE_SEPARATORS
_SPACES = re.compile(f"[{_FOLDED}]+")


def split_path(path: str) -> tuple[str, ...]:
    """Normalise a path into its names: trimmed, inner spaces collapsed, none empty."""
    check_text(path, "code path")
    parts = tuple(_SPACES.sub(" ", part).strip(" ") for part in path.split(SEPARATOR))
    if not parts or any(not part for part in parts):
        raise InvalidInput(
            f"code path {path!r} has an empty name; write it like Trust/System trust"
        )
    return parts


def normalise_path(path: str) -> str:
    return SEPARATOR.join(split_path(path))


def check_name(name: str) -> str:
    """A single code name: no separator, not empty."""
    check_text(name, "code name")
    clean = _SPACES.sub(" ", name).strip(" ")
    if not clean or SEPARATOR in clean:
        raise InvalidInput(f"code name {name!r} must be non-empty and must not contain '/'")
    return clean


def ancestors(path: str) -> list[str]:
    """``A/B/C`` -> ``["A", "A/B", "A/B/C"]``."""
    parts = split_path(path)
    return [SEPARATOR.join(parts[: i + 1]) for i in range(len(parts))]


def is_within(path: str, root: str) -> bool:
    """True when ``path`` is ``root`` or one of its descendants."""
    return path == root or path.startswith(root + SEPARATOR)


COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def check_colour(colour: str) -> str:
    if not COLOUR.match(colour):
        raise InvalidInput(f"colour {colour!r} must be written as #RRGGBB")
    return colour.lower()
