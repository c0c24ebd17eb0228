"""Properties of the whole export pipeline (compile, write, check) on random names and notes.

For random actors, aliases and texts: a pseudonymised document holds no real name in any
XML part, and each excerpt's words are exactly the note's words after substitution.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from io import BytesIO

import docx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fieldjournal.domain.chapters import ExcerptKind, ExcerptRef, Section
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.pseudonyms import NameRule, generated_pseudonym
from fieldjournal.domain.text import clean_text
from fieldjournal.exchange.chapter_blocks import Excerpt, Note
from fieldjournal.exchange.chapter_compiler import ChapterCompiler
from fieldjournal.exchange.docx_writer import DocxWriter
from fieldjournal.exchange.names.docx_scan import deliver
from fieldjournal.exchange.names.leak_check import LeakCheck
from fieldjournal.exchange.names.replacer import Pseudonymiser
from tests.chapter_field import fold, independent_leaks

_LETTERS = "abdegiklmnoprstuzéëñø"
# Names as people write them: capitalised or not, some with capitals inside ("McDonald",
# "DeShawn", "AaE"); the whole text is also tried in capitals and in lower case.


def _cased(word: str, capitals: list[bool], capital: bool) -> str:
    letters = [c.upper() if up else c for c, up in zip(word, capitals, strict=False)]
    written = "".join(letters) + word[len(letters) :]
    return written[:1].upper() + written[1:] if capital else written


_name = st.builds(
    _cased,
    st.text(alphabet=_LETTERS, min_size=3, max_size=8),
    st.lists(st.booleans(), max_size=8),
    st.booleans(),
)
_full_name = st.lists(_name, min_size=1, max_size=2).map(" ".join)
_prose_char = st.characters(exclude_categories=["Cs"], exclude_characters="*\\[]#>-+")


@cache
def template_words() -> frozenset[str]:
    """Words an empty document already holds (style and font names): not usable as names."""
    data = DocxWriter(
        ChapterCompiler("x", [], {}, Pseudonymiser([])).result, timestamp=datetime.now(UTC)
    ).build()
    with zipfile.ZipFile(BytesIO(data)) as package:
        text = " ".join(
            html.unescape(package.read(n).decode())
            for n in package.namelist()
            if n.endswith((".xml", ".rels"))
        )
    return frozenset(re.findall(r"\w+", fold(text)))


@st.composite
def field(draw: st.DrawFn) -> tuple[list[NameRule], str]:
    names = draw(st.lists(_full_name, min_size=1, max_size=4, unique_by=fold))
    rules = []
    for number, name in enumerate(names, start=1):
        aliases = tuple(draw(st.lists(_name, max_size=2)))
        pseudonym = generated_pseudonym(number) if number % 2 else f"Q{number}v"
        rules.append(NameRule(name, (name, *aliases), pseudonym, generated=number % 2 == 1))
    all_names = [n for r in rules for n in r.names]
    assume(len({fold(n) for n in all_names}) == len(all_names))
    assume(not any(w in template_words() for n in all_names for w in fold(n).split()))
    filler = st.sampled_from([" ", ", ", "'s ", "\n", "\t", " & ", "’s", "<b>", " 42 "])
    words = st.text(_prose_char, min_size=1, max_size=6)
    pieces = draw(st.lists(st.one_of(st.sampled_from(all_names), filler, words), max_size=14))
    cases: list[Callable[[str], str]] = [str, str.upper, str.lower]
    case = draw(st.sampled_from(cases))
    text = case("".join(pieces)).strip()
    assume(text and not re.search(r"\n\s*\n", clean_text(text).text))
    return rules, text


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much],
)
@given(field())
def test_pseudonymised_export_has_no_real_name_and_exact_words(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[list[NameRule], str]
) -> None:
    rules, text = case
    names = Pseudonymiser(rules)
    note = Note("0" * 8, EntryKind.FIELDNOTE, "Note", datetime(2016, 4, 5, tzinfo=UTC), "")
    ref = ExcerptRef(ExcerptKind.ENTRY, "0" * 8)
    sections = [Section("Heading", 1, f"Prose: {text.splitlines()[0]}\n\n{ref.token}")]
    compiled = ChapterCompiler("Title", sections, {ref: (Excerpt(note, text),)}, names).result
    out = tmp_path_factory.mktemp("p") / "out.docx"
    deliver(DocxWriter(compiled, timestamp=datetime.now(UTC)).build(), out, LeakCheck(rules))

    all_names = [n for r in rules for n in r.names]
    with zipfile.ZipFile(out) as package:
        for part in package.namelist():
            content = html.unescape(package.read(part).decode("utf-8", "replace"))
            assert independent_leaks(content, all_names) == [], part
    title, heading, prose, *quoted = docx.Document(str(out)).paragraphs  # a list: several
    assert (title.text, heading.text) == ("Title", "Heading") and prose.text.startswith("Prose")
    quote = "\n".join(p.text for p in quoted)
    expected = Pseudonymiser(rules).apply(
        clean_text(text).text.replace("\ufffe", "").replace("\uffff", "").strip()
    )
    # Every word, in order (the note's light Markdown renders: its markers may go)
    assert _words(quote) == _words(f"{expected} (Fieldnote, 5 April 2016)")


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)
