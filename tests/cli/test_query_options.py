"""``list`` and ``search`` read their filter options into one query: the same options
give the same entries and the same messages."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldjournal.cli import main


@pytest.fixture(autouse=True)
def keep_umask() -> Iterator[None]:
    """``main`` makes the process umask private; give later tests the one they had."""
    before = os.umask(0o077)
    yield
    os.umask(before)


@pytest.fixture(autouse=True)
def terminal_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    """As at a terminal: ``add`` reads no body from standard input."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)


def run(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--journal", str(folder), *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_list_and_search_filter_alike(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "journal"
    for title, site in (("Ferry queue", "Slipway"), ("Ferry office", "Quay Street hall")):
        status, _, err = run(
            folder, capsys, "add", "--title", title, "--site", site, "--at", "2019-03-04T10:00Z"
        )
        assert status == 0, err
    options = ("--site", "Slipway", "--since", "2019-03-04", "--until", "2019-03-04")
    _, listed, _ = run(folder, capsys, "list", *options)
    _, found, _ = run(folder, capsys, "search", "ferry", *options)
    assert "Ferry queue" in listed and "Ferry office" not in listed
    assert "Ferry queue" in found and "Ferry office" not in found
    assert "1 entry matches" in found
    for command in (["list"], ["search", "ferry"]):
        status, _, err = run(folder, capsys, *command, "--kind", "diary")
        assert status == 1
        assert "unknown entry kind 'diary'; use one of: fieldnote, meeting, memo" in err
