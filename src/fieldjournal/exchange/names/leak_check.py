"""The independent leak check: is any real name, alias or name part still in this text?

It reads text with its own tokeniser (``tokens.py``), not the replacer's matcher, and
knows each name as sequences of ASCII spellings. A name is found where the words of the
text spell it, joined or split at the places the name itself breaks ("O Neill", "ONeill",
"MargaretHolloway", "margaret.holloway"); inside e-mail addresses, links, handles and tags
a distinctive name part (not an ordinary word, four letters or more as written) is found
anywhere ("mholloway@...").

It must not cry wolf on ordinary words. A name word that is also an ordinary word (see
``domain.pseudonyms``: the list of such words, two-letter words, and actors the researcher
flagged ``common_word``) is a leak only where it is written as a name *and* could not be
the ordinary word: with a capital, not among words in capitals, and not at the start of a
sentence, unless another word of the same person's name or a title stands next to it
("Hope Saunders" at the start of a sentence is still a leak; "Hope was fading." is not).
A word capitalised wherever it stands (``domain.pseudonyms.CAPITALISED_WORDS``: "in May")
is a leak only beside another word of the name or a title ("Mr May").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from itertools import product
from urllib.parse import unquote

import ahocorasick_rs
from lxml import etree

from fieldjournal.domain.pseudonyms import (
    NameRule,
    capitalised_anyway,
    is_common_word,
    is_ordinary_word,
    is_title,
    name_parts,
    untitled,
)
from fieldjournal.exchange.names.tokens import (
    ASCII_PIECE,
    HARD,
    JOINED,
    Words,
    beyond_ascii,
    clean,
    has_marks,
    is_mark,
    spell,
    spellings,
    words,
)

_LONGEST_NAME = 8  # words
_LINE_HYPHEN = re.compile("[-\u2010\u2011][ \t]*\n[ \t]*")
# Characters: a shorter text found to hold no name costs less to read again than to keep.
_REMEMBERED = 256
# A run of letters and digits that is not one word of one case pattern: the tokeniser
# splits it (CamelCase, letters and digits) or spells it beyond ASCII.
_SPLIT_RUN = re.compile(r"(?<![^\W_])(?!(?:[a-z]+|[A-Z]+|[A-Z][a-z]+|[0-9]+)(?![^\W_]))[^\W_]+")
# Every run between spaces that may be an address (``_address_like`` decides).
_ADDRESS = re.compile(r"(?<!\S)\S*?(?:[@#/]|www\.)\S*")


@dataclass(frozen=True, slots=True)
class Leak:
    """A real name found in ``part`` (a file's part) at ``where``, with its context."""

    part: str
    where: str
    actor: str
    found: str
    context: str = ""
    start: int = 0  # where in the checked text

    def describe(self) -> str:
        near = f", near {self.context!r}" if self.context else ""
        return f"{self.actor}'s name {self.found!r} in {self.part} ({self.where}{near})"


@dataclass(frozen=True, slots=True)
class _Name:
    actor: str
    breaks: frozenset[int]  # offsets in the spelling where the name has a word break
    common: bool
    ordinary: bool  # an English word too ("Hope"), not only short ("Jo", "M.H.")
    words: frozenset[str]  # every spelling of every word of the actor's names


def _spelt(text: str) -> list[tuple[str, frozenset[int]]]:
    """Every spelling of a name, each with the offsets of its word breaks."""
    name_words = words(clean(text)).texts
    if not name_words or len(name_words) > _LONGEST_NAME:
        return []
    options = [sorted(spellings(w)) for w in name_words]
    results = []
    for combination in product(*options):
        cuts, total = [], 0
        for piece in combination[:-1]:
            total += len(piece)
            cuts.append(total)
        results.append(("".join(combination), frozenset(cuts)))
        if len(results) >= 128:
            break
    return results


def _named_openly(rule: NameRule) -> bool:
    own = {spell(name) for name in rule.names}
    return spell(rule.pseudonym) in own


class LeakCheck:
    """Built once per export from every actor's rule; checks texts and documents."""

    def __init__(self, rules: Iterable[NameRule]) -> None:
        self._names: dict[str, list[_Name]] = {}
        self._prefixes: set[str] = set()
        self._openings: set[str] = set()  # what the first word of a name may spell
        self._distinctive: dict[str, str] = {}
        self._clear: set[str] = set()  # see _remember
        for rule in rules:
            if not _named_openly(rule):
                self._add(rule)
        # Whether a text holds an opening at all: every opening starts with one of the
        # shortest, so those alone are looked for (a compiled DFA, read at C speed).
        self._opening_automaton: ahocorasick_rs.AhoCorasick | None = None
        if self._openings:
            self._opening_automaton = ahocorasick_rs.AhoCorasick(
                _shortest(self._openings), implementation=ahocorasick_rs.Implementation.DFA
            )

    def _add(self, rule: NameRule) -> None:
        forms: list[tuple[str, bool]] = []
        for name in rule.names:
            forms.append((name, rule.common_word or _common_single(name)))
            if rule.person and untitled(name) != name:
                bare = untitled(name)
                forms.append((bare, rule.common_word or _common_single(bare)))
        if rule.person:  # surname first: "Okoro Sam", "OKOROSAM", "MCDONALDFIONA"
            for name in rule.names:
                spoken = untitled(name).split()
                if len(spoken) > 1 and spoken[0] != spoken[-1]:
                    ordinary = is_common_word(spoken[0]) or is_common_word(spoken[-1])
                    forms.append((f"{spoken[-1]} {spoken[0]}", rule.common_word or ordinary))
        for part in name_parts(rule):
            forms.append((part.text, rule.common_word or is_common_word(part.text)))
        actor_words = frozenset(
            s for form, _ in forms for w in words(clean(form)).texts for s in spellings(w)
        )
        for form, common in forms:
            distinctive = not common and sum(c.isalnum() for c in clean(form)) >= 4
            ordinary = rule.common_word or any(map(is_ordinary_word, form.split()))
            for spelling, breaks in _spelt(form):
                self._names.setdefault(spelling, []).append(
                    _Name(rule.actor, breaks, common, ordinary, actor_words)
                )
                self._prefixes.update(spelling[:i] for i in range(1, len(spelling) + 1))
                self._openings.update(spelling[:i] for i in (*breaks, len(spelling)))
                if distinctive:
                    self._distinctive.setdefault(spelling, rule.actor)

    # --- text -------------------------------------------------------------------------
    def may_hold(self, text: str) -> bool:
        """False when ``text`` surely holds no name: a quick look before the real check."""
        if not self._names or not text:
            return False
        cleaned = clean(text)
        return self._may_name(cleaned) or (
            _may_be_address(cleaned) and _ADDRESS.search(cleaned) is not None
        )

    def _may_name(self, text: str) -> bool:
        """False when no word of the cleaned ``text`` can spell a name: a look in C first.

        A match starts with a name's opening (its first word, or more of it where the
        text joins words the name keeps apart) spelt by words joined by nothing, which
        are adjacent letters of one run: so the text, spelt a character at a time
        (lower-cased, other scripts and accents in ASCII, anything else a space), holds
        an opening as one string, or holds no name. Where it does, a name can still only
        start a word: one of the text's simple words (one case pattern, letters only) is
        an opening (or is one with a last s: "Okoros", a plural or possessive), or an
        opening is in the spelling of a run that the tokeniser splits (CamelCase, the O
        glued in "NHSONeill") or that has letters beyond ASCII.
        """
        automaton = self._opening_automaton
        if automaton is None:
            return False
        if "*" in text:  # Markdown's emphasis parts no word (see ``tokens._joint``)
            text = text.replace("*", "")
        if "\n" in text:  # nor does a word broken at a line's end ("Hollo-\nway")
            text = _LINE_HYPHEN.sub("", text)
        if not automaton.find_matches_as_indexes(_spelt_by_character(text)):
            return False
        if has_marks(text):  # vowel signs inside words (राम): the words alone can tell
            return True
        openings = self._openings
        pieces = {piece.lower() for piece in ASCII_PIECE.findall(text)}
        if not openings.isdisjoint(pieces):
            return True
        if any(piece[:-1] in openings for piece in pieces if piece.endswith("s")):
            return True  # "Okoros": a plural or possessive without its apostrophe
        return any(
            automaton.find_matches_as_indexes(spell(run.group()))
            for run in _SPLIT_RUN.finditer(text)
        )

    def check_text(
        self, text: str, part: str = "text", where: str = "", *, opens_sentence: bool = True
    ) -> list[Leak]:
        """Every real name in ``text``; ``part`` and ``where`` say where it stands.

        ``opens_sentence=False``: the text follows a break that opens no sentence (a value
        among a document's values), so a capitalised first word is not excused as the
        start of a sentence."""
        if not self._names or not text or text in self._clear:
            return []
        cleaned = clean(text)
        found = []
        may_name = self._may_name(cleaned)
        if may_name:
            found = self._in_words(
                cleaned, words(cleaned, opens_sentence=opens_sentence), part, where
            )
        addresses = self._in_addresses(cleaned, part, where)
        if not may_name and not addresses:
            self._remember([text])
        return found + addresses

    def check_values(self, values: list[str], part: str = "text") -> list[Leak]:
        """Every real name in a document's values (attributes, text nodes), in order.

        Each value is read on its own, as if after a hard break that opens no sentence:
        one look at them all first, so a document whose values hold no opening and no
        address costs a pass in C, and one that does costs only its suspect values."""
        if not self._names or not values:
            return []
        values = [value for value in values if value not in self._clear]
        if not values:
            return []
        together = clean(" | ".join(values))
        if not self._may_name(together) and not (
            _may_be_address(together) and _ADDRESS.search(together) is not None
        ):
            self._remember(values)  # no value holds an opening or an address either
            return []
        found = []
        for value in values:
            found += self.check_text(value, part, opens_sentence=False)
        return found

    def _remember(self, texts: Iterable[str]) -> None:
        """Texts that surely hold no name, however read (their words hold no name's
        opening and they hold no address): a text written twice into one export (a
        memo's text in the project document and in its own file) is read once."""
        self._clear.update(text for text in texts if len(text) >= _REMEMBERED)

    def _in_words(self, text: str, found: Words, part: str, where: str) -> list[Leak]:
        leaks = []
        covered = -1
        spellings_, prefixes = found.spellings, self._prefixes
        for i in range(len(found)):
            if i <= covered:
                continue
            spelt = spellings_[i]
            plural = spelt.endswith("s") and spelt[:-1] in self._names
            best = self._longest(found, i, "") if spelt in prefixes or plural else None
            first = found.starts[i]
            if best is None and _before_glued_word(found, i):
                # "NHSONeill": the name's one-letter first piece is the last of the capitals
                initial = found.texts[i][-1]
                if spell(initial) in prefixes:
                    best = self._longest(found, i + 1, spell(initial))
                    first = found.ends[i] - len(initial)
            if best is not None:
                j, actor = best
                last = found.ends[j]
                near = _near(text, first, last)
                leaks.append(Leak(part, where, actor, text[first:last], near, first))
                covered = j
        return leaks

    def _longest(self, found: Words, i: int, opening: str) -> tuple[int, str] | None:
        """The longest name that words ``i``... spell (after ``opening``, a letter glued
        to word ``i``): the last word's index and whose name it is."""
        spellings_, joints, prefixes = found.spellings, found.joints, self._prefixes
        spelling = opening
        cuts = [(len(opening), JOINED)] if opening else []
        best: tuple[int, str] | None = None
        for j in range(i, min(len(found), i + _LONGEST_NAME)):
            if j > i:
                if joints[j] == HARD:
                    break
                cuts.append((len(spelling), joints[j]))
            spelling += spellings_[j]
            plural = self._plural_at(found, i, j, spelling, cuts)
            if plural is not None:
                best = (j, plural)
            if spelling not in prefixes:
                break
            actor = self._leak_at(found, i, j, spelling, cuts)
            if actor is not None:
                best = (j, actor)
        return best

    def _plural_at(
        self, found: Words, i: int, j: int, spelling: str, cuts: list[tuple[int, str]]
    ) -> str | None:
        """A name that is not an ordinary word, written with a capital, with a plural or
        possessive s and no apostrophe ("Okoros", "OKOROS") ending word ``j`` (in lower
        case, "lens" for Len, it is the word)."""
        written = found.texts[j]
        ends_word = j + 1 == len(found) or found.joints[j + 1] != JOINED
        if len(written) < 2 or not ends_word or not found.texts[i][:1].isupper():
            return None
        if not (written[-1] == "s" or (written[-1] == "S" and written[-2].isupper())):
            return None
        for name in self._names.get(spelling[:-1], ()):
            if name.common:
                continue
            if all(joint == JOINED or cut in name.breaks for cut, joint in cuts):
                return name.actor
        return None

    def _leak_at(
        self, found: Words, i: int, j: int, spelling: str, cuts: list[tuple[int, str]]
    ) -> str | None:
        for name in self._names.get(spelling, ()):
            if any(joint != JOINED and cut not in name.breaks for cut, joint in cuts):
                continue
            if not name.common or self._written_as_name(found, i, j, name):
                return name.actor
        return None

    @staticmethod
    def _written_as_name(found: Words, i: int, j: int, name: _Name) -> bool:
        if not found.capitalised(i):
            return False
        joints = found.joints
        before = i - 1 if i > 0 and joints[i] != HARD else None
        after = j + 1 if j + 1 < len(found) and joints[j + 1] != HARD else None
        neighbours = [k for k in (before, after) if k is not None]
        if all(found.shouted(k) for k in range(i, j + 1)) and any(
            found.shouted(k) for k in neighbours
        ):
            return False
        if j > i and any(joints[k] != JOINED for k in range(i + 1, j + 1)):
            return True  # "Mark May": two words of one name
        if before is not None and is_title(found.texts[before]):
            return True  # "Mr May", "Dr Price"
        if any(found.spellings[k] in name.words for k in neighbours):
            return True
        if i == j and capitalised_anyway(found.texts[i]):
            return False  # "in May": capitalised wherever it stands
        return not found.sentence[i] or not name.ordinary

    def _in_addresses(self, text: str, part: str, where: str) -> list[Leak]:
        """Distinctive name parts glued to anything inside addresses, links, handles, tags."""
        if not self._distinctive or not _may_be_address(text):
            return []
        leaks = []
        for match in _ADDRESS.finditer(text):
            chunk = match.group()
            if not _address_like(chunk):
                continue
            spelt = spell(chunk)
            if "%" in chunk:  # percent-encoded letters, as a browser copies a link
                spelt += " " + spell(clean(unquote(chunk)))
            for spelling, actor in self._distinctive.items():
                if spelling in spelt:
                    leaks.append(Leak(part, where, actor, chunk, "", match.start()))
                    break
        return leaks


def _shortest(openings: set[str]) -> list[str]:
    """The openings that start with no other: a text holds an opening if and only if it
    holds one of these. Sorted, an opening's extensions follow it straight away."""
    kept: list[str] = []
    for opening in sorted(openings):
        if not kept or not opening.startswith(kept[-1]):
            kept.append(opening)
    return kept


@lru_cache(maxsize=4096)
def _spelt_char(char: str) -> str:
    return spell(char) if char.isalnum() or is_mark(char) else " "


def _spelt_by_character(text: str) -> str:
    """``text`` spelt a character at a time: lower-cased, letters beyond ASCII spelt in
    ASCII, any other character beyond ASCII a space. One replacement per distinct
    character (a translation table would cost a lookup for every character)."""
    for char in beyond_ascii(text):
        text = text.replace(char, _spelt_char(char))
    return text.lower()


def _before_glued_word(found: Words, i: int) -> bool:
    """Word ``i`` is in capitals and the next, glued to it, starts with a capital and goes
    on in lower case ("NHSO" + "Neill" in "NHSONeill")."""
    if i + 1 >= len(found) or found.joints[i + 1] != JOINED or not found.shouted(i):
        return False
    following = found.texts[i + 1]
    return following[:1].isupper() and following[1:2].islower()


def _common_single(name: str) -> bool:
    return len(name.split()) == 1 and is_common_word(name)


def _may_be_address(text: str) -> bool:
    """Whether ``text`` has what every address has (a look for four strings, in C)."""
    return "@" in text or "/" in text or "#" in text or "www." in text


def _address_like(chunk: str) -> bool:
    if chunk.startswith(("http://schemas.", "http://purl.org", "http://www.w3.org", "urn:")):
        return False
    stripped = chunk.lstrip("([{<\"'“‘")
    return (
        "@" in chunk
        or "://" in chunk
        or stripped.startswith(("www.", "#"))
        or ("/" in chunk and "." in chunk.split("/")[0])
    )


def _near(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 30) : end + 30].split())


