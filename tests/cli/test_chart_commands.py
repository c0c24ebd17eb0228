"""``fieldjournal chart``, run in-process; and matplotlib stays out of start-up."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.cli import main


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, empty_journal_db: Path) -> Path:
    """Two notes, made once for the module: the commands only read the journal."""
    folder = tmp_path_factory.mktemp("chart-cli") / "journal"
    folder.mkdir(mode=0o700)
    shutil.copyfile(empty_journal_db, folder / "journal.db")
    with Journal.open(folder, create=False, search=False) as journal:
        journal.add_actor("Jory Penrose", sector="voluntary")
        journal.add_entry(
            kind="meeting",
            title="Board",
            occurred_at="2016-03-02",
            actors=["Jory Penrose"],
            codes=["Trust/Personal"],
            site="Quay Street hall",
        )
        journal.add_entry(title="Walk", occurred_at="2016-05-10", codes=["Trust"])
    return folder


def run(folder: Path, *args: str) -> int:
    return main(["--journal", str(folder), "chart", *args])


def test_chart_csv_with_filters(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "trust.csv"
    assert run(folder, "codes-over-time", str(out), "--code", "Trust", "--period", "quarter") == 0
    assert "wrote" in capsys.readouterr().out
    lines = out.read_text("utf-8-sig").splitlines()
    assert lines == ["period,code,count", "2016-Q1,Trust/Personal,1", "2016-Q2,Trust,1"]
    chosen = ("--code", "Trust", "--code", "Trust/Personal")
    assert run(folder, "codes-over-time", str(out), *chosen) == 0
    lines = out.read_text("utf-8-sig").splitlines()  # a chosen set: a series per code
    assert lines == ["period,code,count", "2016-03,Trust/Personal,1", "2016-05,Trust,1"]
    assert run(folder, "activity", str(out), "--kind", "meeting", "--since", "2016-03-01") == 0
    assert out.read_text("utf-8-sig").splitlines() == ["period,kind,count", "2016-02-29,meeting,1"]
    assert run(folder, "activity", str(out), "--by", "site", "--until", "2016-04-01") == 0
    assert out.read_text("utf-8-sig").splitlines()[1] == "2016-02-29,Quay Street hall,1"


def test_chart_is_pseudonymised_unless_real_names(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "actors.csv"
    assert run(folder, "codes-by-actor", str(out)) == 0
    assert "Penrose" not in out.read_text("utf-8-sig")
    assert run(folder, "codes-by-actor", str(out), "--real-names") == 0
    assert "Jory Penrose,Trust/Personal,1" in out.read_text("utf-8-sig")


def test_multiples_draw_one_chart_per_code(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "trust.svg"
    assert run(folder, "codes-over-time", str(out), "--code", "Trust") == 0
    assert out.read_text("utf-8").count('<g id="axes_') == 1
    assert run(folder, "codes-over-time", str(out), "--code", "Trust", "--multiples") == 0
    drawn = out.read_text("utf-8")
    assert drawn.count('<g id="axes_') == 2  # Trust and Trust/Personal, side by side
    assert "<!-- Trust/Personal -->" in drawn


def test_chart_errors_are_one_line(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(folder, "network", str(tmp_path / "net.gif")) == 1
    assert "end it with .csv, .png, .svg, .pdf" in capsys.readouterr().err
    assert run(folder, "activity", str(tmp_path / "a.csv"), "--code", "Nope") == 1
    assert "no code 'Nope'" in capsys.readouterr().err


def test_starting_the_command_line_or_the_app_does_not_import_matplotlib() -> None:
    code = (
        "import sys\n"
        "import fieldjournal.app, fieldjournal.cli, fieldjournal.services.journal\n"
        "fieldjournal.cli.build_parser()\n"
        "late = sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'networkx'))\n"
        "print(late)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
