"""Counts in words: "1 entry", "2 entries", "1,204 coded passages".

Every count the command line or the app prints goes through ``counted`` so that none
says "1 entries"; the number is grouped by thousands, as the app shows counts.
"""

from __future__ import annotations

IRREGULAR = {"person": "people", "entry": "entries", "match": "matches"}


def plural(noun: str) -> str:
    """The plural of one of our nouns (the last word of ``noun`` changes)."""
    head, _, last = noun.rpartition(" ")
    if last in IRREGULAR:
        changed = IRREGULAR[last]
    elif last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        changed = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch", "x")):
        changed = last + "es"
    else:
        changed = last + "s"
    return f"{head} {changed}" if head else changed


def counted(count: int, noun: str, plural_form: str | None = None) -> str:
    """``count`` and the noun, singular for exactly one."""
    word = noun if count == 1 else plural_form or plural(noun)
    return f"{count:,} {word}"
