"""Writing a ``.qdpx``: members made on one thread, compressed on another, all or nothing."""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldjournal.exchange.refi import container


def _members() -> Iterator[container.Member]:
    yield "project.qde", iter([b"<Project>", b"a" * 100_000, b"</Project>"])
    yield "sources/a.txt", "Zoë’s note".encode()


def test_members_whole_and_in_pieces_are_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "p.qdpx"
    container.write(target, _members())
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["project.qde", "sources/a.txt"]
        assert archive.read("project.qde") == b"<Project>" + b"a" * 100_000 + b"</Project>"
        assert archive.read("sources/a.txt").decode() == "Zoë’s note"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["p.qdpx"]


def test_a_failure_while_compressing_reaches_the_caller_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    with pytest.raises(OSError, match="No space left"):
        container.write(tmp_path / "p.qdpx", _members())
    assert list(tmp_path.iterdir()) == []
    assert not any(t.name == "qdpx-zip" for t in threading.enumerate())


def test_a_failure_while_making_members_leaves_nothing(tmp_path: Path) -> None:
    def members() -> Iterator[container.Member]:
        yield from _members()
        raise ValueError("stopped while writing")

    with pytest.raises(ValueError, match="stopped"):
        container.write(tmp_path / "p.qdpx", members())
    assert list(tmp_path.iterdir()) == []
    assert not any(t.name == "qdpx-zip" for t in threading.enumerate())
