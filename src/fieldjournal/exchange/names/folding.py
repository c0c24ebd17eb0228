"""The replacer's view of a text: folded letters that remember where they came from.

Names are written in many ways that show the same name to a reader: any case (with the
Turkish dotted and dotless i), with or without accents, transliterated (ü or ue, ß or ss,
ø or oe, å or aa, æ or ae, đ or dj), with invisible characters inside (soft hyphens, zero-width
spaces and joiners, word joiners, byte-order marks), joined to the next word (CamelCase,
dots and underscores in addresses) or split at their own hyphen or apostrophe (Mary-Jane,
Mary Jane, MaryJane; O'Neill, O Neill, ONeill).

``fold`` turns text into a *skeleton* of letters and digits only, in which all of these
forms of one name are the same string. Every skeleton character keeps the span of text it
came from, and every position between two skeleton characters records what separated them:

- ``NONE``: nothing, inside a word; a name may not start or end here;
- ``JOIN``: a change of case (CamelCase: "McDonald", "MargaretHolloway"; and before the
  last of several capitals that starts a word, "NHSMcDonald", "EAaE"), between letters
  and digits, or beside a character of a script written without spaces (Chinese, Japanese,
  Thai): a name may start or end here, and a name may run across it;
- ``GAP``: a space, a hyphen, an apostrophe, a dot or an underscore: a name may start or end
  here, and run across it only where the name itself has a break.

Markdown's emphasis marker (``*``) counts as nothing: "Mir*iam*" is "Miriam" to a reader.

Anything else between words (a comma, a bracket, a blank line, ". ") is ``HARD``: a name
may start or end there but never run across it. Inside a word the second letter of a
transliteration pair is dropped on both sides (ue -> u, oe -> o, ae -> a, aa -> a,
ss -> s, dj -> d), so Jürgen, Juergen and Jurgen share the skeleton ``jurgen``, and
Đoković and Djokovic ``dokovic``. Letters of other
scripts are spelt in Latin letters (Дмитрий -> dmitrii), so a name is found in either.

ASCII text (most of any document) is folded by C-level string operations, and what lies
between two skeleton letters is worked out only where a match needs it; other text a
character at a time. Both give the same skeleton for ASCII text (a test compares them).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import compress
from typing import Protocol

from anyascii import anyascii

NONE, JOIN, GAP, HARD = 0, 1, 2, 3

_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u034f")
_SOFT_MARKS = frozenset("'’‘ʼ`´′-‐‑‒–—._")
# Letters that do not decompose into a base letter and an accent.
_LETTERS = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ł": "l",
    "ı": "i",
    "ĳ": "ij",
}
_PAIRS = frozenset({"ue", "oe", "ae", "aa", "ss", "dj"})

# Character classes. A sign is a vowel sign of an Indic or South-East Asian script (ा in
# राम, ิ in ริม): no letter, but part of the word's spelling, spelt after its letter.
_WORD, _SKIP, _SPACE, _MARK, _SIGN = 0, 1, 2, 3, 4


@dataclass(frozen=True, slots=True)
class _Char:
    kind: int
    folded: str = ""
    upper: bool = False
    lower: bool = False
    digit: bool = False
    isolated: bool = False  # ideographs: every one is a word of its own
    # A lower-case letter with no capital (ȴ, ĸ, ʂ): written among capitals it stays as it
    # is, so it says nothing of the word's case; it takes the case of the letters around it.
    caseless: bool = False


# Scripts written without spaces between words, as Chinese and Japanese are: Thai, Lao,
# Myanmar, Khmer. A name stands inside a run of their letters ("คุณสมชายมา").
_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x19E0, 0x19FF))


def _unspaced(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _UNSPACED)


def _latin(char: str) -> str:
    """A character of another script spelt in Latin letters (lower case, letters only)."""
    return "".join(c for c in anyascii(char.casefold()).lower() if c.isalnum())


@lru_cache(maxsize=65536)
def _classify(char: str) -> _Char:
    # Accents, Arabic and Hebrew vowel points, tone marks: written or left out at will.
    if char in _INVISIBLE or unicodedata.combining(char):
        return _Char(_SKIP)
    if unicodedata.category(char)[0] == "M":  # a vowel sign, never left out
        spelt = _latin(char)
        return _Char(_SIGN, spelt) if spelt else _Char(_SKIP)
    if char.isspace():
        return _Char(_SPACE)
    if not char.isalnum():
        return _Char(_MARK)
    if char in "İI":
        folded = "i"
    else:
        decomposed = unicodedata.normalize("NFKD", char.casefold()).casefold()  # 𝐇 is H
        folded = "".join(
            _LETTERS.get(c, c) for c in decomposed if c.isalnum() and not unicodedata.combining(c)
        )
        if not folded.isascii():
            # Other scripts: their Latin spelling, so "Dmitriy" matches "Дмитрий".
            folded = _latin(char) or folded
    isolated = char.isalpha() and (
        _unspaced(char)
        or (not (char.isupper() or char.islower()) and unicodedata.east_asian_width(char) in "WF")
    )
    caseless = _no_capital(char)
    lower = char.islower() and not caseless
    return _Char(_WORD, folded or char, char.isupper(), lower, char.isdigit(), isolated, caseless)


class Folded(Protocol):
    """A text's skeleton, each letter's place in the text, and what separates the letters."""

    skeleton: str
    text: str  # the text folded

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The text span of skeleton characters ``start`` to ``end`` (exclusive)."""
        ...

    def bound(self, index: int) -> int:
        """What separates skeleton characters ``index - 1`` and ``index`` (ends are GAP)."""
        ...

    def inner(self, start: int, end: int) -> list[tuple[int, int]]:
        """(position, bound) of every GAP or HARD strictly inside ``start``-``end``."""
        ...


