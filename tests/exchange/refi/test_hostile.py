"""Hostile archives are refused with a clear message, and nothing is written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.exchange.refi.container import Archive, ArchiveRefused, Limits
from tests.exchange.refi.shapes import archive, project_document

SOURCE = """<Sources><TextSource guid="44444444-4444-4444-8444-444444444444" name="S"
  plainTextPath="internal://44444444-4444-4444-8444-444444444444.txt"/></Sources>"""
GOOD = {
    "project.qde": project_document(SOURCE),
    "sources/44444444-4444-4444-8444-444444444444.txt": "A text.",
}


def _refused(journal: Journal, path: Path, message: str) -> None:
    before = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(ArchiveRefused, match=message):
        journal.import_qdpx(path)
    assert journal.list_entries() == [] and journal.list_codes() == []
    assert sorted(p.name for p in path.parent.iterdir()) == before


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "hostile.qdpx"
    path.write_bytes(data)
    return path


def test_the_good_archive_imports(journal: Journal, tmp_path: Path) -> None:
    journal.import_qdpx(_write(tmp_path, archive(GOOD)))
    assert len(journal.list_entries()) == 1


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("../outside.txt", r"outside the archive \('\.\.'\)"),
        ("sources/../../etc/passwd", r"outside the archive"),
        ("/etc/passwd", "absolute path"),
        ("C:/Windows/evil.txt", "absolute path"),
        ("\\\\server\\share.txt", "absolute path"),
    ],
)
def test_paths_outside_the_archive(
    journal: Journal, tmp_path: Path, member: str, message: str
) -> None:
    _refused(journal, _write(tmp_path, archive({**GOOD, member: "x"})), message)


def test_symbolic_links(journal: Journal, tmp_path: Path) -> None:
    data = archive({**GOOD, "sources/link.txt": "/etc/passwd"}, symlinks=("sources/link.txt",))
    _refused(journal, _write(tmp_path, data), "symbolic link")


def test_a_zip_bomb_by_ratio(journal: Journal, tmp_path: Path) -> None:
    data = archive({**GOOD, "sources/bomb.txt": b"\0" * (20 * 1024 * 1024)})
    assert len(data) < 100_000
    _refused(journal, _write(tmp_path, data), "zip bomb")


def test_a_zip_bomb_by_size(tmp_path: Path) -> None:
    path = _write(tmp_path, archive({**GOOD, "sources/big.txt": "x" * 5000}))
    with pytest.raises(ArchiveRefused, match="would unpack to"):
        Archive(path, Limits(member_bytes=4096, total_bytes=1 << 20))
    with pytest.raises(ArchiveRefused, match="would unpack to"):
        Archive(path, Limits(total_bytes=4096))


def test_a_member_that_inflates_past_its_declared_size(tmp_path: Path) -> None:
    """The declared size in the directory lies; reading stops at it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zipped:
        zipped.writestr("project.qde", "a" * 100)
    data = bytearray(buffer.getvalue())
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")  # uncompressed size
    path = _write(tmp_path, bytes(data))
    with Archive(path) as opened, pytest.raises(ArchiveRefused):
        opened.read("project.qde")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL])
def test_entity_expansion_and_external_entities(
    journal: Journal, tmp_path: Path, document: str
) -> None:
    _refused(journal, _write(tmp_path, archive({"project.qde": document})), "document type")


def test_entities_in_a_codebook(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "bad.qdc"
    path.write_text(EXTERNAL.replace("Project", "CodeBook"), encoding="utf-8")
    with pytest.raises(ArchiveRefused, match="document type"):
        journal.import_qdc(path)
    assert journal.list_codes() == []


def test_truncated_and_non_zip_files(journal: Journal, tmp_path: Path) -> None:
    whole = archive(GOOD)
    _refused(journal, _write(tmp_path, whole[: len(whole) // 2]), "not a zip archive")
    _refused(journal, _write(tmp_path, b"<Project/>"), "not a zip archive")
    _refused(journal, _write(tmp_path, b""), "not a zip archive")


def test_damaged_member_data(journal: Journal, tmp_path: Path) -> None:
    data = bytearray(archive(GOOD))
    start = data.find(b"sources/4444") + 60
    data[start : start + 4] = b"\xff\xff\xff\xff"
    _refused(journal, _write(tmp_path, bytes(data)), "damaged|not well-formed|not a zip")


def test_no_project_document_or_two(journal: Journal, tmp_path: Path) -> None:
    _refused(journal, _write(tmp_path, archive({"readme.txt": "hi"})), "no project document")
    two = archive({**GOOD, "other.qde": project_document("")})
    _refused(journal, _write(tmp_path, two), "2 project documents")


def test_malformed_xml(journal: Journal, tmp_path: Path) -> None:
    data = archive({"project.qde": "<Project xmlns='urn:QDA-XML:project:1.0' name='x'>"})
    _refused(journal, _write(tmp_path, data), "not well-formed XML")
