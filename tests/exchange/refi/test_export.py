"""Exporting a journal as REFI-QDA: schema-valid, stable, pseudonymised, exact offsets."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from fieldjournal import Journal
from fieldjournal.exchange.refi import guids, texts, writer
from fieldjournal.exchange.refi.check import NameLeak
from tests.exchange.refi.shapes import (
    BOARD,
    NS,
    SCHEMA,
    fill,
    qualcoder_journals,
    qualcoder_reading,
)

_SCHEMA = xmlschema.XMLSchema(str(SCHEMA))


def _export(
    journal: Journal, tmp_path: Path, name: str = "out.qdpx", *, real_names: bool = False
) -> Path:
    target = tmp_path / name
    journal.export_qdpx(target, real_names=real_names)
    return target


def _document(path: Path) -> ET.Element:
    with zipfile.ZipFile(path) as zipped:
        return ET.fromstring(zipped.read("project.qde"))


@pytest.mark.parametrize("real_names", [False, True])
def test_every_export_is_valid_against_the_schema(
    journal: Journal, tmp_path: Path, real_names: bool
) -> None:
    fill(journal)
    path = _export(journal, tmp_path, real_names=real_names)
    with zipfile.ZipFile(path) as zipped:
        data = zipped.read("project.qde")
    assert not data.startswith(b"\xef\xbb\xbf")
    _SCHEMA.validate(data.decode("utf-8"))


def test_an_empty_journal_exports_a_valid_project(journal: Journal, tmp_path: Path) -> None:
    path = _export(journal, tmp_path)
    with zipfile.ZipFile(path) as zipped:
        _SCHEMA.validate(zipped.read("project.qde").decode("utf-8"))


def test_source_files_are_utf8_without_bom_with_lf(journal: Journal, tmp_path: Path) -> None:
    ids = fill(journal)
    path = _export(journal, tmp_path, real_names=True)
    with zipfile.ZipFile(path) as zipped:
        raw = zipped.read(f"sources/{ids['board']}.txt")
        names = zipped.namelist()
    assert raw == BOARD.encode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    assert f"sources/{ids['memo']}.txt" in names


def test_a_peer_reading_like_qualcoder_finds_every_coded_passage(
    journal: Journal, tmp_path: Path
) -> None:
    """Segments after an emoji and a combining mark land on the same words in QualCoder."""
    fill(journal)
    path = _export(journal, tmp_path, real_names=True)
    read = qualcoder_reading(path)
    assert ("Partnership board", "Transmission belt", "'delivery arm'") in read
    assert ("Partnership board", "Trust", "Margaret said") in read
    assert ("Lunch club", "Power", "'make things happen'") in read
    assert ("Partnership board", "System trust", BOARD) in read  # the entry-level code


def test_pseudonymised_by_default_with_segments_on_the_same_words(
    journal: Journal, tmp_path: Path
) -> None:
    fill(journal)
    path = _export(journal, tmp_path)
    with zipfile.ZipFile(path) as zipped:
        everything = b"".join(zipped.read(n) for n in zipped.namelist()).decode("utf-8")
    for real in ("Margaret", "Holloway", "Ahmed", "Rahman", "Millbrook"):
        assert real not in everything
    read = qualcoder_reading(path)
    # "Margaret said" was coded: it is now the pseudonym's first name, still coded.
    assert ("Partnership board", "Trust", "Anne said") in read
    assert ("Partnership board", "Transmission belt", "'delivery arm'") in read
    cases = {c.get("name") for c in _document(path).iter(f"{{{NS}}}Case")}
    assert cases == {"Anne Carter", "Dr Omar Khan", "Northside CVS"}


def test_two_exports_carry_the_same_guids(journal: Journal, tmp_path: Path) -> None:
    ids = fill(journal)
    journal.rename_code("Power/Transmission belt", "Conveyor")
    first = _document(_export(journal, tmp_path, "a.qdpx"))
    journal.move_code("Power/Conveyor", "Trust")
    journal.update_actor("Margaret Holloway", role="Director")
    second = _document(_export(journal, tmp_path, "b.qdpx"))

    def guid_set(root: ET.Element) -> set[str]:
        return {e.get("guid", "") for e in root.iter() if e.get("guid")}

    assert guid_set(first) == guid_set(second)
    sources = {s.get("guid") for s in first.iter(f"{{{NS}}}TextSource")}
    assert {ids["board"], ids["lunch"]} == sources
    selections = {s.get("guid") for s in first.iter(f"{{{NS}}}PlainTextSelection")}
    assert ids["delivery"] in selections
    code_id = journal.get_code("Trust/System trust").id
    assert guids.whole_entry_selection(ids["board"], code_id) in selections


def test_memos_are_notes_with_a_text_file_and_inline_text(journal: Journal, tmp_path: Path) -> None:
    ids = fill(journal)
    path = _export(journal, tmp_path, real_names=True)
    root = _document(path)
    (note,) = root.iter(f"{{{NS}}}Note")
    assert note.get("guid") == ids["memo"]
    assert note.get("plainTextPath") == f"internal://{ids['memo']}.txt"
    content = note.find(f"{{{NS}}}PlainTextContent")
    assert content is not None and content.text and content.text.startswith("They introduced")
    # QualCoder would import it as a journal: no TextSource NoteRef turns it into an annotation.
    assert [name for name, _ in qualcoder_journals(path)] == ["My position"]
    # What it is about: NoteRefs in the Note to the entry and the actor (no Links), and a
    # NoteRef from the code.
    about = {r.get("targetGUID") for r in note.findall(f"{{{NS}}}NoteRef")}
    actor_id = journal.get_actor("Margaret Holloway").id
    assert about == {ids["board"], actor_id}
    assert list(root.iter(f"{{{NS}}}Link")) == []
    code = next(c for c in root.iter(f"{{{NS}}}Code") if c.get("name") == "System trust")
    assert [r.get("targetGUID") for r in code.iter(f"{{{NS}}}NoteRef")] == [ids["memo"]]


def test_control_characters_the_journal_keeps_are_made_xml_safe(
    journal: Journal, tmp_path: Path
) -> None:
    # Pasted minutes keep their form feeds and a stray escape; XML 1.0 cannot carry them.
    journal.add_code("Trust", description="paged\x0cdescription\x1b")
    memo = journal.add_entry(kind="memo", title="Minutes\x0c", body="item\x0bnext\x07 end")
    path = _export(journal, tmp_path, real_names=True)
    with zipfile.ZipFile(path) as zipped:
        data = zipped.read("project.qde")
        raw = zipped.read(f"sources/{memo.id}.txt")
    _SCHEMA.validate(data.decode("utf-8"))
    (note,) = _document(path).iter(f"{{{NS}}}Note")
    content = note.find(f"{{{NS}}}PlainTextContent")
    assert content is not None and content.text == "item\nnext  end"  # one for one
    assert note.get("name") == "Minutes\n"
    assert raw == b"item\x0bnext\x07 end"  # the text file keeps the text as it is
    (code,) = _document(path).iter(f"{{{NS}}}Code")
    assert code.findtext(f"{{{NS}}}Description") == "paged\ndescription "


def test_entry_variables_and_actor_cases(journal: Journal, tmp_path: Path) -> None:
    ids = fill(journal)
    root = _document(_export(journal, tmp_path, real_names=True))
    names = {v.get("guid"): v.get("name") for v in root.iter(f"{{{NS}}}Variable")}

    def values(node: ET.Element) -> dict[str, str]:
        out = {}
        for vv in node.findall(f"{{{NS}}}VariableValue"):
            ref = vv.find(f"{{{NS}}}VariableRef")
            assert ref is not None
            out[names[ref.get("targetGUID")] or ""] = vv[1].text or ""
        return out

    board = next(s for s in root.iter(f"{{{NS}}}TextSource") if s.get("guid") == ids["board"])
    assert values(board) == {
        "Entry kind": "meeting",
        "Occurred at": "2016-04-05T10:00:00+01:00",
        "Ended at": "2016-04-05T12:00:00+01:00",
        "Site": "Millbrook CVS offices",
    }
    case = next(c for c in root.iter(f"{{{NS}}}Case") if c.get("name") == "Margaret Holloway")
    assert values(case) == {
        "Actor kind": "person",
        "Sector": "voluntary",
        "Role": "Chief officer",
        "Affiliation": "Millbrook CVS",
    }
    assert [r.get("targetGUID") for r in case.findall(f"{{{NS}}}SourceRef")] == [ids["board"]]
    (user,) = root.iter(f"{{{NS}}}User")
    assert root.get("creatingUserGUID") == user.get("guid")


def test_the_report_names_what_the_format_cannot_carry(journal: Journal, tmp_path: Path) -> None:
    ids = fill(journal)
    journal.update_entry(ids["lunch"], body="Changed text.")
    journal.delete_entry(ids["lunch"])
    report = journal.export_qdpx(tmp_path / "out.qdpx")
    text = " ".join(report.lines())
    assert "1 earlier text" in text and "1 entry in the trash" in text and "consent" in text
    assert ids["lunch"] not in {s.get("guid") for s in _document(tmp_path / "out.qdpx").iter()}


def test_codebook_export_is_nested_with_colours_and_descriptions(
    journal: Journal, tmp_path: Path
) -> None:
    fill(journal)
    target = tmp_path / "codes.qdc"
    assert journal.export_qdc(target) == 4
    root = ET.fromstring(target.read_bytes())
    ns = "urn:QDA-XML:codebook:1.0"
    assert root.tag == f"{{{ns}}}CodeBook"
    trust = next(c for c in root.iter(f"{{{ns}}}Code") if c.get("name") == "Trust")
    (child,) = trust.findall(f"{{{ns}}}Code")
    assert child.get("name") == "System trust" and child.get("color") == "#6FCF97"
    assert child.findtext(f"{{{ns}}}Description") == "Trust in the system"
    # Same structure as a project's CodeBook: valid against the project schema there.
    codebook = target.read_text(encoding="utf-8").split("?>", 1)[1].replace(ns, NS)
    codebook = re.sub(r' origin="[^"]*"', "", codebook, count=1)
    _SCHEMA.validate(f'<Project xmlns="{NS}" name="x">{codebook}</Project>')


def test_a_missing_folder_is_refused_before_writing(journal: Journal, tmp_path: Path) -> None:
    from fieldjournal.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="does not exist"):
        journal.export_qdpx(tmp_path / "nowhere" / "out.qdpx")


@pytest.mark.parametrize("member", ["source text", "project.qde"])
def test_a_name_that_slips_through_stops_the_export_and_writes_nothing(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, member: str
) -> None:
    fill(journal)
    if member == "source text":
        monkeypatch.setattr(texts, "encode", lambda text: f"{text} Holloway".encode())
    else:
        real = writer.project_chunks
        monkeypatch.setattr(
            writer,
            "project_chunks",
            lambda project, *rest: (
                piece.replace(b'name="Fieldjournal"', b'name="Holloway"')
                for piece in real(project, *rest)
            ),
        )
    with pytest.raises(NameLeak, match="Holloway"):
        _export(journal, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "journal") == []


def test_an_export_after_the_first_writes_nothing_and_waits_for_no_check(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The researcher's GUID is made once; a later export only reads, so it does not wait
    for the open-time integrity check that every write waits for."""
    fill(journal)
    first = _document(_export(journal, tmp_path, "first.qdpx"))

    def refuse() -> None:
        raise AssertionError("the export wrote to the journal")

    monkeypatch.setattr(journal.database, "writing", refuse)
    second = _document(_export(journal, tmp_path, "second.qdpx"))
    assert first.get("creatingUserGUID") == second.get("creatingUserGUID") is not None
