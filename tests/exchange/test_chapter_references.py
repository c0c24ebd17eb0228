"""A chapter that cites the literature, exported to DOCX in each shipped style and read
back: the citations as the style writes them, the References list (cited works only, in
order, Word's Bibliography style with a hanging indent, italics as runs), unknown keys."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Mm

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.services.chapter_service import ExportOptions
from tests.chapter_field import FIXED_TIME, style_name

REFS = Path(__file__).parents[1] / "fixtures" / "references"
GOLDEN = Path(__file__).parent / "golden"
# marsh2019b ("After the forum") comes first by title: it is 2019a wherever it is cited.
SECTIONS = (
    Section("Waiting", 1, "As @marsh2019b shows, repairs wait [@marsh2019a, p. 4]."),
    Section("Partners", 1, "Partnerships stall [see @holt2000b; @holt2000a] [@nobody2020]."),
)
CITED = {
    "apa": (
        "As Marsh (2019a) shows, repairs wait (Marsh, 2019b, p. 4).",
        "Partnerships stall (see Holt & Vangsgaard, 2000b, 2000a) [@nobody2020?].",
    ),
    "harvard": (
        "As Marsh (2019a) shows, repairs wait (Marsh, 2019b, p. 4).",
        "Partnerships stall (see Holt and Vangsgaard, 2000b, 2000a) [@nobody2020?].",
    ),
    "chicago": (
        "As Marsh (2019a) shows, repairs wait (Marsh 2019b, 4).",
        "Partnerships stall (see Holt and Vangsgaard 2000b, 2000a) [@nobody2020?].",
    ),
    "chicago-17": (
        "As Marsh (2019a) shows, repairs wait (Marsh 2019b, 4).",
        "Partnerships stall (see Holt and Vangsgaard 2000b, 2000a) [@nobody2020?].",
    ),
}


@pytest.fixture
def cited(journal: Journal) -> Journal:
    journal.import_references(REFS / "library.bib")
    return journal


def export(journal: Journal, out: Path, style: str) -> tuple[Path, tuple[str, ...]]:
    chapter = journal.add_chapter("Repairs", SECTIONS)
    report = journal.export_chapter(
        chapter.id, out, ExportOptions(style=style, timestamp=FIXED_TIME)
    )
    return out, report.warnings


@pytest.mark.parametrize("style", sorted(CITED))
def test_citations_and_references_in_the_document_and_its_golden_xml(
    cited: Journal, tmp_path: Path, style: str
) -> None:
    out, warnings = export(cited, tmp_path / f"{style}.docx", style)
    document = docx.Document(str(out))
    paragraphs = [(style_name(p), p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Repairs")
    assert (paragraphs[2][1], paragraphs[4][1]) == CITED[style]
    assert paragraphs[5] == ("Heading 1", "References")
    references = paragraphs[6:]
    assert {name for name, _ in references} == {"Bibliography"}
    # cited works only (not Dunmore, not Ferrand), the style's order, suffixes in place
    assert [text.split(",")[0] for _, text in references] == ["Holt", "Holt", "Marsh", "Marsh"]
    assert "2000a" in references[0][1] and "2019b" in references[3][1]
    entry = document.paragraphs[6 + 2]  # Marsh 2019a: the journal's name in italics
    assert "Journal of Civic Repair" in next(r.text for r in entry.runs if r.italic)
    layout = document.styles["Bibliography"].paragraph_format
    assert (layout.left_indent, layout.first_line_indent) == (Mm(12.7), -Mm(12.7))
    assert warnings == (
        "section 'Partners', line 1: unknown citekey @nobody2020, shown as [@nobody2020?]",
    )
    with zipfile.ZipFile(out) as package:  # and the whole of it, against its golden file
        produced = package.read("word/document.xml").decode().replace("><", ">\n<")
    produced = re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+Z", "TIMESTAMP", produced)
    golden = GOLDEN / f"references-{style}-document.xml"
    if os.environ.get("FIELDJOURNAL_UPDATE_GOLDEN") == "1":  # then review the diff and commit
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_a_participant_named_like_an_author_is_replaced_outside_citations_only(
    cited: Journal, tmp_path: Path
) -> None:
    cited.add_actor("Ines Holt", pseudonym="Ms Rowan")
    compiled = cited.compile_chapter("Names", [Section("S", 1, "Ines Holt said so [@holt2000a].")])
    prose = compiled.blocks[2]
    assert "".join(r.text for r in prose.runs) == (  # type: ignore[union-attr]
        "Ms Rowan said so (Holt & Vangsgaard, 2000)."
    )


def test_a_quoted_memo_cites_the_literature_a_quoted_fieldnote_stays_verbatim(
    cited: Journal, tmp_path: Path
) -> None:
    cited.add_actor("Maria Quist", pseudonym="Ms Rowan")
    memo = cited.add_entry(
        kind="memo",
        memo_type="theoretical",
        title="On stalling",
        occurred_at="2016-04-05T18:00:00+01:00",
        body="Maria Quist's board stalls, as @holt2000b predicts [@marsh2019a, p. 4; @nobody].",
    )
    note = cited.add_entry(
        title="Drop-in",
        occurred_at="2016-04-06T10:00:00+01:00",
        body="Maria Quist wrote to @ferrand2011 on the board.",
    )
    body = f"Two views.\n\n[[entry:{memo.id}]]\n\n[[entry:{note.id}]]"
    chapter = cited.add_chapter("Stalling", [Section("S", 1, body)])
    out = tmp_path / "memo.docx"
    report = cited.export_chapter(chapter.id, out, ExportOptions(timestamp=FIXED_TIME))
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    quoted = next(t for t in texts if t.startswith("Ms Rowan's board"))
    assert quoted.startswith(  # the citation rendered, the participant's name replaced
        "Ms Rowan's board stalls, as Holt and Vangsgaard (2000) predicts"
        " (Marsh, 2019, p. 4) [@nobody?]."
    )
    assert any(t.startswith("Ms Rowan wrote to @ferrand2011 on the board.") for t in texts)
    references = texts[texts.index("References") + 1 :]
    assert [r.split(" (")[0] for r in references] == ["Holt, I., & Vangsgaard, P.", "Marsh, T."]
    assert "memo 'On stalling', line 1: unknown citekey @nobody, shown as [@nobody?]" in (
        report.warnings
    )


def test_a_possessive_narrative_citation_and_citations_in_emphasis(cited: Journal) -> None:
    text = (
        "Building on @marsh2019b's idea and @holt2000a’s view, *as @ferrand2011 argues*,"
        " **[@holt2000b]**; @nobody's too, and [@ferrand2011]'s point."
    )
    compiled = cited.compile_chapter("Own", [Section("S", 1, text)])
    runs = compiled.blocks[2].runs  # type: ignore[union-attr]
    assert "".join(r.text for r in runs) == (
        "Building on Marsh's (2019) idea and Holt and Vangsgaard’s (2000a) view, as Ferrand"
        " (2011) argues, (Holt & Vangsgaard, 2000b); [@nobody?]'s too, and (Ferrand,"
        " 2011)'s point."
    )
    emphasised = [r.text for r in runs if r.emphasis]
    assert "Ferrand (2011)" in emphasised
    assert [r.text for r in runs if r.strong] == ["(Holt & Vangsgaard, 2000b)"]
