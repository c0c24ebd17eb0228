"""What pseudonymisation promises, as records and rules (the matching lives in exchange.names).

An export replaces every actor's real names (name and aliases) by their pseudonym, and a
person's name parts written alone ("Margaret said...") by the matching word of the
pseudonym. These rules decide *which* words count and what stands in for them; the
replacer (``exchange.names.replacer``) and the independent leak check
(``exchange.names.leak_check``) each find them in text their own way.

Ordinary words that are also names ("I hope", "a green field", "the price") are the one
place where finding every mention and leaving the quote alone pull apart. Such a word (in
``COMMON_NAME_WORDS``, two letters or shorter, or any name part of an actor whose
``common_word`` flag the researcher set) counts only where it is written as a name: with a
capital, and not inside a stretch of capitals.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.name_variants import with_variants

GENERATED_FORMAT = "[Participant {number}]"
AMBIGUOUS_PART = "[name withheld]"
EMAIL_REMOVED = "[email removed]"
LINK_REMOVED = "[link removed]"
HANDLE_REMOVED = "[handle removed]"
HASHTAG_REMOVED = "[hashtag removed]"

# Honorifics are not names: "Dr Rahman" has one name part, "Rahman".
TITLES = frozenset(
    {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor"}
    | {"sir", "dame", "lord", "lady", "rev", "revd", "fr", "sr", "nurse", "dean"}
)
# Joining words of names: never a name part on their own ("de" in "Ana de la Cruz").
PARTICLES = frozenset(
    {"de", "del", "della", "der", "den", "di", "da", "das", "dos", "du", "la", "le", "van"}
    | {"von", "ter", "ten", "al", "el", "bin", "ibn", "bint", "ben", "y", "e", "st", "mc"}
    | {"o", "ni", "nic", "ui", "ua"}  # Irish: "Siobhán Ó Súilleabháin", "Caoimhe Ní Bhriain"
)
# English words that are also first names or surnames. Written in lower case they are
# the word, not the person, so neither the replacer nor the leak check touches them there.
_COMMON_NAME_WORDS = """
    hope faith grace joy mercy patience prudence charity honor honour constance felicity
    rose lily ivy holly heather daisy iris violet poppy hazel olive jasmine fern flora
    ruby amber pearl crystal jade opal coral
    may june april august summer autumn winter spring dawn eve sunny storm rain snow sky
    star sun moon river brook lake sea ocean bay cliff dale glen heath moor
    mark bill will art guy frank rich sue pat ray rob jack max don ted bob chip sonny
    victor earl duke king queen prince knight bishop pope marshal sheriff major
    baker cook smith taylor carpenter mason miller butcher fisher farmer hunter archer
    porter turner walker cooper potter weaver painter gardener shepherd parsons
    green white black brown gray grey gold silver red reed
    young old long short small little large strong sharp swift wise good best noble
    hall wood woods field fields hill hills stone stones marsh moss bush banks mills
    waters rivers lane street ford park parks church cross bell page chambers house
    lamb fox wolf bird crow swan drake hawk finch sparrow robin wren peacock
    price cash money bond penny sterling love friend child boy man ward warden gentle
"""
COMMON_NAME_WORDS = frozenset(str.split(_COMMON_NAME_WORDS))
# Ordinary words that are written with a capital wherever they stand ("in May"): a
# capital says nothing there, so they count as a name only beside another word of the
# same name or after a title ("Mark May", "Mr May").
CAPITALISED_WORDS = frozenset({"may", "june", "april", "august"})
# Characters that are never seen (soft hyphen, zero-width space/joiners, word joiner, BOM).
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u034f")
_JOINERS = frozenset("'’.-_@/‐‑")


class PseudonymClash(InvalidInput):
    """A pseudonym contains somebody's real name, so no export could hide it."""


@dataclass(frozen=True, slots=True)
class NameRule:
    """An actor's real names (name and aliases) and what replaces them.

    ``person``: a person's name parts also count alone. ``common_word``: the researcher
    said this actor's names are ordinary words, to be matched only where written as names.
    """

    actor: str
    names: tuple[str, ...]
    pseudonym: str
    generated: bool = False
    person: bool = False
    common_word: bool = False

    def __post_init__(self) -> None:
        # Spellings no folding derives (romanisations, Mac and Mc) are names as well.
        object.__setattr__(self, "names", with_variants(self.names))


@dataclass(frozen=True, slots=True)
class NameHit:
    """A real name found in text: whose, the words found, where, and its stand-in.

    ``actors`` lists every actor the words may name (a first name two people share).
    """

    actor: str
    found: str
    start: int
    end: int
    replacement: str = ""
    actors: tuple[str, ...] = field(default=())


def generated_pseudonym(number: int) -> str:
    return GENERATED_FORMAT.format(number=number)


