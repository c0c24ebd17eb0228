"""The writer's pieces that take shortcuts, checked against the plain way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from fieldjournal.exchange.refi.model import (
    PROJECT_NS,
    Case,
    Code,
    Project,
    Selection,
    Source,
    User,
    VariableValue,
)
from fieldjournal.exchange.refi.writer import (
    _xml,
    codebook_xml,
    passage_name,
    project_chunks,
    project_xml,
)

_TEXT = st.text(alphabet=st.sampled_from("ab \n\t\u00a0é"), max_size=700)


@given(_TEXT, st.integers(0, 700), st.integers(0, 700))
def test_a_selection_is_named_by_its_first_words_spaces_collapsed(
    text: str, start: int, end: int
) -> None:
    start, end = sorted((min(start, len(text)), min(end, len(text))))
    assert passage_name(text, start, end) == " ".join(text[start:end].split())[:60]


# Anything a note may hold: markup characters, quotes, line breaks of every kind,
# controls XML cannot carry, characters beyond the BMP.
_ANY = st.text(
    alphabet=st.one_of(
        st.sampled_from("<>&\"'\r\n\t\x0b\x0c\x01 ]]>é😀\ufffe"),
        st.characters(exclude_categories=["Cs"]),
    ),
    max_size=30,
)
_SOME = _ANY.filter(bool)  # what is written only when there is some


@settings(max_examples=60, deadline=None)
@given(_ANY, _ANY, _SOME)
def test_every_value_reads_back_through_an_xml_parser_as_written(
    name: str, text: str, about: str
) -> None:
    """The document is written as text, not by a tree: a parser must read back each
    value exactly as the journal holds it (made XML-safe one character for one)."""
    selection = Selection("s1", 0, len(text), ("c1",), ("k1",), memo=about, name=about)
    source = Source(
        "e1", name, text, description=about, variables=(VariableValue("Site", about),),
        selections=(selection,),
    )  # fmt: skip
    project = Project(
        name=name,
        origin=about,
        users=(User("u1", name),),
        codes=(Code("c1", name, colour="#aabbcc", description=about),),
        sources=(source,),
        cases=(Case("a1", name, about, (VariableValue("Role", name),), ("e1",)),),
        notes=(Source("m1", about, text),),
        description=about,
    )
    root = etree.fromstring(project_xml(project))
    ns = {"q": PROJECT_NS}
    assert root.get("name") == _xml(name) and root.get("origin") == _xml(about)
    assert root.findtext("q:Description", namespaces=ns) == _xml(about)
    code = root.find("q:CodeBook/q:Codes/q:Code", ns)
    assert code is not None and code.get("name") == _xml(name)
    assert code.findtext("q:Description", namespaces=ns) == _xml(about)
    written = root.find("q:Sources/q:TextSource", ns)
    assert written is not None and written.get("name") == _xml(name)
    passage = written.find("q:PlainTextSelection", ns)
    assert passage is not None and passage.get("name") == _xml(about)
    assert passage.findtext("q:Description", namespaces=ns) == _xml(about)
    assert written.findtext("q:VariableValue/q:TextValue", namespaces=ns) == _xml(about)
    case = root.find("q:Cases/q:Case", ns)
    assert case is not None and case.get("name") == _xml(name)
    assert root.findtext("q:Notes/q:Note/q:PlainTextContent", namespaces=ns) == _xml(text)
    codebook = etree.fromstring(codebook_xml(project.codes, about))
    assert codebook.get("origin") == _xml(about)


def test_a_large_document_comes_in_pieces_that_each_decode() -> None:
    sources = tuple(Source(f"e{n}", f"Note {n}", "word " * 2_000) for n in range(400))
    project = Project(name="p", notes=sources)
    pieces = list(project_chunks(project))
    assert len(pieces) > 1
    assert "".join(piece.decode("utf-8") for piece in pieces).encode() == project_xml(project)
