"""``fieldjournal qdpx`` and ``fieldjournal qdc``: export, import, dry run, refusals."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.cli import main


@pytest.fixture(autouse=True)
def keep_umask() -> Iterator[None]:
    before = os.umask(0o077)
    os.umask(before)
    yield
    os.umask(before)


def run(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> tuple[str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert status == code, err
    return out, err


def test_export_import_and_dry_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "source"
    with Journal.open(source) as journal:
        journal.add_actor("Tamsin Loveday", pseudonym="Ria Penrose")
        entry = journal.add_entry(title="Harbour", body="Tamsin mended nets.")
        journal.code_segment(entry.id, "Work/Nets", 7, 18)
    target = tmp_path / "out.qdpx"
    out, _ = run(capsys, "--journal", str(source), "qdpx", "export", str(target))
    assert "pseudonymised" in out and "1 source," in out and "not carried" in out
    with zipfile.ZipFile(target) as zipped:
        assert b"Tamsin" not in b"".join(zipped.read(n) for n in zipped.namelist())
    other = tmp_path / "other"
    out, _ = run(capsys, "--journal", str(other), "qdpx", "import", str(target), "--dry-run")
    assert "would import out.qdpx" in out and "nothing was changed" in out
    with Journal.open(other) as journal:
        assert journal.list_entries() == []
    out, _ = run(capsys, "--journal", str(other), "qdpx", "import", str(target))
    assert "entries: 1 created" in out and "segments: 1 created" in out
    with Journal.open(other) as journal:
        (found,) = journal.list_entries()
        full = journal.get_entry(found.id)
        assert [full.body[s.start : s.end] for s in full.segments] == ["mended nets"]
        assert journal.search("nets").total == 1  # indexed once the import committed


def test_codebook_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "source"
    with Journal.open(source) as journal:
        journal.add_code("Trust/System trust", description="In the system")
    out, _ = run(capsys, "--journal", str(source), "qdc", "export", str(tmp_path / "c.qdc"))
    assert "2 codes" in out
    other = tmp_path / "other"
    out, _ = run(capsys, "--journal", str(other), "qdc", "import", str(tmp_path / "c.qdc"))
    assert "codes: 2 created" in out


def test_a_hostile_file_is_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    _, err = run(capsys, "--journal", str(tmp_path / "j"), "qdpx", "import", str(bad), code=1)
    assert err.count("\n") == 1 and "not a zip archive" in err and "nothing was imported" in err
