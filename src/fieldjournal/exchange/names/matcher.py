"""Every way an actor's name may be written, found in one pass over a text's skeleton.

Each name, alias, title-less form and name part becomes a *pattern*: its skeleton (see
``folding``), the breaks it has, whose it is and what replaces it. All patterns go into
one Aho-Corasick automaton (a DFA, compiled: a skeleton is read at hundreds of MB a
second), so a text is read once whatever the number of actors; each
match is then kept only where it starts and ends on a word boundary and the text breaks
only where the name does ("one ill" is not "O'Neill", "O Neill" is).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick_rs

from fieldjournal.domain.pseudonyms import (
    NameRule,
    is_common_word,
    name_parts,
    name_words,
    pseudonym_words,
    untitled,
)
from fieldjournal.exchange.names.folding import (
    GAP,
    HARD,
    JOIN,
    NONE,
    Folded,
    in_capitals,
    name_keys,
)


@dataclass(frozen=True, slots=True)
class Pattern:
    """One way ``rule``'s actor may be named: ``whole`` names win over parts."""

    rule: NameRule
    key: str
    breaks: frozenset[int]
    whole: bool
    stand_in: str
    common: bool  # counts only where written as a name
    letters: int  # letters and digits of the name as written

    @property
    def distinctive(self) -> bool:
        """Long and unusual enough to look for inside addresses and handles."""
        return not self.common and self.letters >= 4


@dataclass(frozen=True, slots=True)
class Match:
    """A pattern's place in the skeleton (characters ``start`` to ``end``)."""

    start: int
    end: int
    patterns: tuple[Pattern, ...]


def patterns_of(rule: NameRule) -> Iterator[Pattern]:
    """The patterns of one actor: names and aliases, their title-less forms, a person's
    names surname first ("Okoro Sam", "MCDONALDFIONA") and glued, name parts."""
    forms: list[tuple[str, bool, str, bool]] = []  # text, whole, stand-in, common
    for name in rule.names:
        forms.append((name, True, rule.pseudonym, _common_name(rule, name)))
        bare = untitled(name)
        if rule.person and bare != name:
            stand_in = rule.pseudonym if rule.generated else untitled(rule.pseudonym)
            forms.append((bare, True, stand_in, _common_name(rule, bare)))
    if rule.person:  # surname first, as registers and capitals glued together have it
        first, last = pseudonym_words(rule)
        stand_in = rule.pseudonym if rule.generated else f"{last} {first}"
        for name in rule.names:
            words = name_words(name)
            if len(words) > 1 and words[0] != words[-1]:
                # "the hill rose" is not Rose Hill: with an ordinary word in it, the
                # unusual order counts only where written as a name
                common = rule.common_word or any(map(is_common_word, (words[0], words[-1])))
                forms.append((f"{words[-1]} {words[0]}", True, stand_in, common))
    if rule.person:  # glued ("ANAABAA"): a transliteration pair may fold across the glue
        forms += [("".join(f[0].split()), *f[1:]) for f in forms if len(f[0].split()) > 1]
    for part in name_parts(rule):
        common = rule.common_word or is_common_word(part.text)
        forms.append((part.text, False, part.stand_in, common))
    for text, whole, stand_in, common in forms:
        letters = sum(c.isalnum() for c in text)
        for key, breaks in name_keys(text):
            yield Pattern(rule, key, breaks, whole, stand_in, common, letters)


def _common_name(rule: NameRule, name: str) -> bool:
    """A whole name of one word may be an ordinary word ("Rose"); longer ones only if flagged."""
    return rule.common_word or (len(name.split()) == 1 and is_common_word(name))


