"""The document check reads every part of the written file, on its own (fictional names)."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest

from fieldjournal import Journal
from fieldjournal.domain.pseudonyms import NameRule
from fieldjournal.exchange.names import replacer
from fieldjournal.exchange.names.docx_scan import NameLeak, scan_docx
from fieldjournal.exchange.names.leak_check import LeakCheck
from fieldjournal.services.chapter_service import ExportOptions

RULES = [
    NameRule("Işıl Kılıç", ("Işıl Kılıç",), "Ece Demir", person=True),
    NameRule("Margaret Holloway", ("Margaret Holloway", "Maggie"), "Anne Carter", person=True),
]


def _runs(paragraph: object, *texts: str) -> None:
    """A name split across runs, as formatting splits it."""
    for text in texts:
        paragraph.add_run(text)  # type: ignore[attr-defined]


def _package(build: object) -> bytes:
    document = docx.Document()
    assert callable(build)
    build(document)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("build", "part"),
    [
        (lambda d: d.sections[0].header.add_paragraph("Notes by Maggie"), "word/header"),
        (lambda d: d.sections[0].footer.add_paragraph("HOLLOWAY"), "word/footer"),
        (lambda d: setattr(d.core_properties, "subject", "IŞIL KILIÇ"), "docProps/core.xml"),
        (lambda d: setattr(d.core_properties, "keywords", "isil kilic"), "docProps/core.xml"),
        (lambda d: _runs(d.add_paragraph("Mar"), "garet Hol", "loway"), "word/document.xml"),
    ],
)
def test_a_name_anywhere_in_the_package_is_found(build: object, part: str) -> None:
    leaks = scan_docx(_package(build), LeakCheck(RULES))
    assert leaks and leaks[0].part.startswith(part), leaks


def test_a_clean_package_passes() -> None:
    data = _package(lambda d: d.add_paragraph("Anne Carter and Ece Demir; I hope so."))
    assert scan_docx(data, LeakCheck(RULES)) == []


@pytest.fixture
def noted(journal: Journal) -> str:
    journal.add_actor("Işıl Kılıç", pseudonym="Ece Demir", consent="consented")
    journal.add_actor("Margaret Holloway", pseudonym="Anne Carter", aliases=["Maggie"])
    entry = journal.add_entry(
        kind="fieldnote",
        title="Board",
        body="Margaret and Isil spoke; maggie.holloway@example.org sent the minutes.",
        occurred_at="2016-04-05T10:00+01:00",
        actors=["Işıl Kılıç", "Margaret Holloway"],
    )
    return journal.import_chapter(
        f"# IŞIL KILIÇ and the board\n\n[[entry:{entry.id}]]\n", default_title="YILDIZ"
    ).id


def test_document_properties_are_pseudonymised(
    journal: Journal, noted: str, tmp_path: Path
) -> None:
    out = tmp_path / "c.docx"
    journal.export_chapter(noted, out, ExportOptions(author="IŞIL KILIÇ"))
    with zipfile.ZipFile(out) as package:
        core = package.read("docProps/core.xml").decode("utf-8")
        body = package.read("word/document.xml").decode("utf-8")
    assert "ECE DEMIR" in core and "IŞIL" not in core and "KILIÇ" not in core
    assert "Anne and Ece spoke; [email removed] sent" in body


def test_a_name_the_replacer_was_made_to_miss_stops_the_export(
    journal: Journal, noted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check shares nothing with the replacer: a replacer that skips Işıl is caught."""
    original = replacer.Pseudonymiser.find

    def skipping(self: replacer.Pseudonymiser, text: str) -> list[object]:
        return [h for h in original(self, text) if h.actor != "Işıl Kılıç"]

    monkeypatch.setattr(replacer.Pseudonymiser, "find", skipping)
    out = tmp_path / "c.docx"
    with pytest.raises(NameLeak, match=r"Işıl Kılıç's name .* in (word/document.xml|docProps)"):
        journal.export_chapter(noted, out, ExportOptions())
    assert not out.exists()
    assert list(tmp_path.glob(".c.docx*")) == []


@pytest.mark.parametrize(
    "name",
    ["AA", "Ada", "Bea", "Dee", "Cade", "EC", "Fab", "Mirror", "Flip", "Indents", "Goe", "Go"],
)
def test_word_machine_values_are_not_names(name: str) -> None:
    """Colours, ids and GUIDs spell short names in hex; settings such as doNotFlipMirrorIndents
    spell them with inner capitals; the theme's font names (ＭＳ ゴシック) spell "go"."""
    rule = NameRule(name, (name,), "Zed Quill", person=True)
    data = _package(lambda d: d.add_paragraph("Nothing to hide here."))
    assert scan_docx(data, LeakCheck([rule])) == []


def test_a_name_in_an_attribute_value_is_still_found() -> None:
    """Only hexadecimal machine values are passed over: a comment's author is read."""
    author = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}author"
    data = _package(lambda d: d.add_paragraph("Plain.")._p.set(author, "Maggie"))
    leaks = scan_docx(data, LeakCheck(RULES))
    assert [leak.found for leak in leaks] == ["Maggie"]
    assert "attribute w:author" in leaks[0].where
