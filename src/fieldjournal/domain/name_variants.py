"""Other ways one name is written that no folding of letters can derive.

A name kept in Greek or Cyrillic letters is written in Latin letters in more than one
way: Дмитрий is Dmitriy, Dmitry, Dmitrii or Dmitrij; Παπαδόπουλος is Papadopoulos or
Papadopoylos; Евгения is Evgeniya, Yevgenia or Evgenia. A Scottish or Irish Mac is
written Mc as often (MacDonald, Macdonald, McDonald, Mcdonald); an Arabic Abd al- as Abdul,
Abdel or glued (Abdulrahman). The folding of the
replacer and of the leak check makes case, accents and transliteration pairs alike;
these spellings differ in their letters, so each becomes a name of its own.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import product

# The common romanisations of each letter (after case folding and dropping accents);
# the first is the most usual. Letters not listed keep one spelling (the folding's).
_CYRILLIC = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("g",), "д": ("d",), "е": ("e", "ye"),
    "ё": ("e", "yo"), "ж": ("zh", "j"), "з": ("z",), "и": ("i", "y"), "й": ("y", "i", "j", ""),
    "к": ("k",), "л": ("l",), "м": ("m",), "н": ("n",), "о": ("o",), "п": ("p",), "р": ("r",),
    "с": ("s",), "т": ("t",), "у": ("u",), "ф": ("f",), "х": ("kh", "h"), "ц": ("ts", "c"),
    "ч": ("ch",), "ш": ("sh",), "щ": ("shch", "sch"), "ъ": ("",), "ы": ("y", "i"), "ь": ("",),
    "э": ("e",), "ю": ("yu", "iu", "u"), "я": ("ya", "ia", "a"), "і": ("i",), "ї": ("yi", "i"),
    "є": ("ye", "e"), "ґ": ("g",),
}  # fmt: skip
_GREEK = {
    "α": ("a",), "β": ("v", "b"), "γ": ("g",), "δ": ("d", "dh"), "ε": ("e",), "ζ": ("z",),
    "η": ("i", "e"), "θ": ("th",), "ι": ("i",), "κ": ("k",), "λ": ("l",), "μ": ("m",),
    "ν": ("n",), "ξ": ("x", "ks"), "ο": ("o",), "π": ("p",), "ρ": ("r",), "σ": ("s",),
    "ς": ("s",), "τ": ("t",), "υ": ("y", "u", "i"), "φ": ("f", "ph"), "χ": ("ch", "kh", "h"),
    "ψ": ("ps",), "ω": ("o",),
}  # fmt: skip
_ROMANISED = _CYRILLIC | _GREEK
_MOST = 64  # spellings of one name; the most usual come first
_MAC = re.compile(r"(?<![^\W\d_])(M)(ac|c)(?=[^\W\d_]{3})", re.IGNORECASE)


def _word_spellings(word: str) -> list[str]:
    options: list[tuple[str, ...]] = []
    for char in unicodedata.normalize("NFC", word.casefold()):
        if char in _ROMANISED:  # "й", "ё" before they lose their marks
            options.append(_ROMANISED[char])
            continue
        for c in unicodedata.normalize("NFD", char):
            if not unicodedata.combining(c):
                options.append(_ROMANISED.get(c, (c,)))
    spelt: list[str] = []
    for combination in product(*options):
        spelling = "".join(combination)
        if spelling and spelling not in spelt:
            spelt.append(spelling)
        if len(spelt) >= _MOST:
            break
    return spelt


def _romanised(name: str) -> list[str]:
    if not any(c in _ROMANISED for c in unicodedata.normalize("NFD", name.casefold())):
        return []
    words = [_word_spellings(w) for w in name.split()]
    names = []
    for combination in product(*words):
        names.append(" ".join(w[:1].upper() + w[1:] for w in combination))
        if len(names) >= _MOST:
            break
    return names


def _mac(name: str) -> list[str]:
    """The other spelling of a Mac or Mc: "MacDonald" -> "McDonald", "Mcleod" -> "Macleod"."""
    if not _MAC.search(name):
        return []
    return [_MAC.sub(lambda m: m.group(1) + ("c" if len(m.group(2)) == 2 else "ac"), name)]


# "Servant of": Abd al-Rahman is written Abdul Rahman, Abdel Rahman, Abdulrahman, Abd-el-Rahman.
_ABD = re.compile(
    r"(?<![^\W\d_])Abd(?:[\s\-‐]*[aeu][lrsntdz])[\s\-‐]*(?=[^\W\d_]{4})",
    re.IGNORECASE,
)
_ABD_FORMS = ("Abd al-", "Abdul ", "Abdel ", "Abdul", "Abd el-", "Abdal ")


def _abd(name: str) -> list[str]:
    match = _ABD.search(name)
    if match is None:
        return []
    rest = name[match.end() :]
    forms = []
    for form in _ABD_FORMS:
        joined = rest[:1].lower() + rest[1:] if form[-1].isalpha() else rest
        forms.append(name[: match.start()] + form + joined)
    return forms


def name_variants(name: str) -> list[str]:
    """Spellings of ``name`` other than its own (none for most names), most usual first."""
    found = [v for v in (*_romanised(name), *_mac(name), *_abd(name)) if v != name]
    return list(dict.fromkeys(found))


def with_variants(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` followed by every other spelling of each."""
    extra = [v for name in names for v in name_variants(name)]
    return tuple(dict.fromkeys((*names, *extra)))
