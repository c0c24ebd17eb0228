"""End-to-end: names in forms beyond the first list, through the installed command.

Actors kept in other scripts and with particles, Mac, apostrophes and ordinary words for
names; notes that write them otherwise. The report and the chapter are read back by
this test's own scan (unzip, strip the tags, fold with its own table, search the letters),
sharing no code with the product's replacer or check. All names are fictional.
"""

from __future__ import annotations

import html
import re
import unicodedata
import zipfile
from pathlib import Path

from tests.e2e.conftest import Cli

ACTORS = [
    ("Дмитрий Соколов", "Ivan Petrov", []),
    ("Δημήτρης Παπαδόπουλος", "Nikos Georgiou", []),
    ("Hamish MacDonald", "Ewan Grant", []),
    ("Pieter van der Berg", "Joost de Wit", []),
    ("Ra’ed Barakat", "Sami Nasser", []),
    ("Miriam Holloway", "Ruth Adler", []),
    ("Mark May", "Tim Shaw", ["--common-word"]),
]
NOTE = (
    "Dmitry Sokolov and Dmitrii met Dimitris; PAPADOPOULOS agreed. Mcdonald and "
    "McDonald came, Vanderberg too. Raed spoke. Mir*iam* Hol**lo**way and 𝐇𝐨𝐥𝐥𝐨𝐰𝐚𝐲 "
    "wrote from https://example.org/p/m%C3%ADriam-holloway. We meet in May. Mark my "
    "words. Later Mr May left."
)
# What must not be read, as this scan folds it.
REAL = ["dmitr", "sokolov", "dimitris", "papadopoulos", "mcdonald", "vanderberg", "raed"]
REAL += ["barakat", "miriam", "holloway"]
_TABLE = {"ł": "l", "ø": "o", "ß": "ss", "æ": "ae"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", html.unescape(text)).casefold()
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = "".join(_TABLE.get(c, c) for c in unicodedata.normalize("NFD", text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("mac", "mc")


def document_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n")))


def letters_found(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        parts = [package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml")]
    letters = "".join(re.sub(r"[^a-z0-9]", "", fold(re.sub(r"<[^>]+>", "", p))) for p in parts)
    return [name for name in REAL if name in letters]


def test_other_forms_leave_no_name_and_ordinary_words_stay(cli: Cli) -> None:
    for name, pseudonym, extra in ACTORS:
        cli("actor", "add", name, "--pseudonym", pseudonym, "--kind", "person", *extra)
    cli("add", "--title", "Visit", "--body", NOTE, "--code", "Forms", "--at", "2024-03-01")
    report = cli.cwd / "forms.docx"
    cli("report", "--code", "Forms", str(report))
    assert letters_found(report) == []
    text = " ".join(document_text(report).split())
    assert "We meet in May. Tim my words. Later Mr Shaw left." in text  # a capital: a name
    assert "[link removed]" in text and "Ruth Adler and Adler" in text

    draft = cli.cwd / "chapter.md"
    draft.write_text("# On Hol*low*ay\n\nProse about Mir*iam* Holloway.\n", encoding="utf-8")
    chapter = cli("chapter", "import", str(draft)).line
    out = cli.cwd / "chapter.docx"
    cli("chapter", "export", chapter[:8], str(out))
    assert letters_found(out) == []
    assert "Prose about Ruth Adler." in document_text(out)