# --- figures ----------------------------------------------------------------------------
# Charts leave as SVG and PDF too. Each is read back as its own readers see it: an SVG's
# text nodes and comments (matplotlib draws letters as glyph outlines and writes each
# string beside them as a comment), a PDF's text as a PDF reader extracts it (pypdf, from
# the embedded fonts' Unicode maps) and its document information.
_SVG_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def check_svg(check: LeakCheck, data: bytes, part: str = "SVG") -> list[Leak]:
    """Every real name in an SVG's text, titles and comments."""
    try:
        root = etree.fromstring(data, _SVG_PARSER)
    except etree.XMLSyntaxError:
        return check.check_text(data.decode("utf-8", "replace"), part, "unreadable SVG")
    found = root.xpath("//text() | //comment()")
    texts = [str(item.text if isinstance(item, etree._Comment) else item) for item in found]
    return check.check_text("\n\n".join(t.strip() for t in texts if t.strip()), part, "text")


def check_pdf(check: LeakCheck, data: bytes, part: str = "PDF") -> list[Leak]:
    """Every real name in a PDF's extracted text (page by page) and its metadata."""
    from pypdf import PdfReader  # only an export of a PDF needs it

    reader = PdfReader(BytesIO(data))
    leaks = []
    for number, page in enumerate(reader.pages, start=1):
        leaks += check.check_text(page.extract_text() or "", part, f"page {number}")
    info = [str(value) for value in (reader.metadata or {}).values()]
    leaks += check.check_text("\n\n".join(info), part, "metadata")
    return leaks
