"""The journal's text reaches the terminal shown, never obeyed: ESC sequences, C1
controls, bells, carriage returns and bidi overrides in a note are printed as escapes in
human output, JSON stays JSON (escaped its own way), and data written to a pipe is exact."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.cli import main
from fieldjournal.cli.terminal import json_safe, visible

TITLE = "\x1b]0;owned\x07Board \x9b31mminutes"  # sets the window title; C1 CSI colours
BODY = "Orla chaired.\x1b[2J\r\nTam \u202eheld\u202c the floor.\x7f\n\tAgreed."
OBEYED = ("\x1b", "\x9b", "\x07", "\r", "\u202e", "\u202c", "\x7f")


@pytest.fixture(autouse=True)
def keep_umask() -> Iterator[None]:
    before = os.umask(0o077)
    yield
    os.umask(before)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    with Journal.open(tmp_path / "j") as journal:
        journal.add_entry(title=TITLE, body=BODY, site="Hall\x1b[8m")
    return tmp_path / "j"


def run(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    assert main(["--journal", str(folder), *args]) == 0
    return capsys.readouterr()


def test_visible_escapes_what_a_terminal_obeys_and_keeps_the_rest() -> None:
    assert visible("a\x1b[31mb\x9bc\x07\r\x7f") == "a\\x1b[31mb\\x9bc\\x07\\x0d\\x7f"
    assert visible("x\u2028y\u202ez\u2066") == "x\\u2028y\\u202ez\\u2066"
    kept = "Élodie said «\u00a0oui\u00a0» 👋🏽\n\tthen left."
    assert visible(kept) == kept


def test_human_output_shows_control_characters_as_escapes(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed, _ = run(folder, capsys, "list")
    entry_id = listed.split()[0]
    shown, _ = run(folder, capsys, "show", entry_id)
    found, _ = run(folder, capsys, "search", "chaired")
    for out in (listed, shown, found):
        assert not any(char in out for char in OBEYED), repr(out)
    assert "\\x1b]0;owned\\x07Board \\x9b31mminutes" in listed
    assert "Orla chaired.\\x1b[2J\\x0d\nTam \\u202eheld\\u202c the floor.\\x7f\n\tAgreed." in shown
    assert "Hall\\x1b[8m" in shown


def test_json_keeps_the_values_and_shows_no_control_raw(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed, _ = run(folder, capsys, "list")
    out, _ = run(folder, capsys, "show", listed.split()[0], "--json")
    assert not any(char in out for char in OBEYED), repr(out)
    entry = json.loads(out)
    assert (entry["title"], entry["body"]) == (TITLE, BODY)
    assert json.loads(json_safe(json.dumps({"t": TITLE}, ensure_ascii=False))) == {"t": TITLE}


def test_an_error_quoting_the_text_is_shown_visibly(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--journal", str(folder), "show", "\x1b[31m"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("fieldjournal: error: ") and "\x1b" not in err and "\\x1b[31m" in err


def test_the_exchange_format_on_a_pipe_is_exact(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = run(folder, capsys, "export", "-")
    with Journal.open(folder) as journal:
        assert out.splitlines() == list(journal.export_lines())


def test_the_exchange_format_on_a_terminal_is_shown(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    assert main(["--journal", str(folder), "export", "-"]) == 0
    assert not any(char in screen.getvalue() for char in OBEYED)
    with Journal.open(folder) as journal:
        records = [json.loads(line) for line in journal.export_lines()]
    assert [json.loads(line) for line in screen.getvalue().splitlines()] == records
