"""Importing REFI-QDA projects: our own round trip and the shapes other tools write."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from fieldjournal import Journal
from tests.exchange.refi.shapes import (
    FIXTURES,
    archive,
    fill,
    project_document,
    qualcoder_journals,
)

NewJournal = Callable[[Path], Journal]


def _segments(journal: Journal) -> set[tuple[str, str, str]]:
    found = set()
    for summary in journal.list_entries(limit=None):
        entry = journal.get_entry(summary.id)
        for s in entry.segments:
            found.add((entry.title, s.code_path, entry.body[s.start : s.end]))
    return found


def _state(journal: Journal) -> dict[str, object]:
    entries = []
    for summary in journal.list_entries(limit=None):
        e = journal.get_entry(summary.id)
        entries.append(
            (
                e.id,
                e.kind,
                e.title,
                e.body,
                e.occurred_at,
                e.ended_at,
                e.site,
                e.memo_type,
                tuple(sorted(e.actor_names)),
                tuple(sorted(e.codes)),
                tuple(sorted((m.target_type, m.label) for m in e.memo_links)),
            )
        )
    return {
        "entries": sorted(entries, key=str),
        "codes": sorted((c.id, c.path, c.description, c.colour) for c in journal.list_codes()),
        "actors": sorted(
            (a.id, a.name, a.kind, a.sector, a.role, a.affiliation) for a in journal.list_actors()
        ),
        "segments": _segments(journal),
    }


def test_round_trip_into_an_empty_journal(
    journal: Journal, new_journal: NewJournal, tmp_path: Path
) -> None:
    fill(journal)
    path = tmp_path / "out.qdpx"
    journal.export_qdpx(path, real_names=True)
    with new_journal(tmp_path / "other") as other:
        report = other.import_qdpx(path)
        assert report.tallies["entry"].created == 2 and report.tallies["memo"].created == 1
        assert _state(other) == _state(journal)


def test_round_trip_pseudonymised_keeps_segments_on_the_same_words(
    journal: Journal, new_journal: NewJournal, tmp_path: Path
) -> None:
    fill(journal)
    path = tmp_path / "out.qdpx"
    journal.export_qdpx(path)
    with new_journal(tmp_path / "other") as other:
        other.import_qdpx(path)
        assert ("Partnership board", "Trust", "Anne said") in _segments(other)
        assert ("Partnership board", "Power/Transmission belt", "'delivery arm'") in _segments(
            other
        )
        assert {a.name for a in other.list_actors()} == {
            "Anne Carter",
            "Dr Omar Khan",
            "Northside CVS",
        }


def test_reimporting_our_own_export_updates_rather_than_duplicates(
    journal: Journal, tmp_path: Path
) -> None:
    ids = fill(journal)
    path = tmp_path / "out.qdpx"
    journal.export_qdpx(path, real_names=True)
    before = _state(journal)
    report = journal.import_qdpx(path)
    assert _state(journal) == before
    assert report.tallies["entry"].matched == 2 and report.tallies["entry"].created == 0
    assert report.tallies["segment"].matched == 3 and report.tallies["segment"].created == 0
    assert any(ids["board"] not in line and "by GUID" in line for line in report.matched)


def test_reimport_after_a_rename_matches_the_code_by_guid(journal: Journal, tmp_path: Path) -> None:
    fill(journal)
    path = tmp_path / "out.qdpx"
    journal.export_qdpx(path, real_names=True)
    journal.rename_code("Power/Transmission belt", "Conveyor")
    report = journal.import_qdpx(path)
    assert report.tallies["code"].created == 0
    assert "Power/Transmission belt" not in {c.path for c in journal.list_codes()}


def test_a_dry_run_reports_and_changes_nothing(
    journal: Journal, new_journal: NewJournal, tmp_path: Path
) -> None:
    fill(journal)
    path = tmp_path / "out.qdpx"
    journal.export_qdpx(path, real_names=True)
    with new_journal(tmp_path / "other") as other:
        report = other.import_qdpx(path, dry_run=True)
        assert report.tallies["entry"].created == 2
        assert other.list_entries() == [] and other.list_codes() == []
        assert "nothing was changed (dry run)" in report.lines()


def test_the_qualcoder_export(journal: Journal, tmp_path: Path) -> None:
    """A real file from QualCoder: BOM sources (offsets after it), a category, a note."""
    path = tmp_path / "qualcoder-export.qdpx"
    shutil.copyfile(FIXTURES / "qualcoder-export.qdpx", path)
    report = journal.import_qdpx(path)
    (entry,) = [e for e in journal.list_entries(limit=None) if e.kind.value == "fieldnote"]
    full = journal.get_entry(entry.id)
    assert full.title == "Fieldnote 2026-01-02 ward round"
    assert not full.body.startswith("\ufeff")
    coded = {(s.code_path, full.body[s.start : s.end]) for s in full.segments}
    assert coded == {
        ("Roles/Ward manager", "Ward manager"),
        ("Roles/Ward manager/Acting up", "discharge lounge"),
    }
    memos = {
        journal.get_entry(e.id).title: journal.get_entry(e.id).body
        for e in journal.list_entries(kind="memo", limit=None)
    }
    assert memos["Memo: handover culture"] == "Handover is where authority is negotiated — é."
    assert report.tallies["category"].created == 1
    assert not journal.get_code("Roles").codable and journal.get_code("Roles/Ward manager").codable


def test_the_atlas_ti_codebook_project(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "atlas.qdpx"
    path.write_bytes(
        archive(
            {
                "target-atlas-project.qde": (
                    FIXTURES / "atlas-ti-23-codebook-project.qde"
                ).read_bytes()
            }
        )
    )
    report = journal.import_qdpx(path)
    assert {c.path for c in journal.list_codes()} == {
        "Commits",
        "Commits/2022-05-10T02:05:59Z 19e4dce",
        "Commits/2022-02-11T10:39:25Z cdbfd92",
    }
    assert journal.get_code("Commits").id == "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"
    assert report.origin.startswith("ATLAS.ti")


NVIVO = """<Users><User guid="11111111-1111-4111-8111-111111111111" name="Jo"/></Users>
<CodeBook><Codes>
 <Code guid="22222222-2222-4222-8222-222222222222" name="Care" isCodable="false" color="#F00">
  <Code guid="33333333-3333-4333-8333-333333333333" name="Respite" isCodable="true"/>
 </Code></Codes></CodeBook>