class NameMatcher:
    """Built once from every actor's rule; ``matches`` reads a folded text in one pass."""

    def __init__(self, rules: Iterable[NameRule]) -> None:
        by_key: dict[str, list[Pattern]] = {}
        # Every break any form of a key has ("Ra'ed" and "Raed" share ``raed``).
        key_breaks: dict[str, set[int]] = {}
        for rule in rules:
            for pattern in patterns_of(rule):
                same = by_key.setdefault(pattern.key, [])
                key_breaks.setdefault(pattern.key, set()).update(pattern.breaks)
                if all(p.rule.actor != rule.actor or p.whole != pattern.whole for p in same):
                    same.append(pattern)
        self.by_key = {key: _preferred(found) for key, found in by_key.items()}
        keys = list(self.by_key)
        self._values: list[tuple[frozenset[int], tuple[Pattern, ...]]] = [
            (frozenset(key_breaks[key]), self.by_key[key]) for key in keys
        ]
        self._automaton: ahocorasick_rs.AhoCorasick | None = None
        if keys:
            self._automaton = ahocorasick_rs.AhoCorasick(
                keys, implementation=ahocorasick_rs.Implementation.DFA
            )

    def _found(self, skeleton: str) -> list[tuple[int, int, int]]:
        """(key, start, end) of every key in ``skeleton``, overlapping ones too, by end
        and the longest first at each end."""
        if self._automaton is None or not skeleton:
            return []
        found = self._automaton.find_matches_as_indexes(skeleton, overlapping=True)
        found.sort(key=lambda hit: (hit[2], hit[1]))
        return found

    def matches(self, folded: Folded) -> list[Match]:
        """Every pattern standing on word boundaries, breaking only where its name does.

        Two places inside a word count as boundaries too, where the written form leaves no
        doubt: a plural or possessive written without its apostrophe ("the Okoros",
        "Maggies plan": a lower-case s ending a capitalised word, or a capital one in a
        word in capitals), for names that are not ordinary words; and the start of a name whose
        first piece is one letter, glued after capitals ("NHSONeill": the O of O'Neill
        is lost in the capitals, the N that follows starts a word).
        """
        found = []
        values = self._values
        for key, start, end in self._found(folded.skeleton):
            breaks, patterns = values[key]
            if folded.bound(start) == NONE and not (1 in breaks and _glued_initial(folded, start)):
                continue
            if folded.bound(end) == NONE:
                patterns = tuple(p for p in patterns if not p.common)
                if not patterns or not _unwritten_apostrophe(folded, start, end):
                    continue
            if any(
                kind == HARD or (kind == GAP and i - start not in breaks)
                for i, kind in folded.inner(start, end)
            ):
                continue
            found.append(Match(start, end, patterns))
        return found

    def inside(self, folded: Folded) -> list[Pattern]:
        """Distinctive patterns anywhere in the skeleton, boundaries or not (addresses)."""
        values = self._values
        return [
            pattern
            for key, _, _ in self._found(folded.skeleton)
            for pattern in values[key][1]
            if pattern.distinctive
        ]


def _unwritten_apostrophe(folded: Folded, start: int, end: int) -> bool:
    """Skeleton character ``end`` is an s that ends the word of a name written with a
    capital (skeleton ``start``), as a plural or a possessive without its apostrophe:
    "Okoros", "OKOROS". In lower case such a word is more often an ordinary one ("lens"
    for Len, "kits" for Kit); "OkoroS" is a join already."""
    if folded.skeleton[end : end + 1] != "s" or folded.bound(end + 1) == NONE:
        return False
    text = folded.text
    if not text[folded.span(start, start + 1)[0]].isupper():
        return False
    at, _ = folded.span(end, end + 1)
    written = text[at]
    return written == "s" or (written == "S" and in_capitals(text[at - 1]))


def _glued_initial(folded: Folded, start: int) -> bool:
    """A capital at skeleton ``start`` that ends a run of capitals and is followed by a
    word that starts there ("NHSONeill": the O; the N after it is a join)."""
    begin, _ = folded.span(start, start + 1)
    text = folded.text
    return (
        text[begin].isupper()
        and begin > 0
        and text[begin - 1].isupper()
        and folded.bound(start + 1) == JOIN
    )


def _preferred(found: list[Pattern]) -> tuple[Pattern, ...]:
    """Whole names before parts: a key that is someone's whole name is never a part."""
    whole = [p for p in found if p.whole]
    return tuple(whole or found)
