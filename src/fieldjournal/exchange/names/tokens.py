"""The leak check's own reading of text: words, how they are joined, and ASCII spellings.

Deliberately not the replacer's folding (``folding.py``): a check that shares the
replacer's code cannot see what the replacer misses. Here text is cleaned of invisible
characters and combining marks, cut into words (runs of letters and digits, split again
at CamelCase, between letters and digits and around ideographs), and each word is spelt
in ASCII by ``anyascii`` and case-folded. What stands between two words is kept as
``JOINED`` (nothing), ``SOFT`` (a space, hyphen, apostrophe, dot or underscore) or
``HARD`` (anything else); a name may run across soft and joined places only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise, product

from anyascii import anyascii

JOINED, SOFT, HARD = "joined", "soft", "hard"

_HIDDEN = re.compile("[\u00ad\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u034f]")
_RUN = re.compile(r"[^\W_]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_SOFT_SEPARATORS = frozenset("-‐‑‒–—'’‘ʼ`´′._")
_HYPHENATED = re.compile("[-\u2010\u2011][ \t]*\n[ \t]*")
_SENTENCE_END = re.compile(r"[.!?…:;\n]")
# Letters that readers spell in more than one way in ASCII.
_SPELLINGS = {
    "ü": ("u", "ue"),
    "ö": ("o", "oe"),
    "ä": ("a", "ae"),
    "ø": ("o", "oe"),
    "å": ("a", "aa"),
    "æ": ("ae", "a"),
    "œ": ("oe", "o"),
    "ß": ("ss", "s"),
    "đ": ("d", "dj"),  # Serbian and Croatian: Đoković is Djokovic in English
}
_PAIRS = (("ue", "u"), ("oe", "o"), ("ae", "a"), ("aa", "a"), ("ss", "s"))
_MOST_SPELLINGS = 64


@dataclass(slots=True)
class Words:
    """A text's words as parallel lists: as written, ASCII spelling, place, joint, sentence.

    ``joints[i]`` says how word ``i`` is joined to word ``i - 1``; ``sentence[i]`` whether
    it opens a sentence (the text's first word, or after . ! ? : ; or a line break).
    """

    texts: list[str] = field(default_factory=list)
    spellings: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    joints: list[str] = field(default_factory=list)
    sentence: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)

    def capitalised(self, index: int) -> bool:
        return self.texts[index][:1].isupper()

    def shouted(self, index: int) -> bool:
        letters = [c for c in self.texts[index] if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


_ASCII_BYTES = bytes(range(128))


def beyond_ascii(text: str) -> set[str]:
    """The distinct characters of ``text`` beyond ASCII, found in C: its UTF-8 without the
    ASCII bytes is theirs alone (every byte of a longer sequence is 0x80 or more), a
    quarter of the cost of a regular expression's look at every character."""
    data = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return set(data.decode("utf-8", "surrogatepass"))


def clean(text: str) -> str:
    """``text`` without invisible characters and loose marks, composed (NFC).

    Loose marks are those a writer adds or leaves out at will: accents that compose with
    no letter, Arabic and Hebrew vowel points, tone marks (every mark with a combining
    class). The vowel signs of Indic and South-East Asian scripts are part of a word's
    spelling and stay (see ``is_mark``). ASCII text has none of these and is its own
    composition; other text is cleaned one distinct character at a time, in C."""
    if text.isascii():
        return text
    beyond = beyond_ascii(text)
    if not any(map(_loose, beyond)) and unicodedata.is_normalized("NFC", text):
        return text  # what the steps below would give back: one scan, not two
    text = unicodedata.normalize("NFC", _HIDDEN.sub("", text))
    for char in beyond_ascii(text):
        if unicodedata.combining(char):
            text = text.replace(char, "")
    return text


@lru_cache(maxsize=4096)
def _loose(char: str) -> bool:
    return bool(_HIDDEN.match(char)) or unicodedata.combining(char) > 0


def spell(word: str) -> str:
    """One ASCII spelling of a word: "Işıl" -> "isil", "Straße" -> "strasse"."""
    ascii_form = word if word.isascii() else anyascii(word)
    return _NOT_ALNUM.sub("", ascii_form.casefold())


ASCII_PIECE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def _pieces(run: str) -> list[tuple[int, int]]:
    """Where a run of letters and digits splits into words (CamelCase, digits, ideographs)."""
    if run.isascii():
        if run.isalpha() and (run.islower() or run.isupper() or run[1:].islower()):
            return [(0, len(run))]
        return [m.span() for m in ASCII_PIECE.finditer(run)]
    cuts = [0]
    for i in range(1, len(run)):
        before, here = run[i - 1], run[i]
        after = run[i + 1] if i + 1 < len(run) else ""
        if (
            (before.islower() and here.isupper())
            or (before.isupper() and here.isupper() and after.islower())
            or before.isdigit() != here.isdigit()
            or ((_ideograph(before) or _ideograph(here)) and not is_mark(here))
        ):
            cuts.append(i)
    cuts.append(len(run))
    return list(pairwise(cuts))


def _ideograph(char: str) -> bool:
    """A character that is a word of its own: Chinese and Japanese, and the letters of the
    South-East Asian scripts written without spaces (Thai, Lao, Myanmar, Khmer)."""
    if not char.isalpha():
        return False
    if "\u0e00" <= char <= "\u0eff" or "\u1000" <= char <= "\u109f" or "\u1780" <= char <= "\u17ff":
        return True
    return not (char.isupper() or char.islower()) and unicodedata.east_asian_width(char) in "WF"


@lru_cache(maxsize=4096)
def is_mark(char: str) -> bool:
    """A vowel sign (a mark ``clean`` keeps): part of the word it is written in."""
    return unicodedata.category(char)[0] == "M"


def has_marks(text: str) -> bool:
    """Whether ``text`` (cleaned) has marks that belong inside its words (vowel signs)."""
    return not text.isascii() and any(map(is_mark, beyond_ascii(text)))


# Where marks stand: the blocks of scripts that have them (accents, vowel signs, points).
_MARK_BLOCKS = (
    (0x0300, 0x1DFF),
    (0x20D0, 0x20FF),
    (0x2CEF, 0x2DFF),
    (0x302A, 0x309A),
    (0xA66F, 0xABFF),
    (0xFB1E, 0xFE2F),
    (0x11000, 0x11FFF),
    (0x1E000, 0x1E94A),
    (0xE0100, 0xE01EF),
)


@lru_cache(maxsize=1)
def _run_with_marks() -> re.Pattern[str]:
    """Runs of letters and digits with the marks inside them: the vowel signs of Indic and
    South-East Asian scripts (राम, สมชาย) are no letters, and a run of letters alone cuts
    their names into pieces that spell nothing. Made at the first text that has them."""
    ranges: list[list[int]] = []
    for low, high in _MARK_BLOCKS:
        for code in range(low, high + 1):
            if unicodedata.category(chr(code))[0] == "M":
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1][1] = code
                else:
                    ranges.append([code, code])
    marks = "".join(f"{chr(a)}-{chr(b)}" if a < b else chr(a) for a, b in ranges)
    return re.compile(f"[^\\W_](?:[^\\W_]|[{marks}])*")


