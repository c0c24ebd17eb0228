"""Replace participants' real names with their pseudonyms in everything an export writes.

One pass of the matcher finds every name, alias and name part in the forms ``folding``
describes; overlapping matches keep the one that starts first and is longest. What
replaces a match:

- a whole name or alias: the pseudonym (a title-less name: the title-less pseudonym);
- a name part alone: the pseudonym's own first name or surname, never its title; a part
  that several people share: ``[name withheld]``, since a guess would misattribute a quote;
- a name inside an e-mail address, link or @handle: the whole address, as
  ``[email removed]``, ``[link removed]`` or ``[handle removed]`` (the name may be glued to
  an initial there, "mholloway@..."); in a #hashtag the name is replaced where it stands
  as a word ("#HollowayOut" -> "#CarterOut"), else the whole tag.

Words written in capitals are replaced in capitals ("MAGGIE'S" -> "ANNE CARTER'S"); what
follows a name (a possessive, punctuation) is left as written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from urllib.parse import unquote

from fieldjournal.domain.pseudonyms import (
    AMBIGUOUS_PART,
    EMAIL_REMOVED,
    HANDLE_REMOVED,
    HASHTAG_REMOVED,
    LINK_REMOVED,
    NameHit,
    NameRule,
    PseudonymClash,
    capitalised_anyway,
    is_title,
)
from fieldjournal.exchange.names.folding import fold, in_capitals, name_keys
from fieldjournal.exchange.names.matcher import Match, NameMatcher, Pattern

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_MACHINE = re.compile(
    r"(?P<link>(?:https?://|www\.)[^\s<>\"'()\[\]]+"
    r"|(?<![\w@.])[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}/[^\s<>\"'()\[\]]*)"
    rf"|(?P<email>[\w.+%'’\-{_INVISIBLE}]+@[\w\-{_INVISIBLE}]+(?:\.[\w\-{_INVISIBLE}]+)+)"
    rf"|(?P<handle>(?<![\w@])@\w[\w.\-{_INVISIBLE}]*)"
    rf"|(?P<hashtag>(?<![\w&#])#\w[\w{_INVISIBLE}]*)"
)
_PLACEHOLDERS = {
    "link": LINK_REMOVED,
    "email": EMAIL_REMOVED,
    "handle": HANDLE_REMOVED,
    "hashtag": HASHTAG_REMOVED,
}
# A run of text between spaces that may be an address (see ``_address_kind``): one with
# "@", "#", "/" or "www." in it (``address_runs``); the other runs are never looked at.
_ADDRESS_MARK = re.compile(r"[@#/]|www\.")
_TO_SPACE = re.compile(r"\S*")
_OPENERS = "([{<\"'“‘"
_CLOSERS = ")]}>\"'”’.,;:!?"
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_WORD_AFTER = re.compile(r"^\W*(\w+)")


_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")


def _shouted(word: str) -> bool:
    """In capitals, two letters or more together ("ANNE", not "A" nor the initials "M.H.");
    a letter with no capital ("ȴ" in "DAAAȴ") stands among capitals as it is."""
    if not word.isupper() and not (
        any(c.isupper() for c in word) and all(in_capitals(c) for c in word if c.islower())
    ):
        return False
    return _TWO_LETTERS.search(word) is not None


def written_as_name(text: str, start: int, end: int) -> bool:
    """Capitalised, and not one of several words in capitals ("THE PRICE WAS HIGH")."""
    if not text[start].isupper():
        return False
    if not _shouted(text[start:end]):
        return True
    before = _WORD_BEFORE.search(text[max(0, start - 60) : start])
    after = _WORD_AFTER.search(text[end : end + 60])
    return not any(m is not None and _shouted(m.group(1)) for m in (before, after))


_SPACED_BEFORE = re.compile(r"([^\W_]+)(\.?)[ \t\u00a0\u202f]+$")
_SPACED_AFTER = re.compile(r"^[ \t\u00a0\u202f]+([^\W_]+)")
_TWO_WORDS = re.compile(r"[^\W_][\s'’\-.]+[^\W_]")


def named_here(text: str, start: int, end: int, rules: Iterable[NameRule]) -> bool:
    """An ordinary word at ``start``-``end`` (one of ``rules``' name words) is the name.

    Written as a name (see ``written_as_name``), wherever it stands: capitalised at a
    sentence's start is a name too ("Price said the board met"), since the check excuses
    such a word there and a word left here would leak unseen. A word capitalised wherever
    it stands ("in May") needs more than its capital: a title or another word of the same
    person's name beside it ("Mr May", "Mark May")."""
    if not written_as_name(text, start, end):
        return False
    if not capitalised_anyway(text[start:end]):
        return True
    if _TWO_WORDS.search(text, start, end):
        return True  # "Mark May": two words of one name
    before = _SPACED_BEFORE.search(text[max(0, start - 60) : start])
    after = _SPACED_AFTER.search(text[end : end + 60])
    own = {w for rule in rules for name in rule.names for w in map(_word_key, name.split())}
    found = _word_key(text[start:end])
    if before is not None and is_title(before.group(1)):
        return True
    for neighbour in (before, after):
        if neighbour is None or (neighbour is before and before.group(2)):
            continue  # "in May. Mark my words": a full stop parts the two
        word = _word_key(neighbour.group(1))
        if word in own and word != found:
            return True
    return False


_BESIDE = frozenset(" \u00a0-\u2010\u2011")  # a space or a hyphen, as a name's words part


def _one_stand_in(text: str, hits: list[NameHit]) -> list[NameHit]:
    """Name words side by side that one stand-in replaces each are replaced once: "Abdel
    Rahman" of Abd al-Rahman is "Yusuf", not "Yusuf Yusuf" (both words of the first name)."""
    merged: list[NameHit] = []
    for hit in hits:
        before = merged[-1] if merged else None
        if (
            before is not None
            and before.actors == hit.actors
            and before.replacement == hit.replacement
            and hit.start - before.end == 1
            and text[before.end] in _BESIDE
            and _word_key(before.found) != _word_key(hit.found)  # not a name said twice
        ):
            merged[-1] = replace(before, found=text[before.start : hit.end], end=hit.end)
        else:
            merged.append(hit)
    return merged


def _word_key(word: str) -> str:
    return "".join(c for c in word.casefold() if c.isalnum())


def _in_case(found: str, replacement: str) -> str:
    return (
        replacement.upper() if _shouted(found) and not replacement.startswith("[") else replacement
    )


class Pseudonymiser:
    """Built once per export from every actor's rule; then applied to any text."""

    def __init__(self, rules: Iterable[NameRule], *, check_pseudonyms: bool = True) -> None:
        """``check_pseudonyms=False`` for a finder whose stand-ins never reach a document."""
        # An actor whose pseudonym is one of their own names is named openly on purpose
        # (a public body, a participant who asked to be named): nothing to replace or check.
        self.rules = tuple(r for r in rules if not _named_openly(r))
        self._by_actor = {rule.actor: rule for rule in self.rules}
        self.matcher = NameMatcher(self.rules)
        self.used: Counter[str] = Counter()
        self._insides: dict[str, list[Pattern]] = {}
        if check_pseudonyms:
            self._check_pseudonyms()

    def _check_pseudonyms(self) -> None:
        for rule in self.rules:
            hits = self.find(rule.pseudonym)
            if hits:
                raise PseudonymClash(
                    f"the pseudonym {rule.pseudonym!r} of {rule.actor} contains the real name "
                    f"{hits[0].found!r} of {hits[0].actor}; choose another pseudonym"
                )

    def find(self, text: str) -> list[NameHit]:
        """Every real name in ``text``, left to right, each with what replaces it."""
        if not text or not self.rules:
            return []
        folded = fold(text)
        hits: list[NameHit] = []
        last_end = -1
        ordered = sorted(self.matcher.matches(folded), key=lambda m: (m.start, -m.end))
        for match in ordered:
            start, end = folded.span(match.start, match.end)
            if start < last_end:
                continue
            hit = self._hit(text, match, start, end)
            if hit is not None:
                hits.append(hit)
                last_end = end
        return _one_stand_in(text, self._addresses(text, hits))

    def _hit(self, text: str, match: Match, start: int, end: int) -> NameHit | None:
        patterns = match.patterns
        common = [p.rule for p in patterns if p.common]
        if common and not named_here(text, start, end, common):
            patterns = tuple(p for p in patterns if not p.common)
            if not patterns:
                return None
        if len(patterns) == 1:
            only = patterns[0]
            actor = only.rule.actor
            return NameHit(actor, text[start:end], start, end, only.stand_in, (actor,))
        actors = tuple(dict.fromkeys(p.rule.actor for p in patterns))
        stand_in = patterns[0].stand_in if len(actors) == 1 else AMBIGUOUS_PART
        return NameHit(actors[0], text[start:end], start, end, stand_in, actors)

    def _addresses(self, text: str, hits: list[NameHit]) -> list[NameHit]:
        """Addresses, links, handles and tags that carry a name are replaced whole."""
        if "@" not in text and "/" not in text and "#" not in text and "www." not in text:
            return hits
        runs = list(address_runs(text))
        for token in _machine_tokens(text, runs):
            kind = token.lastgroup or "link"
            start, end = token.span()
            if kind == "link":
                end = start + len(token.group().rstrip(".,;:!?"))
            inner = [h for h in hits if h.start < end and start < h.end]
            value = text[start:end]
            glued = self._inside(value)
            if not inner and not glued:
                continue
            if kind == "hashtag" and all(start <= h.start and h.end <= end for h in inner):
                replaced = self._replace(value, [_shift(h, -start) for h in inner])
                if not self._inside(replaced):
                    continue
            actors = tuple(
                dict.fromkeys([a for h in inner for a in h.actors] + [p.rule.actor for p in glued])
            )
            # A name that runs into the address ("NHSOkoro sam.okoro@...", surname first)
            # goes with it: replacing the address alone would drop the rest of the name.
            start = min([start, *(h.start for h in inner)])
            end = max([end, *(h.end for h in inner)])
            hits = [h for h in hits if h not in inner]
            hits.append(
                NameHit(actors[0], text[start:end], start, end, _PLACEHOLDERS[kind], actors)
            )
        return self._address_chunks(text, sorted(hits, key=lambda hit: hit.start), runs)

    def _address_chunks(
        self, text: str, hits: list[NameHit], runs: list[tuple[int, int]]
    ) -> list[NameHit]:
        """A run of text between spaces that looks like an address and still carries a name
        once replaced ("xmholloway@", "aaamoété@host") is replaced whole, like an address."""
        for run_start, run_end in runs:
            chunk = text[run_start:run_end]
            value = chunk.lstrip(_OPENERS).rstrip(_CLOSERS)
            kind = _address_kind(value)
            if kind is None:
                continue
            start = run_start + chunk.index(value)
            end = start + len(value)
            inner = [h for h in hits if h.start < end and start < h.end]
            if any(h.replacement in _PLACEHOLDERS.values() for h in inner):
                continue  # already replaced whole as an address
            outside = [h for h in inner if h.start < start or end < h.end]
            replaced = self._replace(value, [_shift(h, -start) for h in inner if h not in outside])
            glued = self._inside(replaced)
            if not glued:
                continue
            start = min([start, *(h.start for h in outside)])
            end = max([end, *(h.end for h in outside)])
            actors = tuple(
                dict.fromkeys([a for h in inner for a in h.actors] + [p.rule.actor for p in glued])
            )
            hits = [h for h in hits if h not in inner]
            hits.append(
                NameHit(actors[0], text[start:end], start, end, _PLACEHOLDERS[kind], actors)
            )
        return sorted(hits, key=lambda hit: hit.start)

    def _inside(self, value: str) -> list[Pattern]:
        known = self._insides.get(value)
        if known is None:  # notes repeat the same addresses: each is folded and read once
            inside = self.matcher.inside
            known = inside(fold(value)) or inside(fold(value, pairs=False))
            if not known and "%" in value:  # a link as a browser copies it: %C5%81ukasz
                decoded = unquote(value)
                known = inside(fold(decoded)) or inside(fold(decoded, pairs=False))
            self._insides[value] = known
        return known

    def apply(self, text: str) -> str:
        """``text`` with every real name replaced."""
        hits = self.find(text)
        for hit in hits:
            self.used[hit.actor] += 1
        return self._replace(text, hits)

    def apply_runs(self, texts: list[str]) -> list[str]:
        """Runs of one paragraph (formatting changes between them) with every real name
        replaced, as they read together: "Mir" + "iam" in emphasis is Miriam. A name
        across runs is replaced in the run where it starts; the rest of it leaves the others."""
        joined = "".join(texts)
        hits = self.find(joined)
        if not hits:
            return list(texts)
        for hit in hits:
            self.used[hit.actor] += 1
        out, position = [], 0
        for text in texts:
            end = position + len(text)
            pieces, last = [], position
            for hit in hits:
                if hit.end <= position or hit.start >= end:
                    continue
                if hit.start >= position:
                    pieces.append(joined[last : hit.start])
                    pieces.append(_in_case(hit.found, hit.replacement))
                last = min(hit.end, end)
            pieces.append(joined[last:end])
            out.append("".join(pieces))
            position = end
        return out

    @staticmethod
    def _replace(text: str, hits: list[NameHit]) -> str:
        if not hits:
            return text
        out: list[str] = []
        last = 0
        for hit in hits:
            out.append(text[last : hit.start])
            out.append(_in_case(hit.found, hit.replacement))
            last = hit.end
        out.append(text[last:])
        return "".join(out)

    def generated_used(self) -> list[NameRule]:
        """Rules with a generated pseudonym that replaced at least one name, by actor."""
        return sorted(
            (r for r in self.rules if r.generated and self.used[r.actor]),
            key=lambda r: r.actor.casefold(),
        )


def address_runs(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the runs of text between spaces that hold an "@", "#", "/" or "www.",
    in order: what ``(?<!\\S)\\S*(?:[@#/]|www\\.)\\S*`` finds, without trying that pattern
    at every word of a long note (the marks are found first, then their runs)."""
    at = 0
    while (mark := _ADDRESS_MARK.search(text, at)) is not None:
        start = mark.start()
        while start and not text[start - 1].isspace():
            start -= 1
        run = _TO_SPACE.match(text, mark.start())  # always matches: \S* may be empty
        end = run.end() if run is not None else mark.end()
        yield start, end
        at = end


def _machine_tokens(text: str, runs: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """``_MACHINE``'s matches, looked for only in the ``runs`` between spaces that may hold
    one (none holds a space; each needs an "@", "#", "/" or "www."): the same matches,
    without running the pattern's lookbehinds at every word of a long note."""
    for start, end in runs:
        yield from _MACHINE.finditer(text, start, end)


def _address_kind(value: str) -> str | None:
    """What a run of text between spaces is, if it looks like an address, link, handle or tag."""
    if value.startswith("#"):
        return "hashtag"
    if value.startswith("@"):
        return "handle"
    if "@" in value:
        return "email"
    if "://" in value or value.startswith("www.") or ("/" in value and "." in value.split("/")[0]):
        return "link"
    return None


def _shift(hit: NameHit, by: int) -> NameHit:
    return NameHit(hit.actor, hit.found, hit.start + by, hit.end + by, hit.replacement, hit.actors)


def _named_openly(rule: NameRule) -> bool:
    own = {key for name in rule.names for key in name_keys(name)}
    return bool(name_keys(rule.pseudonym) & own)