class _Built:
    """A skeleton built a character at a time, every bound known."""

    def __init__(
        self, text: str, skeleton: str, starts: list[int], ends: list[int], bounds: bytes
    ) -> None:
        self.text, self.skeleton = text, skeleton
        self.starts, self.ends, self.bounds = starts, ends, bounds

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]

    def bound(self, index: int) -> int:
        return self.bounds[index]

    def inner(self, start: int, end: int) -> list[tuple[int, int]]:
        bounds = self.bounds
        return [(i, bounds[i]) for i in range(start + 1, end) if bounds[i] >= GAP]


_DROPPED = "\x01"
# The second letter of each transliteration pair, found by looking back at the first;
# without ``across`` a lower-case letter followed by a capital is a CamelCase join, not a
# pair. One substitution in C, where a loop over matches cost a fifth of an export.
# A capital followed by a lower-case letter after another capital starts a word ("UEdith"
# is U + Edith): no pair across it either.
_SECOND_OF_PAIR = re.compile(
    "e(?<=[uoaUOA]e)|E(?![a-z])(?<=[UOA]E)|a(?<=[aA]a)|A(?![a-z])(?<=AA)"
    "|s(?<=[sS]s)|S(?![a-z])(?<=SS)|j(?<=[dD]j)|J(?![a-z])(?<=DJ)"
)
_SECOND_OF_PAIR_ACROSS = re.compile(
    "[eE](?<=[uoaUOA][eE])|[aA](?<=[aA][aA])|[sS](?<=[sS][sS])|[jJ](?<=[dD][jJ])"
)


def _mark_pairs(text: str, across: bool) -> str:
    """``text`` with the second letter of each transliteration pair replaced by a marker.

    A pair is two letters as written, so "aaa" drops two; a change of case in between
    ("aE") is a CamelCase join and keeps both unless ``across``.
    """
    return (_SECOND_OF_PAIR_ACROSS if across else _SECOND_OF_PAIR).sub(_DROPPED, text)


_KEPT = bytes(1 if chr(b).isalnum() else 0 for b in range(256))
_UNKEPT = bytes(b for b in range(256) if not chr(b).isalnum())


