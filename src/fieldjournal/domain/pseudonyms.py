"""Replace participants' real names with their pseudonyms in everything an export writes.

Names match as whole words, ignoring case and accents ("ZOE" matches "Zoë"), longest
name first (so "Margaret Hale" wins over "Margaret"), and a possessive keeps its ending
("Margaret's" becomes "Anne's"). Matching runs on a folded copy of the text whose every
character remembers where it came from, so replacements land on the original text and
leave everything else exactly as written.

Notes rarely repeat a person's full name: "Margaret said..." follows "Margaret Holloway
opened the meeting". For people, the first and last words of each full name therefore
count too, mapped to the matching word of the pseudonym ("Margaret" becomes "Anne",
"Holloway" becomes "Carter"). Such a part matches only where it is written with a capital
letter, so a surname that is also a word ("Hope", "Green") is replaced where it names
someone and left alone in "I hope". A part shared by several people becomes
``[name withheld]``: guessing would misattribute a quote.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from fieldjournal.domain.errors import InvalidInput

GENERATED_FORMAT = "[Participant {number}]"
AMBIGUOUS_PART = "[name withheld]"
# Honorifics are not names: "Dr Rahman" has one name part, "Rahman".
_TITLES = frozenset(
    {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor"}
    | {"sir", "dame", "lord", "lady", "rev", "revd"}
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Typographic apostrophes and hyphens match their plain forms ("O’Brien" is "O'Brien").
_SAME_AS = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"}


class PseudonymClash(InvalidInput):
    """A pseudonym contains somebody's real name, so no export could hide it."""


@dataclass(frozen=True, slots=True)
class NameRule:
    """An actor's real names (name and aliases) and what replaces them."""

    actor: str
    names: tuple[str, ...]
    pseudonym: str
    generated: bool = False
    person: bool = False  # a person's first and last names also match on their own


@dataclass(frozen=True, slots=True)
class NameHit:
    """A real name found in text: which actor, the words found, where, and its stand-in."""

    actor: str
    found: str
    start: int
    end: int
    replacement: str = ""


