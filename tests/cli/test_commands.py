"""The command line in-process (``cli.main``): every command, its output and messages.

The installed command is driven end to end in ``tests/e2e``; these are the fast checks.
"""

from __future__ import annotations

import argparse
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fieldjournal.cli import COMMAND_MODULES, build_parser, main


@pytest.fixture(autouse=True)
def keep_umask() -> Iterator[None]:
    """``main`` makes the process umask private; give later tests the one they had."""
    before = os.umask(0o077)
    os.umask(before)
    yield
    os.umask(before)


class Run:
    def __init__(self, journal: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.journal = journal
        self.capsys = capsys

    def __call__(self, *args: str, code: int = 0) -> str:
        status = main(["--journal", str(self.journal), *args])
        out, err = self.capsys.readouterr()
        assert status == code, err
        self.err = err
        return out

    def json(self, *args: str) -> Any:
        return json.loads(self(*args))

    def error(self, *args: str) -> str:
        self(*args, code=1)
        lines = self.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("fieldjournal: error: ")
        return lines[0]


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    return Run(tmp_path / "journal", capsys)


def all_parsers() -> list[list[str]]:
    parser = build_parser()
    commands: list[list[str]] = []
    assert parser._subparsers is not None
    for action in parser._subparsers._group_actions:
        assert isinstance(action, argparse._SubParsersAction)
        for name, sub in action.choices.items():
            commands.append([name])
            for subaction in sub._subparsers._group_actions if sub._subparsers else []:
                assert isinstance(subaction, argparse._SubParsersAction)
                commands.extend([name, child] for child in subaction.choices)
    return commands


@pytest.mark.parametrize("command", all_parsers(), ids=" ".join)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: fieldjournal " + " ".join(command))
    assert "--top" not in out  # an option that does not exist


def test_command_modules_register_commands() -> None:
    core = ("entry", "actor", "code", "exchange")
    assert {f"fieldjournal.cli.{name}_commands" for name in core} <= set(COMMAND_MODULES)
    assert ["init"] in all_parsers() and ["code", "apply"] in all_parsers()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("fieldjournal ")


def test_text_output_of_list_show_and_registers(run: Run) -> None:
    entry_id = run(
        "add", "--kind", "meeting", "--title", "Board", "--body", "Maya chaired.\nThen tea.",
        "--at", "2016-04-05T10:30+01:00", "--site", "Millbrook", "--actor", "Maya", "--code", "A/B",
    ).strip()  # fmt: skip
    assert run("list") == f"{entry_id[:8]}  2016-04-05 10:30  meeting    Board\n"
    shown = run("show", entry_id)
    assert shown.splitlines()[:4] == [
        "Board",
        "Meeting observation · 2016-04-05 10:30 +0100 · Millbrook",
        "Actors: Maya (present)",
        "Codes: A/B",
    ]
    run("actor", "add", "Tom", "--pseudonym", "Sam", "--sector", "nhs", "--consent", "consented")
    assert run("actor", "list") == (
        "Maya  [person, -, unknown]\nTom → Sam  [person, nhs, consented]\n"
    )
    assert run("code", "list") == (
        "A  (0 entries, 0 segments; with the codes under it 1 entry, 0 segments)\n"
        "  B  (1 entry, 0 segments)\n"
    )
    run("delete", entry_id)
    assert "(in the trash)" in run("show", entry_id)
    assert run("list") == ""
    assert entry_id[:8] in run("list", "--trash")


def test_list_filters(run: Run) -> None:
    run("add", "--kind", "memo", "--title", "M", "--memo-type", "reflexive", "--at", "2016-01-02")
    run("add", "--title", "N", "--at", "2016-02-03", "--actor", "Ann", "--code", "X/Y")
    run("add", "--title", "O", "--at", "2016-03-04", "--site", "Eastfield")

    def titles(*args: str) -> list[str]:
        return [e["title"] for e in run.json("list", "--json", *args)]

    assert titles() == ["O", "N", "M"]
    assert titles("--kind", "memo") == ["M"]
    assert titles("--actor", "ann") == ["N"]
    assert titles("--code", "X") == ["N"]
    assert titles("--site", "eastfield") == ["O"]
    assert titles("--since", "2016-02-01", "--until", "2016-02-28") == ["N"]
    assert titles("--limit", "1") == ["O"]
    with pytest.raises(SystemExit):
        run("list", "--limit", "0")
    assert "--limit: must be 1 or more" in run.capsys.readouterr().err


def test_code_rename_move_and_segments(run: Run) -> None:
    entry_id = run("add", "--body", "the CVS is a delivery arm").strip()
    segment_id = run("code", "apply", entry_id, "Roles/Arm", "--start", "13", "--end", "25").strip()
    assert run("code", "rename", "Roles/Arm", "Delivery arm") == "Roles/Delivery arm\n"
    run("code", "add", "Relations")
    assert run("code", "move", "Roles", "Relations") == "Relations/Roles\n"
    assert run("code", "move", "Relations/Roles") == "Roles\n"
    (segment,) = run.json("code", "segments", "Roles", "--json")
    assert (segment["id"], segment["code_path"], segment["text"]) == (
        segment_id,
        "Roles/Delivery arm",
        "delivery arm",
    )
    assert (
        run("code", "segments")
        == f"{segment_id[:8]}  {entry_id[:8]}  [Roles/Delivery arm]  delivery arm\n"
    )


def test_edit_sets_and_removes_the_end_time(run: Run) -> None:
    entry_id = run("add", "--at", "2016-04-05T10:00+01:00").strip()
    run("edit", entry_id, "--end", "2016-04-05T11:30+01:00")
    assert run.json("show", entry_id, "--json")["ended_at"] == "2016-04-05T11:30:00+01:00"
    run("edit", entry_id, "--end", "")
    assert run.json("show", entry_id, "--json")["ended_at"] is None


def test_edit_warns_about_codings_of_deleted_text(run: Run) -> None:
    entry_id = run("add", "--body", "Keep this. Drop that!").strip()
    run("code", "apply", entry_id, "Gone", "--start", "11", "--end", "21")
    run("edit", entry_id, "--body", "Keep this.")
    assert "removed coding Gone of deleted text 'Drop that!'" in run.err
    (revision,) = run.json("revisions", entry_id, "--json")
    assert revision["body"] == "Keep this. Drop that!"


def test_actor_edit_and_merge(run: Run) -> None:
    run("actor", "add", "The CVS", "--kind", "organisation", "--alias", "CVS")
    run("actor", "add", "Millbrook CVS", "--kind", "organisation")
    run("actor", "edit", "CVS", "--name", "Millbrook Council for Voluntary Service")
    run("actor", "merge", "Millbrook CVS", "CVS")
    (actor,) = run.json("actor", "list", "--json")
    assert actor["name"] == "Millbrook Council for Voluntary Service"
    assert set(actor["aliases"]) == {"CVS", "Millbrook CVS"}


def test_messages_name_what_the_user_typed(run: Run, tmp_path: Path) -> None:
    assert "--at 'tomorrow' is not a date" in run.error("add", "--at", "tomorrow")
    assert not run.journal.exists()  # a mistake does not create a journal
    entry_id = run("add", "--title", "t").strip()
    assert "--end 'soon' is not a date" in run.error("edit", entry_id, "--end", "soon")
    assert "unknown actor kind 'robot'" in run.error("actor", "add", "R2", "--kind", "robot")
    assert "nothing to change" in run.error("edit", entry_id)
    assert "is a folder; give the name of a file" in run.error("export", str(tmp_path))
    missing = tmp_path / "no" / "file.jsonl"
    assert "the folder" in run.error("export", str(missing)) and not missing.parent.exists()
    assert list(tmp_path.glob(".export-*")) == []


def test_export_to_a_file_and_standard_output(run: Run, tmp_path: Path) -> None:
    run("add", "--title", "Board")
    target = tmp_path / "out.jsonl"
    assert run("export", str(target)) == ""
    assert target.read_text(encoding="utf-8") == run("export", "-")
    assert target.stat().st_mode & 0o777 == 0o600


def _memo_lines(count: int) -> str:
    return "".join(
        json.dumps(
            {
                "type": "entry",
                "kind": "memo",
                "title": f"memo {n}",
                "body": "lantern",
                "occurred_at": "2016-04-05",
            }
        )
        + "\n"
        for n in range(count)
    )


def test_a_large_import_waits_for_the_index_with_progress(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fieldjournal.cli.exchange_commands.INDEX_AT_ONCE", 3)
    run("add", "--title", "already here", "--body", "lantern")
    big = tmp_path / "big.jsonl"
    big.write_text(_memo_lines(5), encoding="utf-8")
    assert run("import", str(big)).startswith("imported 5 entries")
    assert "indexing: 6/6" in run.err  # the whole journal, only the new entries indexed
    assert run.json("search", "lantern", "--json")["total"] == 6
    assert "still being built" not in run.err


def test_an_interrupted_catch_up_loses_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldjournal.services.journal import Journal

    def interrupt(self: Journal, progress: object = None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("fieldjournal.cli.exchange_commands.INDEX_AT_ONCE", 3)
    monkeypatch.setattr(Journal, "catch_up_index", interrupt)
    big = tmp_path / "big.jsonl"
    big.write_text(_memo_lines(5), encoding="utf-8")
    assert run("import", str(big)).startswith("imported 5 entries")
    assert "interrupted: the import is saved" in run.err
    assert "sound" in run("check")  # the next open indexes what was left
    assert run.json("search", "lantern", "--json")["total"] == 5


def test_usage_mistakes_are_one_line_naming_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["show"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "required: id" in err and "fieldjournal show --help" in err


def test_a_bad_kind_is_refused_before_a_journal_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "never"
    assert main(["--journal", str(target), "add", "--kind", "note", "--body", "x"]) == 1
    assert "unknown entry kind 'note'" in capsys.readouterr().err
    assert not target.exists()


def test_commands_that_only_read_take_no_snapshot_and_a_change_does(run: Run) -> None:
    def snapshots() -> list[str]:
        return sorted(p.name for p in (run.journal / "backups").glob("snapshot-*.db"))

    entry_id = run("add", "--title", "Board minutes", "--body", "Tom Reyes chaired.").strip()
    assert len(snapshots()) == 1  # the change is snapshotted as the command ends
    for command in (["list"], ["search", "chaired"], ["show", entry_id[:8]], ["list"]):
        run(*command)
        assert len(snapshots()) == 1, command
    run("add", "--title", "Lunch club", "--body", "Dev Ashworth served tea.")
    assert len(snapshots()) == 2