class _Ascii:
    """An ASCII text's skeleton made by string operations; bounds worked out on demand."""

    def __init__(self, text: str, across: bool, pairs: bool = True) -> None:
        self.text = text
        self.marked = _mark_pairs(text, across) if pairs else text
        self._lower = self.marked.lower().encode("ascii")
        self.skeleton = self._lower.translate(None, _UNKEPT).decode("ascii")

    @cached_property
    def origins(self) -> list[int]:
        """Each skeleton letter's place in the text: made only for a text a name may be in."""
        return list(compress(range(len(self.text)), self._lower.translate(_KEPT)))

    def span(self, start: int, end: int) -> tuple[int, int]:
        last = self.origins[end - 1] + 1
        marked = self.marked
        while last < len(marked) and marked[last] == _DROPPED:
            last += 1
        return self.origins[start], last

    def bound(self, index: int) -> int:
        origins = self.origins
        if index == 0 or index >= len(origins):
            return GAP
        here = origins[index]
        if here - origins[index - 1] > 1:
            between = self.marked[origins[index - 1] + 1 : here]
            if _DROPPED in between or _EMPHASIS in between:
                between = between.replace(_DROPPED, "").replace(_EMPHASIS, "")
            if between and _HYPHENATED.fullmatch(between):  # "Hollo-\nway": one word
                return _letters_bound(self.text, here)
            if between:
                kind = _SEPARATORS.get(between)
                if kind is None:
                    kind = GAP if _soft(between) else HARD
                    if len(_SEPARATORS) < 4096:
                        _SEPARATORS[between] = kind
                return kind
        text = self.text
        a, b = text[here - 1], text[here]  # the letter before, kept or dropped
        if a.isdigit() != b.isdigit() or (b.isupper() and (a.islower() or _opens(text, here))):
            return JOIN
        return NONE

    def inner(self, start: int, end: int) -> list[tuple[int, int]]:
        origins = self.origins
        if origins[end - 1] - origins[start] == end - 1 - start:
            return []
        found = []
        for i in range(start + 1, end):
            if origins[i] - origins[i - 1] > 1:
                kind = self.bound(i)
                if kind >= GAP:
                    found.append((i, kind))
        return found


_SEPARATORS: dict[str, int] = {}
# Markdown's emphasis marker: a note's text is replaced before its Markdown is read, and
# "Mir*iam* Hol**lo**way" shows a reader the name. Between letters it separates nothing.
_EMPHASIS = "*"
# A word broken at the end of a line, as text pasted from a page has it ("Hollo-\nway").
_HYPHENATED = re.compile("-[^\\S\n]*\n[^\\S\n]*")  # an ASCII hyphen: its stand-ins are ASCII too


def _letters_bound(text: str, here: int) -> int:
    """JOIN or NONE between the letter at ``here`` and the last one before it, as the fold
    a character at a time decides it (a change of case or of digits is a join)."""
    before = here - 1
    while not text[before].isalnum():
        before -= 1
    a, b = text[before], text[here]
    after = text[here + 1 : here + 2]
    if a.isdigit() != b.isdigit() or (b.isupper() and (a.islower() or after.islower())):
        return JOIN
    return NONE


def _opens(text: str, index: int) -> bool:
    """The capital at ``index`` follows a capital and starts a word ("NHSMcDonald": the M)."""
    return text[index - 1].isupper() and text[index + 1 : index + 2].islower()


def _soft(run: str) -> bool:
    if len(run) == 1 and run in _SOFT_MARKS:
        return True
    return run.isspace() and run.count("\n") <= 1