def generated_pseudonym(number: int) -> str:
    return GENERATED_FORMAT.format(number=number)


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _SAME_AS:
        return _SAME_AS[char]
    decomposed = unicodedata.normalize("NFD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> tuple[str, list[int]]:
    """Case- and accent-folded ``text`` and, for every folded character, its origin.

    The origin list has one extra item, ``len(text)``, so a match's end maps back too.
    Characters that fold to nothing (combining marks) join the character before them.
    ASCII stretches are folded whole (documents are mostly ASCII XML).
    """
    pieces: list[str] = []
    origins: list[int] = []
    last = 0
    for match in _NON_ASCII.finditer(text):
        pieces.append(text[last : match.start()].lower())
        origins.extend(range(last, match.start()))
        for index in range(match.start(), match.end()):
            folded = _fold_char(text[index])
            pieces.append(folded)
            origins.extend([index] * len(folded))
        last = match.end()
    pieces.append(text[last:].lower())
    origins.extend(range(last, len(text) + 1))
    return "".join(pieces), origins


def _key(name: str) -> str:
    return " ".join(fold(name)[0].split())


def _name_pattern(name: str) -> str:
    words = fold(name)[0].split()
    return r"\s+".join(re.escape(word) for word in words)


def _name_parts(rule: NameRule) -> dict[str, str]:
    """A person's first and last name words (folded) and the pseudonym word for each."""
    if not rule.person:
        return {}
    pseudo = rule.pseudonym.split()
    first_stand_in = pseudo[0] if len(pseudo) > 1 and not rule.generated else rule.pseudonym
    last_stand_in = pseudo[-1] if len(pseudo) > 1 and not rule.generated else rule.pseudonym
    parts: dict[str, str] = {}
    for name in rule.names:
        words = [w for w in fold(name)[0].split() if w.strip(".") not in _TITLES]
        words = [w for w in words if len(w.strip(".'-")) >= 2]
        if len(words) < 2:
            continue
        parts.setdefault(words[0], first_stand_in)
        parts.setdefault(words[-1], last_stand_in)
    return parts


class Pseudonymiser:
    """Built once per export from every actor's rule; then applied to any text."""

    def __init__(self, rules: Iterable[NameRule]) -> None:
        # An actor whose pseudonym is one of their own names is named openly on purpose
        # (a public body, a participant who asked to be named): nothing to replace or check.
        self.rules = tuple(r for r in rules if _key(r.pseudonym) not in map(_key, r.names))
        self._by_folded: dict[str, NameRule] = {}
        self._by_actor = {rule.actor: rule for rule in self.rules}
        for rule in self.rules:
            for name in rule.names:
                key = _key(name)
                if key:
                    self._by_folded.setdefault(key, rule)
        ordered = sorted(self._by_folded, key=lambda key: (-len(key), key))
        self._pattern = _alternation(ordered)
        self._parts = self._collect_parts()
        self._part_pattern = _alternation(sorted(self._parts, key=lambda k: (-len(k), k)))
        self.used: Counter[str] = Counter()
        self._check_pseudonyms()

    def _collect_parts(self) -> dict[str, tuple[NameRule, str]]:
        """Name parts that are not whole names already, each with its rule and stand-in."""
        owners: dict[str, list[tuple[NameRule, str]]] = {}
        for rule in self.rules:
            for part, stand_in in _name_parts(rule).items():
                if part not in self._by_folded:
                    owners.setdefault(part, []).append((rule, stand_in))
        parts: dict[str, tuple[NameRule, str]] = {}
        for part, found in owners.items():
            actors = {rule.actor for rule, _ in found}
            parts[part] = found[0] if len(actors) == 1 else (found[0][0], AMBIGUOUS_PART)
        return parts

    def _check_pseudonyms(self) -> None:
        for rule in self.rules:
            hits = self.find(rule.pseudonym)
            if hits:
                raise PseudonymClash(
                    f"the pseudonym {rule.pseudonym!r} of {rule.actor} contains the real name "
                    f"{hits[0].found!r} of {hits[0].actor}; choose another pseudonym"
                )

    def find(self, text: str) -> list[NameHit]:
        """Every real name in ``text``, left to right (longest at each position)."""
        if (self._pattern is None and self._part_pattern is None) or not text:
            return []
        folded, origins = fold(text)
        hits = []
        taken: list[tuple[int, int]] = []
        if self._pattern is not None:
            for match in self._pattern.finditer(folded):
                rule = self._by_folded[" ".join(match.group().split())]
                start, end = origins[match.start()], origins[match.end()]
                hits.append(NameHit(rule.actor, text[start:end], start, end, rule.pseudonym))
                taken.append((start, end))
        if self._part_pattern is not None:
            for match in self._part_pattern.finditer(folded):
                start, end = origins[match.start()], origins[match.end()]
                if not text[start].isupper() or any(s < end and start < e for s, e in taken):
                    continue
                rule, stand_in = self._parts[match.group()]
                hits.append(NameHit(rule.actor, text[start:end], start, end, stand_in))
        return sorted(hits, key=lambda hit: hit.start)

    def apply(self, text: str) -> str:
        """``text`` with every real name replaced by its actor's pseudonym."""
        hits = self.find(text)
        if not hits:
            return text
        out: list[str] = []
        last = 0
        for hit in hits:
            out.append(text[last : hit.start])
            out.append(hit.replacement or self._rule_of(hit).pseudonym)
            self.used[hit.actor] += 1
            last = hit.end
        out.append(text[last:])
        return "".join(out)

    def _rule_of(self, hit: NameHit) -> NameRule:
        return self._by_actor[hit.actor]

    def generated_used(self) -> list[NameRule]:
        """Rules with a generated pseudonym that replaced at least one name, by actor."""
        return sorted(
            (r for r in self.rules if r.generated and self.used[r.actor]),
            key=lambda r: r.actor.casefold(),
        )


def _alternation(keys: list[str]) -> re.Pattern[str] | None:
    """One pattern matching any of the folded names as whole words."""
    if not keys:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(_name_pattern(k) for k in keys) + r")(?!\w)")


class NameSubstitution(Protocol):
    """What the compiler needs: text in, text out, and which generated names it used."""

    def apply(self, text: str) -> str: ...

    def generated_used(self) -> list[NameRule]: ...


class RealNames:
    """The identity substitution, for exports the researcher asked to carry real names."""

    def apply(self, text: str) -> str:
        return text

    def generated_used(self) -> list[NameRule]:
        return []
