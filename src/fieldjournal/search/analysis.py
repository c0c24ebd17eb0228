"""Text analysis shared by indexing, query parsing and snippets.

One pass per text: words are found by a regular expression, folded (case and accents:
``Siobhán`` -> ``siobhan``) and stemmed (``trusting`` -> ``trust``) through a bounded cache,
so the same word is only ever stemmed once. Whoosh's generic filter chain costs several
Python calls per token per filter; this does one dict lookup per token.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem

WORD = re.compile(r"\w+", re.UNICODE)
PAIR_SEPARATOR = " "
COMMON_LIMIT = 200
LEARN_SAMPLE = 1000  # texts the common words are learnt from, at most
_CACHE_LIMIT = 200_000
_fold_cache: dict[str, str] = {}
_stem_cache: dict[str, str] = {}


FUNCTION_WORDS = frozenset(
    porter_stem(w)
    for w in [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "but",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "was",
        "it",
        "its",
        "that",
        "this",
        "be",
        "been",
        "are",
        "were",
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "me",
        "us",
        "him",
        "her",
        "them",
        "my",
        "our",
        "their",
        "not",
        "no",
        "so",
        "if",
        "then",
        "than",
        "there",
        "here",
        "had",
        "has",
        "have",
        "do",
        "did",
        "said",
        "says",
        "will",
        "would",
        "can",
        "could",
    ]
)


def fold(text: str) -> str:
    """Lower case without accents or other combining marks (also Arabic and Hebrew points)."""
    folded = _fold_cache.get(text)
    if folded is None:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        if len(_fold_cache) > _CACHE_LIMIT:
            _fold_cache.clear()
        _fold_cache[text] = folded
    return folded


def stem(word: str) -> str:
    """The index term of one word as it appears in a text."""
    term = _stem_cache.get(word)
    if term is None:
        folded = fold(word)
        term = porter_stem(folded) if folded.isascii() else folded
        if len(_stem_cache) > _CACHE_LIMIT:
            _stem_cache.clear()
        _stem_cache[word] = term
    return term


def terms(text: str) -> list[str]:
    """Every word of ``text`` as index terms, in order."""
    return [stem(w) for w in WORD.findall(text)]


def marked_spans(text: str, marks: Collection[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word of ``text`` whose term is one of ``marks``, in order.

    Each distinct word form is stemmed once (a note of 900 words has some 250), then only
    the forms that match are looked for, as whole words, by one regular expression: the
    same spans as stemming word by word (``\\w+``), in a third of the time.
    """
    cached = _stem_cache.get  # stem() for a word seen before, without the call
    forms = [w for w in set(WORD.findall(text)) if (cached(w) or stem(w)) in marks]
    if not forms:
        return []
    alternatives = "|".join(map(re.escape, sorted(forms, key=lambda w: (-len(w), w))))
    pattern = re.compile(rf"\b(?:{alternatives})\b")  # whole \w+ words only
    return [(m.start(), m.end(), stem(m.group())) for m in pattern.finditer(text)]


def pairs(words: list[str], common: frozenset[str]) -> list[str]:
    """Adjacent pairs of common words: such a phrase becomes a single term lookup.

    Only pairs of common words are worth it: a phrase with a rarer word has few
    candidates for Whoosh's positional check, and every distinct pair is a term that
    costs index time (pairs of all words made bulk indexing ten times slower).
    """
    return [
        a + PAIR_SEPARATOR + b for a, b in itertools.pairwise(words) if a in common and b in common
    ]


def common_terms(texts: Iterable[str], limit: int = COMMON_LIMIT) -> frozenset[str]:
    """The ``limit`` terms found in the most texts of a sample, function words aside.

    Pairs with function words ("of the", "the board") would be half of all pairs; a
    phrase holding one is matched by position, its content words' pairs narrowing it.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(terms(text)) - FUNCTION_WORDS)
    return frozenset(term for term, _ in counts.most_common(limit))


def normalise_name(text: str) -> str:
    """A name, site or code path as one comparable key."""
    parts = (" ".join(WORD.findall(fold(part))) for part in text.split("/"))
    return "/".join(parts)


class _Tokens(Tokenizer):  # type: ignore[misc]
    """Base: yields one reused Token per term, as Whoosh expects."""

    def texts(self, value: str, mode: str, tokenize: bool) -> list[tuple[str, int, int]]:
        raise NotImplementedError

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (text, start, end) in enumerate(self.texts(value, mode, tokenize)):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class WordAnalyzer(_Tokens):
    """Folded, stemmed words (title, body, coded segments).

    Prefix and wildcard text (``tokenize=False``) is folded but not stemmed.
    """

    def texts(self, value: str, mode: str, tokenize: bool) -> list[tuple[str, int, int]]:
        if not tokenize:
            return [(fold(value), 0, len(value))]
        return [(stem(m.group()), m.start(), m.end()) for m in WORD.finditer(value)]


class PairAnalyzer(_Tokens):
    """Adjacent pairs of common words, so that common phrases need no positions.

    The set of common words is part of the analyzer, so it is saved with the index's
    schema. A young journal learns it again as it grows (``SearchIndex.relearn``): new
    documents get the new set's pairs at once, and queries use only the pairs of words
    every indexed document was analysed with (``usable``) until all have been indexed
    again.
    """

    # Defaults for indexes written before these were recorded: fully learnt, complete.
    learnt_from: int = LEARN_SAMPLE
    partial: frozenset[str] | None = None

    def __init__(
        self,
        common: frozenset[str] = frozenset(),
        *,
        learnt_from: int = LEARN_SAMPLE,
        partial: frozenset[str] | None = None,
    ) -> None:
        self.common = common
        self.learnt_from = learnt_from  # how many texts the set was learnt from
        self.partial = partial  # while documents are indexed again: the usable words

    @property
    def usable(self) -> frozenset[str]:
        """Words whose pairs every indexed document has."""
        return self.common if self.partial is None else self.partial

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, PairAnalyzer)
            and other.common == self.common
            and other.learnt_from == self.learnt_from
            and other.partial == self.partial
        )

    def __hash__(self) -> int:
        return hash(self.common)

    def texts(self, value: str, mode: str, tokenize: bool) -> list[tuple[str, int, int]]:
        return [(p, 0, 0) for p in pairs(terms(value), self.common)]


class NameAnalyzer(_Tokens):
    """Names, sites and code paths, one per line.

    Indexed as the whole name and each of its words, so ``actor:"Margaret Holloway"`` and
    ``actor:holloway`` both match; a query is always taken as one whole name.
    """

    def texts(self, value: str, mode: str, tokenize: bool) -> list[tuple[str, int, int]]:
        if mode == "query" or not tokenize:
            key = normalise_name(value)
            return [(key, 0, len(value))] if key else []
        out: list[tuple[str, int, int]] = []
        seen: set[str] = set()
        for line in value.split("\n"):
            key = normalise_name(line)
            for text in (key, *WORD.findall(key)):
                if text and text not in seen:
                    seen.add(text)
                    out.append((text, 0, 0))
        return out


class KeyAnalyzer(_Tokens):
    """Exact keys, one per line (kinds, code paths with their ancestors, code+word pairs)."""

    def texts(self, value: str, mode: str, tokenize: bool) -> list[tuple[str, int, int]]:
        if mode == "query" or not tokenize:
            key = normalise_name(value) if "\x1f" not in value else value
            return [(key, 0, len(value))] if key else []
        return [(line, 0, 0) for line in dict.fromkeys(value.split("\n")) if line]