class _Folder:
    """Builds a skeleton a character at a time (text with letters beyond ASCII)."""

    def __init__(self, text: str, pairs_across_joins: bool, pairs: bool = True) -> None:
        self.text = text
        self.across = pairs_across_joins
        self.pairs = pairs
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.bounds = bytearray()
        self.run = ""
        self.previous: _Char | None = None
        self.last_piece = ""  # the last letter seen, kept or dropped
        self.broken = False  # a line's end broke the word here: no pair folds across it

    def bound(self, info: _Char, index: int) -> int:
        """What separates the word character ``info`` (at ``index``) from the one before."""
        previous = self.previous
        if self.run:
            run, self.run = self.run.replace(_EMPHASIS, ""), ""
            if _HYPHENATED.fullmatch(run):  # "Hollo-\nway": one word broken at a line's end
                run, self.broken = "", True
            if run or previous is None:
                return GAP if previous is None or _soft(run) else HARD
        if previous is None:
            return GAP
        if (
            (info.upper and (previous.lower or (previous.upper and self.lower_next(index))))
            or previous.digit != info.digit
            or previous.isolated
            or info.isolated
        ):
            return JOIN
        return NONE

    def lower_next(self, index: int) -> bool:
        """The next character seen after ``index`` is a lower-case letter (one with no
        capital is passed over: it has the case of the letters before it)."""
        text = self.text
        for following in range(index + 1, len(text)):
            info = _classify(text[following])
            if info.kind not in (_SKIP, _SIGN) and not info.caseless:
                return info.lower
        return False

    def upper_next(self, index: int) -> bool:
        """The next letter with a case after ``index``, in this word, is a capital."""
        text = self.text
        for following in range(index + 1, len(text)):
            info = _classify(text[following])
            if info.kind == _WORD and not info.caseless:
                return info.upper
            if info.kind not in (_SKIP, _WORD, _SIGN):
                return False
        return False

    def cased(self, info: _Char, bound: int, index: int) -> _Char:
        """A letter with no capital, given the case of the word it stands in: the case of
        the letter before it inside a word ("DAAAȴ" is in capitals), else of the next."""
        previous = self.previous
        if bound == NONE and previous is not None and (previous.upper or previous.lower):
            upper = previous.upper
        else:
            upper = self.upper_next(index)
        return replace(info, upper=upper, lower=not upper)

    def char(self, char: str, index: int) -> None:
        info = _classify(char)
        if info.kind == _SKIP:
            if self.ends and not self.run:
                self.ends[-1] = index + 1
            return
        if info.kind == _SIGN:
            self.sign(info, index)
            return
        if info.kind != _WORD:
            self.run += char
            return
        bound = self.bound(info, index)
        if info.caseless:
            info = self.cased(info, bound, index)
        broken, self.broken = self.broken, False
        for position, piece in enumerate(info.folded):
            joined = position or (bound == NONE and not broken) or (bound == JOIN and self.across)
            # Pairs are Latin spellings (ü as ue); a Thai or Chinese letter spelt with one
            # (ฤ is "rue") folds none, or a name's key could end inside the next letter.
            paired = (
                self.pairs and joined and not info.isolated and self.last_piece + piece in _PAIRS
            )
            self.last_piece = piece
            if paired and self.chars:
                self.ends[-1] = index + 1
                continue
            self.chars.append(piece)
            self.starts.append(index)
            self.ends.append(index + 1)
            self.bounds.append(bound if position == 0 else NONE)
        self.previous = info

    def sign(self, info: _Char, index: int) -> None:
        """A vowel sign: its letters follow the letter it is written on, inside the word
        (one with no letter before it, after a space, is passed over)."""
        if not self.chars or self.run:
            return
        for piece in info.folded:
            self.chars.append(piece)
            self.starts.append(index)
            self.ends.append(index + 1)
            self.bounds.append(NONE)
        self.last_piece = ""  # no transliteration pair across a sign

    def result(self) -> Folded:
        self.bounds.append(GAP)
        if self.bounds:
            self.bounds[0] = GAP
        return _Built(self.text, "".join(self.chars), self.starts, self.ends, bytes(self.bounds))


@lru_cache(maxsize=4096)
def _no_capital(char: str) -> bool:
    """A lower-case letter that has no capital, itself or its compatibility letters
    (ȴ, ĸ; not the mathematical 𝐨, which is an o)."""
    base = unicodedata.normalize("NFKD", char)
    return char.islower() and base.upper() == base


def in_capitals(char: str) -> bool:
    """``char`` is a capital, or a letter with no capital (as it stands among capitals)."""
    return char.isupper() or _no_capital(char)


