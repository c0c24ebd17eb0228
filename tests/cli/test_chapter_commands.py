"""The chapter commands, run in-process against a journal in a temp folder."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from fieldjournal import Journal
from fieldjournal.cli import main
from tests.chapter_field import Field, chapter_text, style_name


@pytest.fixture
def folder(journal: Journal, field: Field, tmp_path: Path) -> Path:
    journal.close()
    return tmp_path / "journal"


def run(folder: Path, *args: str) -> int:
    return main(["--journal", str(folder), *args])


def test_import_list_show_export(
    folder: Path, field: Field, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "arms.md"
    draft.write_text(chapter_text(field), encoding="utf-8")
    assert run(folder, "chapter", "import", str(draft)) == 0
    chapter_id = capsys.readouterr().out.strip()
    assert len(chapter_id) == 36

    assert run(folder, "chapter", "list", "--json") == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert (listed["id"], listed["title"], listed["section_count"]) == (
        chapter_id,
        "Delivery arms",
        4,
    )

    assert run(folder, "chapter", "show", chapter_id[:8]) == 0
    assert capsys.readouterr().out == chapter_text(field)

    out = tmp_path / "arms.docx"
    assert run(folder, "chapter", "export", chapter_id[:8], str(out), "--author", "A. R.") == 0
    captured = capsys.readouterr()
    assert f"wrote {out} (3 excerpts, pseudonymised)" in captured.out
    assert "withheld: Idris Penhallow (no quotes, linked)" in captured.err
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Anne Carter" in text and "Maggie" not in text

    real = tmp_path / "real.docx"
    assert run(folder, "chapter", "export", chapter_id, str(real), "--real-names", "--sources") == 0
    assert "real names" in capsys.readouterr().out
    assert "Maggie" in "\n".join(p.text for p in docx.Document(str(real)).paragraphs)


def test_code_report_groups_by_sub_code(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "trust.docx"
    assert run(folder, "report", "--code", "Trust", str(out)) == 0
    assert "pseudonymised" in capsys.readouterr().out
    paragraphs = [(style_name(p), p.text) for p in docx.Document(str(out)).paragraphs]
    assert [p for p in paragraphs if p[0].startswith(("Title", "Heading"))] == [
        ("Title", "Code report: Trust"),
        ("Heading 1", "Trust"),
        ("Heading 2", "Trust/Delivery arm"),
        ("Heading 2", "Trust/System trust"),
    ]
    delivery = paragraphs.index(("Heading 2", "Trust/Delivery arm"))
    assert paragraphs[delivery + 1] == (
        "Quote",
        "we are the delivery arm (Meeting observation, 5 April 2016, Riverside CVS offices)",
    )


def test_errors_are_one_line(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("# A\n\n[[quote:12345678]]\n", encoding="utf-8")
    assert run(folder, "chapter", "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert err.startswith("fieldjournal: error: line 3: ") and err.count("\n") == 1
    assert run(folder, "chapter", "export", "00000000", str(tmp_path / "x.docx")) == 1
    assert "no chapter with an id starting 00000000" in capsys.readouterr().err
    assert run(folder, "report", "--code", "Nope", str(tmp_path / "x.docx")) == 1
    assert not (tmp_path / "x.docx").exists()