@lru_cache(maxsize=16384)  # building an export's matchers asks for each word many times
def _plain(word: str) -> str:
    """A word as the rules compare it: case-folded, accents and punctuation dropped."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def name_identity(name: str) -> str:
    """What two names must share to be the same name: letters, ignoring case and accents."""
    return " ".join(_plain(word) for word in name.split() if _plain(word))


def is_title(word: str) -> bool:
    return _plain(word) in TITLES


def name_words(name: str) -> list[str]:
    """The words of a name without titles, as written ("Dr Ahmed Rahman" -> Ahmed, Rahman)."""
    return [w for w in name.split() if not is_title(w) and _plain(w)]


def capitalised_anyway(word: str) -> bool:
    """An ordinary word that is capitalised wherever it stands ("May")."""
    return _plain(word) in CAPITALISED_WORDS


def is_ordinary_word(word: str) -> bool:
    """A name word that is an English word ("hope"), not merely short ("Jo")."""
    return _plain(word) in COMMON_NAME_WORDS


def is_common_word(word: str) -> bool:
    """A name word that is also an ordinary word, or too short to tell apart from one.

    Short is two letters ("Jo", "Al"), but one in the scripts without capitals, where
    a name has no capital to show it is written as a name, so as an ordinary word it
    would never be replaced at all: Chinese, Japanese and Korean, whose every character
    is a syllable (王伟, 김민준), and the Indic scripts, whose vowel signs are no letters
    (राम is two letters and a sign)."""
    plain = _plain(word)
    if plain and not any(c.isupper() or c.islower() or c.isdigit() for c in plain):
        return len(plain) <= 1
    return len(plain) <= 2 or plain in COMMON_NAME_WORDS


@dataclass(frozen=True, slots=True)
class NamePart:
    """A word (or compound component) of a person's name and what replaces it alone."""

    text: str
    stand_in: str


def _components(word: str) -> list[str]:
    """The pieces of a compound word ("Castellanos-Ibáñez" -> Castellanos, Ibáñez)."""
    pieces = [word]
    for dash in "-‐‑‒–—":
        pieces = [p for piece in pieces for p in piece.split(dash)]
    return [p.strip("'’.") for p in pieces if _plain(p)] if len(pieces) > 1 else []


def pseudonym_words(rule: NameRule) -> tuple[str, str]:
    """The pseudonym's own first name and surname (never a title): "Dr Omar Khan" -> Omar, Khan."""
    if rule.generated:
        return rule.pseudonym, rule.pseudonym
    words = name_words(rule.pseudonym) or [rule.pseudonym]
    return words[0], words[-1]


def pseudonym_surname(rule: NameRule) -> str:
    """The pseudonym's surname with its particles: "Joost de Wit" -> "de Wit"."""
    if rule.generated:
        return rule.pseudonym
    words = name_words(rule.pseudonym) or [rule.pseudonym]
    start = len(words) - 1
    while start > 1 and _plain(words[start - 1]) in PARTICLES:
        start -= 1
    return " ".join(words[start:])


def _particle_surname(words: list[str]) -> str | None:
    """A surname with the particles before it ("van der Berg"), if it has any."""
    start = len(words) - 1
    while start > 1 and _plain(words[start - 1]) in PARTICLES:
        start -= 1
    return " ".join(words[start:]) if start < len(words) - 1 else None


def untitled(name: str) -> str:
    """A name without its titles ("Dr Omar Khan" -> "Omar Khan"), or the name itself."""
    return " ".join(name_words(name)) or name


def name_parts(rule: NameRule) -> list[NamePart]:
    """A person's name parts that count alone, each with its stand-in.

    First words map to the pseudonym's first name, last words (and every piece of a
    compound surname) to its surname, middle names to the pseudonym's word in the same
    place when it has as many ("Gabriel García Márquez" as "Luis Ruiz Soto": García is
    Ruiz), else to its first name. Particles, titles
    and initials ("A." of the alias "Amy A.") are never parts: a capital letter alone
    names nobody, and as a part it would turn "A meeting" into the pseudonym's surname.
    A name of one word has no parts (it is a whole name).
    """
    if not rule.person:
        return []
    first, last = pseudonym_words(rule)
    own = (
        []
        if rule.generated
        else [w for w in name_words(rule.pseudonym) if _plain(w) not in PARTICLES]
    )
    parts: list[NamePart] = []
    for name in rule.names:
        surname = _particle_surname(name_words(name))
        if surname is not None:  # "van der Berg", "Vanderberg" -> "de Wit"
            parts.append(NamePart(surname, pseudonym_surname(rule)))
        words = [w for w in name_words(name) if _plain(w) not in PARTICLES]
        if len(words) < 2 and not (words and _components(words[0])):
            continue
        for index, word in enumerate(words):
            stand_in = last if index == len(words) - 1 and len(words) > 1 else first
            if 0 < index < len(words) - 1 and len(own) == len(words):
                stand_in = own[index]
            if len(_plain(word)) > 1:
                parts.append(NamePart(word.strip("'’.,"), stand_in))
            for piece in _components(word):
                if _plain(piece) not in PARTICLES:
                    parts.append(NamePart(piece, stand_in))
    return parts


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``-``end`` widened so it cuts no word, address or name-joining mark.

    A quote or coded segment that begins or ends inside a word ("garet Carter") would hide
    the rest of a name from both the replacement and the check: both see the whole word.
    """

    def joins(index: int) -> bool:
        char = text[index]
        return char.isalnum() or char in _INVISIBLE or unicodedata.combining(char) > 0

    def wordy(index: int) -> bool:
        if joins(index):
            return True
        return (
            text[index] in _JOINERS
            and 0 < index < len(text) - 1
            and joins(index - 1)
            and joins(index + 1)
        )

    def inside(index: int) -> bool:
        return 0 < index < len(text) and wordy(index - 1) and wordy(index)

    while inside(start):
        start -= 1
    while inside(end):
        end += 1
    return start, end


class NameSubstitution(Protocol):
    """What the compiler needs: text in, text out, and which generated names it used."""

    def apply(self, text: str) -> str: ...

    def apply_runs(self, texts: list[str]) -> list[str]:
        """The runs of one paragraph, names found as the runs read together."""
        ...

    def generated_used(self) -> list[NameRule]: ...


class RealNames:
    """The identity substitution, for exports the researcher asked to carry real names."""

    def apply(self, text: str) -> str:
        return text

    def apply_runs(self, texts: list[str]) -> list[str]:
        return list(texts)

    def generated_used(self) -> list[NameRule]:
        return []