<Sources>
 <TextSource guid="44444444-4444-4444-8444-444444444444" name="Interview Ellis"
   plainTextPath="{path}" creationDateTime="2021-03-04T09:00:00Z">
  <PlainTextSelection guid="55555555-5555-4555-8555-555555555555" startPosition="{start}"
    endPosition="{end}"><Coding guid="66666666-6666-4666-8666-666666666666">
    <CodeRef targetGUID="33333333-3333-4333-8333-333333333333"/></Coding></PlainTextSelection>
  <PlainTextSelection guid="77777777-7777-4777-8777-777777777777" startPosition="5"
    endPosition="9000"><Coding guid="88888888-8888-4888-8888-888888888888">
    <CodeRef targetGUID="33333333-3333-4333-8333-333333333333"/></Coding></PlainTextSelection>
 </TextSource></Sources>
<Sets><Set guid="99999999-9999-4999-8999-999999999999" name="Group"/></Sets>
<Graphs><Graph guid="aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"/></Graphs>"""

TEXT = "Line one.\r\nLine two: respite care\r\nmatters.\r\n"


def _shaped(tmp_path: Path, *, path: str, member: str, origin: str, crlf_two: bool) -> Path:
    word = "respite care"
    logical = TEXT.replace("\r\n", "\n")
    start = (TEXT if crlf_two else logical).index(word)
    doc = NVIVO.format(path=path, start=start, end=start + len(word))
    target = tmp_path / "peer.qdpx"
    target.write_bytes(
        archive({"project.qde": project_document(doc, origin), member: TEXT.encode("utf-8-sig")})
    )
    return target


def _coded(journal: Journal) -> set[tuple[str, str]]:
    return {(code, text) for _, code, text in _segments(journal)}


def test_nvivo_shape_bare_path_capital_sources_crlf_counted_twice(
    journal: Journal, tmp_path: Path
) -> None:
    path = _shaped(
        tmp_path,
        path="44444444-4444-4444-8444-444444444444.txt",
        member="Sources/44444444-4444-4444-8444-444444444444.txt",
        origin="NVivo 14",
        crlf_two=True,
    )
    report = journal.import_qdpx(path)
    assert _coded(journal) == {("Care/Respite", "respite care")}
    assert not journal.get_code("Care").codable  # a category stays a category
    (entry,) = journal.list_entries(limit=None)
    assert "\r" not in journal.get_entry(entry.id).body
    assert any("does not fit its text" in s and "Care/Respite" in s for s in report.skipped)
    assert {"1 set", "1 graph"} <= set(report.not_imported)


def test_atlas_shape_relative_path_crlf_counted_once(journal: Journal, tmp_path: Path) -> None:
    path = _shaped(
        tmp_path,
        path="relative:///44444444-4444-4444-8444-444444444444.txt",
        member="sources/44444444-4444-4444-8444-444444444444.txt",
        origin="ATLAS.ti 23",
        crlf_two=False,
    )
    journal.import_qdpx(path)
    assert _coded(journal) == {("Care/Respite", "respite care")}


def test_maxqda_shape_without_dates_and_inline_text(journal: Journal, tmp_path: Path) -> None:
    doc = """<CodeBook><Codes><Code guid="33333333-3333-4333-8333-333333333333" name="Respite"
      isCodable="true"/></Codes></CodeBook><Sources>
      <TextSource guid="44444444-4444-4444-8444-444444444444" name="Notes">
      <PlainTextContent>Short respite note.</PlainTextContent>
      <PlainTextSelection guid="55555555-5555-4555-8555-555555555555" startPosition="6"
        endPosition="13"><Coding guid="66666666-6666-4666-8666-666666666666">
        <CodeRef targetGUID="33333333-3333-4333-8333-333333333333"/></Coding>
      </PlainTextSelection></TextSource></Sources>"""
    path = tmp_path / "maxqda.qdpx"
    path.write_bytes(archive({"Project.qde": project_document(doc, "MAXQDA 2022")}))
    report = journal.import_qdpx(path)
    assert _coded(journal) == {("Respite", "respite")}
    assert any("no date" in line for line in report.skipped)


def test_notes_with_internal_paths_and_noterefs_become_linked_memos(
    journal: Journal, tmp_path: Path
) -> None:
    doc = """<Sources><TextSource guid="44444444-4444-4444-8444-444444444444" name="Visit"
      plainTextPath="internal://44444444-4444-4444-8444-444444444444.txt">
      <NoteRef targetGUID="bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"/></TextSource></Sources>
      <Notes><Note guid="bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" name="Thoughts"
      plainTextPath="internal://bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb.txt"
      creationDateTime="2020-01-01T10:00:00Z"/></Notes>"""
    path = tmp_path / "notes.qdpx"
    path.write_bytes(
        archive(
            {
                "project.qde": project_document(doc, "QualCoder 3.6"),
                "sources/44444444-4444-4444-8444-444444444444.txt": "A home visit.",
                "sources/bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb.txt": "\ufeffA reflexive thought.",
            }
        )
    )
    journal.import_qdpx(path)
    memo = journal.get_entry("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb")
    assert memo.kind.value == "memo" and memo.body == "A reflexive thought."
    assert [(m.target_type.value, m.label) for m in memo.memo_links] == [("entry", "Visit")]


def test_a_codebook_file_is_imported_with_its_nesting(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "taguette.qdc"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
        '<Codes><Code guid="33333333-3333-4333-8333-333333333333" name="Care" isCodable="true">'
        '<Description>About care</Description><Code guid="44444444-4444-4444-8444-444444444444"'
        ' name="Res/pite" isCodable="true" color="#00ff00"/></Code></Codes></CodeBook>',
        encoding="utf-8",
    )
    report = journal.import_qdc(path)
    codes = {c.path: c for c in journal.list_codes()}
    assert set(codes) == {"Care", "Care/Res-pite"}
    assert codes["Care"].description == "About care" and codes["Care/Res-pite"].colour == "#00ff00"
    assert report.tallies["code"].created == 2
    again = journal.import_qdc(path)
    assert again.tallies["code"].matched == 2 and again.tallies["code"].created == 0


def test_our_codebook_round_trips(
    journal: Journal, new_journal: NewJournal, tmp_path: Path
) -> None:
    fill(journal)
    journal.export_qdc(tmp_path / "codes.qdc")
    with new_journal(tmp_path / "other") as other:
        other.import_qdc(tmp_path / "codes.qdc")
        assert sorted(
            (c.id, c.path, c.description, c.colour) for c in other.list_codes()
        ) == sorted((c.id, c.path, c.description, c.colour) for c in journal.list_codes())


def test_what_qualcoder_keys_by_name_stays_apart_and_comes_back(
    journal: Journal, new_journal: NewJournal, tmp_path: Path
) -> None:
    """Two codes called "Other" and two memos of one title: distinct names in the file
    (QualCoder merges codes of one name and fails on two journals of one name), the same
    codebook again when the file comes back; a memo about a memo survives too."""
    first = journal.add_entry(kind="memo", title="Weekly memo", body="One.")
    second = journal.add_entry(kind="memo", title="Weekly memo", body="Two.")
    journal.link_memo(second.id, "entry", first.id)
    journal.add_code("Trust/Other")
    journal.add_code("Power/Other")
    path = tmp_path / "out.qdpx"
    journal.export_qdpx(path, real_names=True)
    journals = [name for name, _ in qualcoder_journals(path)]
    assert sorted(journals) == ["Weekly memo", "Weekly memo (2)"]
    codes = {name for _, name, _ in walk(path)}
    assert {"Other (Trust)", "Other (Power)"} <= codes
    with new_journal(tmp_path / "other") as other:
        other.import_qdpx(path)
        assert {c.path for c in other.list_codes()} == {c.path for c in journal.list_codes()}
        about = other.get_entry(second.id).memo_links
        assert [(m.target_type.value, m.target_id) for m in about] == [("entry", first.id)]


def walk(path: Path) -> list[tuple[str, str, str]]:
    import zipfile
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(path) as zipped:
        root = ET.fromstring(zipped.read("project.qde"))
    ns = "{urn:QDA-XML:project:1.0}"
    return [(c.get("guid", ""), c.get("name", ""), "") for c in root.iter(f"{ns}Code")]


def test_a_category_is_not_applied_and_goes_out_as_one(
    journal: Journal, new_journal: NewJournal, tmp_path: Path
) -> None:
    import pytest

    from fieldjournal.domain.errors import InvalidInput

    journal.add_code("Care/Respite")
    journal.update_code("Care", codable=False)
    entry = journal.add_entry(kind="fieldnote", title="T", body="Respite matters.")
    with pytest.raises(InvalidInput, match="Care is a category"):
        journal.code_segment(entry.id, "Care", 0, 7)
    with pytest.raises(InvalidInput, match="category"):
        journal.add_entry_code(entry.id, "Care")
    journal.code_segment(entry.id, "Care/Respite", 0, 7)
    path = tmp_path / "out.qdpx"
    journal.export_qdpx(path)
    codes = {name: codable for name, codable in codability(path)}
    assert codes == {"Care": "false", "Respite": "true"}
    jsonl = [line for line in journal.export_lines() if '"Care"' in line]
    assert '"codable":false' in jsonl[0]
    with new_journal(tmp_path / "other") as other:
        report = other.import_qdpx(path)
        assert {c.path: c.codable for c in other.list_codes()} == {
            "Care": False,
            "Care/Respite": True,
        }
        assert report.tallies["category"].created == 1


def codability(path: Path) -> list[tuple[str, str]]:
    import zipfile
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(path) as zipped:
        root = ET.fromstring(zipped.read("project.qde"))
    ns = "{urn:QDA-XML:project:1.0}"
    return [(c.get("name", ""), c.get("isCodable", "")) for c in root.iter(f"{ns}Code")]


def test_noterefs_in_a_peers_note_read_as_what_annotates_what(
    journal: Journal, tmp_path: Path
) -> None:
    """A peer's Note referring to a source is about it; a Note referring to another Note
    is that Note's annotation (ours would mean the reverse: see the round trips)."""
    doc = """<Sources><TextSource guid="44444444-4444-4444-8444-444444444444" name="Visit"
      plainTextPath="internal://44444444-4444-4444-8444-444444444444.txt"/></Sources>
      <Notes><Note guid="bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" name="Thoughts"
      plainTextPath="internal://bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb.txt"
      creationDateTime="2020-01-01T10:00:00Z">
      <NoteRef targetGUID="44444444-4444-4444-8444-444444444444"/>
      <NoteRef targetGUID="cccccccc-cccc-4ccc-8ccc-cccccccccccc"/></Note>
      <Note guid="cccccccc-cccc-4ccc-8ccc-cccccccccccc" name="On the thoughts"
      creationDateTime="2020-01-02T10:00:00Z">
      <PlainTextContent>Second thoughts.</PlainTextContent></Note></Notes>"""
    path = tmp_path / "notes.qdpx"
    path.write_bytes(
        archive(
            {
                "project.qde": project_document(doc, "ATLAS.ti 23"),
                "sources/44444444-4444-4444-8444-444444444444.txt": "A home visit.",
                "sources/bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb.txt": "A reflexive thought.",
            }
        )
    )
    journal.import_qdpx(path)
    thoughts = journal.get_entry("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb")
    assert [(m.target_type.value, m.label) for m in thoughts.memo_links] == [("entry", "Visit")]
    second = journal.get_entry("cccccccc-cccc-4ccc-8ccc-cccccccccccc")
    assert [(m.target_type.value, m.label) for m in second.memo_links] == [("entry", "Thoughts")]
