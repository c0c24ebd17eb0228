"""The ``search``, ``reindex`` and ``check`` commands, run in a process of their own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.cli import common


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "fieldjournal", "--journal", str(folder), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    with Journal.open(tmp_path / "j") as journal:
        journal.add_entry(
            kind="meeting", title="Board", body="a transmission belt", occurred_at="2017-03-05"
        )
        journal.add_entry(kind="memo", title="Position", body="the man from the CCG")
    return tmp_path / "j"


def test_search_json(folder: Path) -> None:
    done = run(folder, "search", '"transmission belt"', "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["total"] == 1
    hit = data["hits"][0]
    assert set(hit) == {"id", "title", "kind", "occurred_at", "score", "snippet"}
    assert hit["title"] == "Board"
    assert hit["kind"] == "meeting"
    assert "[[transmission]]" in hit["snippet"]


def test_search_of_a_sound_index_is_definitive(folder: Path) -> None:
    """The command waits for the open-time comparison, so no needless warning."""
    done = run(folder, "search", "board")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_search_catches_up_before_it_answers(folder: Path) -> None:
    """500 entries the index never saw: the answer waits for them, it never misses them."""
    with Journal.open(folder, search=False) as journal:
        for i in range(500):  # one repair batch
            journal.add_entry(title=f"Visit {i}", body="a drop-in at the carers centre")
    done = run(folder, "search", "carers", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 500
    assert "incomplete" not in done.stderr and "still being built" not in done.stderr


def test_the_catch_up_progress_bar_shows_only_after_a_second(
    capsys: pytest.CaptureFixture[str],
) -> None:
    now = [100.0]
    bar = common.ProgressBar("indexing", after=1.0, clock=lambda: now[0])
    bar(10, 500)
    now[0] += 0.9
    bar(200, 500)
    assert capsys.readouterr().err == ""  # quick work is silent
    now[0] += 0.2
    bar(300, 500)
    shown = capsys.readouterr().err
    assert "indexing" in shown and "300/500" in shown


def test_search_filters_and_text_output(folder: Path) -> None:
    done = run(folder, "search", "--kind", "memo", "--limit", "5")
    assert done.returncode == 0, done.stderr
    assert "Position" in done.stdout
    assert "Board" not in done.stdout
    done = run(folder, "search", "--since", "2017-01-01", "--until", "2017-03-05", "--json")
    assert [h["title"] for h in json.loads(done.stdout)["hits"]] == ["Board"]


def test_malformed_query_warns_without_traceback(folder: Path) -> None:
    done = run(folder, "search", '"transmission belt')
    assert done.returncode == 0
    assert "quotation mark" in done.stderr
    assert "Traceback" not in done.stderr
    done = run(folder, "search", "--kind", "diary")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "entry kind" in done.stderr


def test_reindex_shows_progress(folder: Path) -> None:
    done = run(folder, "reindex")
    assert done.returncode == 0, done.stderr
    assert "indexed 2 entries" in done.stdout
    assert "2/2" in done.stderr


def test_check_exits_non_zero_when_something_is_wrong(folder: Path) -> None:
    assert run(folder, "check").returncode == 0
    for path in (folder / "index").iterdir():
        if path.suffix == ".pst":
            path.write_bytes(b"")
    done = run(folder, "check")
    assert done.returncode == 1
    assert "search index" in done.stdout
    assert run(folder, "check").returncode == 0  # it was repaired
