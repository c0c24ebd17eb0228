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


def _exported(tmp_path: Path, capsys: pytest.CaptureFixture[str], count: int) -> Path:
    """A .qdpx of ``count`` entries that all hold the word "lantern"."""
    source = tmp_path / "source"
    with Journal.open(source, search=False) as journal:
        for n in range(count):
            journal.add_entry(title=f"Harbour {n}", body=f"A lantern on the quay, night {n}.")
    target = tmp_path / "out.qdpx"
    run(capsys, "--journal", str(source), "qdpx", "export", str(target))
    return target


def test_a_large_import_is_searchable_straight_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past INDEX_AT_ONCE the report comes first, then the index catches up with progress."""
    monkeypatch.setattr("fieldjournal.cli.refi_commands.INDEX_AT_ONCE", 3)
    target = _exported(tmp_path, capsys, 5)
    other = ["--journal", str(tmp_path / "other")]
    out, err = run(capsys, *other, "qdpx", "import", str(target))
    assert "entries: 5 created" in out
    assert "indexing: 5/5" in err
    out, _ = run(capsys, *other, "search", "lantern")
    assert out.rstrip().endswith("5 entries match")


def test_an_import_whose_index_never_caught_up_is_found_by_the_next_search(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command ended before the index caught up (Ctrl-C, a closed terminal): the import
    is committed, and the next command's search brings the index up to date before it
    answers, into an index that existed before the import and into none at all."""
    monkeypatch.setattr("fieldjournal.cli.refi_commands.INDEX_AT_ONCE", 3)
    monkeypatch.setattr("fieldjournal.cli.refi_commands.catch_up_index", lambda args: None)
    target = _exported(tmp_path, capsys, 5)
    fresh = ["--journal", str(tmp_path / "fresh")]
    out, _ = run(capsys, *fresh, "qdpx", "import", str(target))
    assert "entries: 5 created" in out
    assert not (tmp_path / "fresh" / "index").exists() or not any(
        (tmp_path / "fresh" / "index").iterdir()
    )
    out, _ = run(capsys, *fresh, "search", "lantern")
    assert out.rstrip().endswith("5 entries match")

    indexed = tmp_path / "indexed"
    with Journal.open(indexed) as journal:
        journal.add_entry(title="Already here", body="A lantern in the loft.")
        journal.catch_up_index()
    out, _ = run(capsys, "--journal", str(indexed), "qdpx", "import", str(target))
    assert "entries: 5 created" in out
    out, _ = run(capsys, "--journal", str(indexed), "search", "lantern")
    assert out.rstrip().endswith("6 entries match")
