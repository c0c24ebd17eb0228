"""Exported documents read back with python-docx: styles, order, exact quotes, citations."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.text.paragraph import Paragraph

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.chapter_blocks import CitationStyle
from fieldjournal.exchange.names.docx_scan import NameLeak
from fieldjournal.exchange.names.replacer import Pseudonymiser
from tests.chapter_field import FIXED_TIME, Field, chapter_text, options, style_name

GOLDEN = Path(__file__).parent / "golden" / "chapter-document.xml"
REAL_NAMES = ("Margaret", "Maggie", "Hale", "Zoë", "Okafor", "Idris", "Penhallow", "Millbrook")


def export(journal: Journal, field: Field, out: Path, **changes: object) -> Path:
    chapter = journal.import_chapter(chapter_text(field))
    journal.export_chapter(chapter.id, out, options(**changes))
    return out


def paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(style_name(p), p.text) for p in docx.Document(str(path)).paragraphs]


def test_styles_order_quotes_and_citations(journal: Journal, field: Field, tmp_path: Path) -> None:
    out = export(journal, field, tmp_path / "chapter.docx")
    board = "(Meeting observation, 5 April 2016, Riverside CVS offices)"
    assert paragraphs(out) == [
        ("Title", "Delivery arms"),
        ("Normal", "Opening words on how Anne Carter saw the partnership."),
        ("Heading 1", "Being the delivery arm"),
        ("Normal", "The board met monthly:"),
        ("List Bullet", "agendas came from the CCG"),
        ("List Bullet", "Riverside CVS took the minutes"),
        ("List Number", "first cycle"),
        ("List Number", "second cycle"),
        ("Quote", "My own reading: the phrase travelled."),
        ("Quote", f"we are the delivery arm, not the partner. {board}"),
        ("Heading 2", "Goodwill"),
        (
            "Quote",
            "[Excerpt withheld: a participant has not consented to quotation. "
            "(Fieldnote, 12 May 2016, St Brannock's hall)]",
        ),
        ("Quote", f"we are the delivery arm {board}"),
        ("Heading 3", "Memo"),
        ("Quote", "Reflexive: they introduced me as the man from the CCG. (Memo, 6 April 2016)"),
    ]


def test_emphasis_strong_and_upright_citations(
    journal: Journal, field: Field, tmp_path: Path
) -> None:
    document = docx.Document(str(export(journal, field, tmp_path / "c.docx")))
    opening = document.paragraphs[1].runs
    assert [(r.text, r.italic, r.bold) for r in opening] == [
        ("Opening words on how ", None, None),
        ("Anne Carter", True, None),
        (" saw the ", None, None),
        ("partnership", None, True),
        (".", None, None),
    ]
    quote = document.paragraphs[9].runs
    assert quote[-1].text.startswith(" (Meeting observation") and quote[-1].italic is False


def test_multi_paragraph_excerpt_keeps_line_breaks(
    journal: Journal, field: Field, tmp_path: Path
) -> None:
    chapter = journal.add_chapter("T", [Section("S", 1, f"[[entry:{field.board}]]")])
    out = tmp_path / "board.docx"
    journal.export_chapter(chapter.id, out, options())
    texts = [text for style, text in paragraphs(out) if style == "Quote"]
    assert texts == [
        "Anne Carter opened the board at ten.\nAnne Carter's point was blunt: "
        '"we are the delivery arm, not the partner."\n[Participant 1] nodded.',
        "Later the Riverside CVS lead asked for the minutes. "
        "(Meeting observation, 5 April 2016, Riverside CVS offices)",
    ]


def test_real_names_on_request(journal: Journal, field: Field, tmp_path: Path) -> None:
    out = export(journal, field, tmp_path / "real.docx", real_names=True, sources=True)
    text = "\n".join(t for _, t in paragraphs(out))
    assert "how Maggie saw" in text and "Millbrook CVS took the minutes" in text
    assert "Millbrook CVS offices)" in text


def test_configurable_citation(journal: Journal, field: Field, tmp_path: Path) -> None:
    style = CitationStyle(("title", "date"), separator="; ", opening="[", closing="]")
    out = export(journal, field, tmp_path / "c.docx", citation=style)
    expected = "we are the delivery arm, not the partner. [Partnership board; 5 April 2016]"
    assert expected in [t for _, t in paragraphs(out)]
    with pytest.raises(InvalidInput, match="citation fields"):
        CitationStyle.parse("kind,weather")


def test_sources_table(journal: Journal, field: Field, tmp_path: Path) -> None:
    out = export(journal, field, tmp_path / "s.docx", sources=True)
    document = docx.Document(str(out))
    assert style_name(document.paragraphs[-1]) == "Heading 1"
    assert document.paragraphs[-1].text == "Sources"
    (table,) = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Date", "Kind", "Site", "Title"],
        ["5 April 2016", "Meeting observation", "Riverside CVS offices", "Partnership board"],
        ["6 April 2016", "Memo", "", "Position"],
        # observed, not quoted (no_quotes): its placeholder cites it, so it is a source
        ["12 May 2016", "Fieldnote", "St Brannock's hall", "Lunch club drop-in"],
    ]


def test_only_the_table_styles_in_use_are_kept(
    journal: Journal, field: Field, tmp_path: Path
) -> None:
    """The Sources table's style and what it is based on stay; Word's other hundred go."""
    document = docx.Document(str(export(journal, field, tmp_path / "s.docx", sources=True)))
    tables = {s.name: s for s in document.styles if s.type == WD_STYLE_TYPE.TABLE}
    assert set(tables) == {"Normal Table", "Table Grid"}
    base = tables["Table Grid"].base_style
    assert base is not None and base.name == "Normal Table"
    assert document.tables[0].style is not None and document.tables[0].style.name == "Table Grid"
    assert "Heading 1" in {s.name for s in document.styles}  # paragraph styles untouched


def test_properties_carry_title_and_author_only(
    journal: Journal, field: Field, tmp_path: Path
) -> None:
    out = export(journal, field, tmp_path / "p.docx", author="Maggie")
    props = docx.Document(str(out)).core_properties
    assert (props.title, props.author) == ("Delivery arms", "Anne Carter")
    assert props.created == FIXED_TIME == props.modified
    for empty in ("subject", "keywords", "comments", "category", "last_modified_by", "identifier"):
        assert getattr(props, empty) == "", empty
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        core = package.read("docProps/core.xml").decode()
        app = package.read("docProps/app.xml").decode()
        relationships = package.read("word/_rels/document.xml.rels").decode()
    assert "thumbnail" not in " ".join(names)
    assert "word/stylesWithEffects.xml" not in names  # Word 2010's copy: styles.xml serves
    assert "stylesWithEffects" not in relationships and "styles.xml" in relationships
    assert "revision" not in core and "lastModifiedBy" not in core and "python-docx" not in core
    assert "Application" not in app and "Word" not in app


def test_author_with_control_characters_is_cleaned(
    journal: Journal, field: Field, tmp_path: Path
) -> None:
    out = export(journal, field, tmp_path / "a.docx", author="A.\x00 Re\x07searcher\n")
    assert docx.Document(str(out)).core_properties.author == "A. Researcher"


def test_page_number_field_in_footer(journal: Journal, field: Field, tmp_path: Path) -> None:
    document = docx.Document(str(export(journal, field, tmp_path / "f.docx")))
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert (
        "PAGE" in footer and 'w:fldCharType="begin"' in footer and 'w:fldCharType="end"' in footer
    )


def numbering_id(paragraph: Paragraph) -> object:
    properties = paragraph._p.pPr
    assert properties is not None
    # python-docx declares CT_PPr.numPr as a bare ZeroOrOne descriptor, without a type
    return properties.numPr.numId.val  # type: ignore[attr-defined]


def test_numbered_lists_restart(journal: Journal, tmp_path: Path) -> None:
    body = "1. a\n2. b\n\nBetween.\n\n1. c"
    chapter = journal.add_chapter("Lists", [Section("S", 1, body)])
    out = tmp_path / "l.docx"
    journal.export_chapter(chapter.id, out, options())
    document = docx.Document(str(out))
    ids = [numbering_id(p) for p in document.paragraphs if style_name(p) == "List Number"]
    assert ids[0] == ids[1] != ids[2]


def test_control_characters_are_cleaned_in_the_document_only(
    journal: Journal, tmp_path: Path
) -> None:
    # Minutes pasted with a form feed, a vertical tab and the Unicode separators, a bell
    # and an escape: the journal keeps them, Word's XML cannot hold the C0 ones.
    body = "minutes\x0cpage\x0btwo\x1c\x1d\x1e\x85\u2028\u2029end\x07\x1b."
    entry = journal.add_entry(
        title="Board\x0c", body=body, site="Hall\x1b", occurred_at="2016-01-01"
    )
    section = Section("Opening\x0b", 1, f"Prose\x01 here.\n\n[[entry:{entry.id}]]")
    chapter = journal.add_chapter("T\x1e", [section])
    out = tmp_path / "cc.docx"
    report = journal.export_chapter(chapter.id, out, options(sources=True))
    citation = "(Fieldnote, 1 January 2016, Hall)"
    assert paragraphs(out) == [
        ("Title", "T"),
        ("Heading 1", "Opening"),
        ("Normal", "Prose here."),
        ("Quote", "minutes\npage\ntwo"),  # the separators in a row end a paragraph
        ("Quote", f"end. {citation}"),
        ("Heading 1", "Sources"),
    ]
    table = docx.Document(str(out)).tables[0]
    assert [c.text for c in table.rows[1].cells][2:] == ["Hall", "Board"]
    assert any("control character" in w for w in report.warnings)
    assert journal.get_entry(entry.id).body == body  # the journal's text is untouched
    assert journal.get_chapter(chapter.id).sections[0].heading == "Opening\x0b"


def test_a_name_split_by_formatting_is_replaced(
    journal: Journal, field: Field, tmp_path: Path
) -> None:
    chapter = journal.add_chapter("T", [Section("S", 1, "Said **Mag**gie.")])
    out = tmp_path / "split.docx"
    journal.export_chapter(chapter.id, out, options())
    assert "Said Anne Carter." in [p.text for p in docx.Document(str(out)).paragraphs]


def test_leak_stops_the_export_and_leaves_no_file(
    journal: Journal, field: Field, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A replacer made to read each run alone misses the name formatting splits; the final
    # check reads the paragraph as a whole and refuses the document.
    def per_run(self: Pseudonymiser, texts: list[str]) -> list[str]:
        return [self.apply(text) for text in texts]

    monkeypatch.setattr(Pseudonymiser, "apply_runs", per_run)
    chapter = journal.add_chapter("T", [Section("S", 1, "Said **Mag**gie.")])
    out = tmp_path / "leak.docx"
    out.write_bytes(b"an earlier export")
    with pytest.raises(NameLeak, match=r"Margaret Hale's name 'Maggie' in word/document.xml"):
        journal.export_chapter(chapter.id, out, options())
    assert out.read_bytes() == b"an earlier export"
    assert [p.name for p in tmp_path.iterdir() if "leak" in p.name] == ["leak.docx"]


def test_pseudonymised_export_holds_no_real_name_anywhere(
    journal: Journal, field: Field, tmp_path: Path
) -> None:
    out = export(journal, field, tmp_path / "all.docx", sources=True, author="Margaret Hale")
    with zipfile.ZipFile(out) as package:
        for name in package.namelist():
            text = package.read(name).decode("utf-8", "replace")
            for real in REAL_NAMES:
                assert real not in text, (real, name)


def normalised_document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode()
    xml = re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+Z", "TIMESTAMP", xml)
    return xml.replace("><", ">\n<")


def test_golden_document_xml(journal: Journal, field: Field, tmp_path: Path) -> None:
    out = export(journal, field, tmp_path / "golden.docx", sources=True)
    produced = normalised_document_xml(out)
    if os.environ.get("FIELDJOURNAL_UPDATE_GOLDEN") == "1":  # then review the diff and commit
        GOLDEN.write_text(produced, encoding="utf-8")
    assert GOLDEN.exists(), "no golden file: run with FIELDJOURNAL_UPDATE_GOLDEN=1 and review it"
    assert produced == GOLDEN.read_text(encoding="utf-8")