def fold(text: str, *, pairs_across_joins: bool = False, pairs: bool = True) -> Folded:
    """The skeleton of ``text`` (see the module's docstring).

    A transliteration pair is not folded across a change of case ("MariaEsposito" keeps
    its "ae" like "Maria Esposito"); ``pairs_across_joins`` folds it there too, for the
    second key of a name whose own case changes inside a word ("EaA" written "EAA").
    Without ``pairs`` no pair is folded: an initial glued to a name ("aëaaab" for Ëaaab)
    can fold its first letter into the initial's.
    """
    if text.isascii():
        return _Ascii(text, pairs_across_joins, pairs)
    stand_in = ascii_stand_in(text)
    if stand_in is not None:
        return _Ascii(stand_in, pairs_across_joins, pairs)
    return fold_by_character(text, pairs_across_joins, pairs)


_ASCII_BYTES = bytes(range(128))


def _beyond_ascii(text: str) -> set[str]:
    """The distinct characters of ``text`` beyond ASCII: its UTF-8 without the ASCII bytes
    is theirs alone (every byte of a longer sequence is 0x80 or more), found in C."""
    data = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return set(data.decode("utf-8", "surrogatepass"))


# What a space or a mark beyond ASCII separates as: the same as these ASCII ones.
_SPACE_STAND_IN, _SOFT_STAND_IN, _HARD_STAND_IN = " ", "'", "|"


@lru_cache(maxsize=4096)
def _stand_in(char: str) -> str | None:
    """An ASCII character the fold treats exactly as ``char``, if there is one.

    A space, a mark (soft or hard alike), or a letter that folds to one ASCII letter of
    the same case ("é" is "e", "Ø" is "O"): the fold reads a character only through
    ``_classify`` (and a separator's softness), so the skeleton, bounds and spans come
    out the same.
    """
    info = _classify(char)
    if info.kind == _SPACE:
        return _SPACE_STAND_IN
    if info.kind == _MARK:
        return _SOFT_STAND_IN if char in _SOFT_MARKS else _HARD_STAND_IN
    if info.kind == _WORD and len(info.folded) == 1 and info.folded.isascii():
        candidate = info.folded.upper() if info.upper else info.folded
        if _classify(candidate) == info:
            return candidate
    return None  # "ß", other scripts, invisible characters, loose accents


def ascii_stand_in(text: str) -> str | None:
    """``text`` with each character beyond ASCII replaced by its stand-in, one for one;
    None if one has none.

    Notes are mostly ASCII with typographic quotes, dashes and a few accented letters:
    their skeleton is then made by string operations too, where a character at a time
    cost milliseconds a note. One replacement per distinct character, each in C.
    """
    for char in _beyond_ascii(text):
        replacement = _stand_in(char)
        if replacement is None:
            return None
        text = text.replace(char, replacement)
    return text


def fold_by_character(text: str, pairs_across_joins: bool = False, pairs: bool = True) -> Folded:
    """``fold`` a character at a time, whatever the text (the general path)."""
    folder = _Folder(text, pairs_across_joins, pairs)
    for index, char in enumerate(text):
        folder.char(char, index)
    return folder.result()


@lru_cache(maxsize=8192)  # an export asks for every actor's names more than once
def name_keys(name: str) -> frozenset[tuple[str, frozenset[int]]]:
    """A name's skeletons, each with the positions inside it where the name has a break."""
    keys = set()
    # Written without its apostrophes and hyphens, a name folds its pairs across them:
    # "Raed" for Ra'ed is "rad", as "Mariaelena" for Maria-Elena.
    glued = _INNER_MARK.sub("", name)
    marked: set[str] = set()  # an ASCII fold is its text and its marked pairs: no pair, one fold
    for text in dict.fromkeys((name, glued)):
        for across, pairs in ((False, True), (True, True), (False, False)):
            folded = fold(text, pairs_across_joins=across, pairs=pairs)
            if isinstance(folded, _Ascii):
                if folded.marked in marked:
                    continue
                marked.add(folded.marked)
            size = len(folded.skeleton)
            breaks = frozenset(i for i in range(1, size) if folded.bound(i) != NONE)
            if folded.skeleton:
                keys.add((folded.skeleton, breaks))
    return frozenset(keys)


_INNER_MARK = re.compile("(?<=[^\\W_])['’‘ʼ`´′‐‑‒–-](?=[^\\W_])")