def _joint(between: str) -> tuple[str, bool]:
    """How two words are joined by ``between``, and whether the second opens a sentence.

    Markdown's emphasis marks join nothing and part nothing: "Mir*iam*" reads "Miriam"."""
    if "\n" in between and _HYPHENATED.fullmatch(between):
        return JOINED, False  # "Hollo-\nway": a word broken at a line's end
    if "*" in between:
        between = between.replace("*", "")
        if not between:
            return JOINED, False
    if len(between) == 1 and between in _SOFT_SEPARATORS:
        return SOFT, False
    sentence = bool(_SENTENCE_END.search(between))
    if between.isspace() and between.count("\n") <= 1:
        return SOFT, sentence
    return HARD, sentence


_JOINTS: dict[str, tuple[str, bool]] = {}


def words(text: str, *, opens_sentence: bool = True) -> Words:
    """The words of a cleaned text (see ``clean``), in order.

    ``opens_sentence=False`` reads the text as following a break that opens no sentence
    (a value in a document, after its neighbour), so its first word is no sentence's."""
    found = Words()
    texts, spelt, starts, ends = found.texts, found.spellings, found.starts, found.ends
    joints, sentence = found.joints, found.sentence
    last_end = 0
    for run in (_run_with_marks() if has_marks(text) else _RUN).finditer(text):
        start = run.start()
        if texts:
            between = text[last_end:start]
            known = _JOINTS.get(between)
            if known is None:
                known = _joint(between)
                if len(_JOINTS) < 4096:
                    _JOINTS[between] = known
            joint, opens = known
        else:
            joint, opens = HARD, opens_sentence
        value = run.group()
        simple = value.isascii()
        for number, (a, b) in enumerate(_pieces(value)):
            piece = value[a:b]
            texts.append(piece)
            spelt.append(piece.lower() if simple else spell(piece))
            starts.append(start + a)
            ends.append(start + b)
            joints.append(joint if number == 0 else JOINED)
            sentence.append(opens and number == 0)
        last_end = run.end()
    return found


@lru_cache(maxsize=8192)  # a check's names share words: each is spelt out once
def spellings(word: str) -> frozenset[str]:
    """Every ASCII spelling a reader may give a name word: Jürgen -> jurgen, juergen."""
    options = [_SPELLINGS.get(c, (c,)) for c in word.casefold()]
    results: set[str] = set()
    for combination in product(*options):
        results.add(spell("".join(combination)))
        if len(results) >= _MOST_SPELLINGS:
            break
    for ascii_from, single in _PAIRS:
        for spelling in list(results):
            if ascii_from in spelling and len(results) < _MOST_SPELLINGS:
                results.add(spelling.replace(ascii_from, single))
    results.discard("")
    return frozenset(results)
