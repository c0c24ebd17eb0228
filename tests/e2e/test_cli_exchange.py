"""End-to-end: import and export, and errors that are one line, never a traceback."""

from __future__ import annotations

import json

from tests.e2e.conftest import Cli


def test_export_then_import_into_an_empty_journal(cli: Cli) -> None:
    entry_id = cli(
        "add", "--title", "Board", "--body", "שלום 😀", "--actor", "Maya", "--code", "A/B"
    ).line
    cli("code", "apply", entry_id, "A/B", "--start", "0", "--end", "4")
    cli("edit", entry_id, "--body", "שלום 😀 and more")
    out = cli.cwd / "journal.jsonl"
    cli("export", str(out))
    exported = out.read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["type"] for line in exported} == {
        "actor",
        "code",
        "entry",
        "segment",
        "revision",
    }
    assert "שלום 😀" in out.read_text(encoding="utf-8")  # not \u-escaped
    copy = Cli(cli.journal.with_name("copy"), cli.cwd)
    report = copy("import", str(out)).line
    assert report.startswith("imported 1 entry, 1 actor, 2 codes, 1 segment")
    assert copy("export", "-").out.splitlines() == exported


def test_import_from_standard_input(cli: Cli) -> None:
    line = json.dumps(
        {"type": "entry", "kind": "memo", "title": "piped", "occurred_at": "2016-04-05"}
    )
    assert cli("import", "-", stdin=line + "\n").line.startswith("imported 1 entry,")
    assert cli("list", "--json").json()[0]["title"] == "piped"
    # A small import is searchable at once.
    assert [h["title"] for h in cli("search", "piped", "--json").json()["hits"]] == ["piped"]


def test_an_invalid_import_file_changes_nothing(cli: Cli) -> None:
    cli("add", "--title", "kept")
    bad = cli.cwd / "bad.jsonl"
    bad.write_text(
        '{"type": "actor", "name": "Ann"}\n{"type": "entry", "kind": "diary"}\n', encoding="utf-8"
    )
    problem = cli.fails("import", str(bad))
    assert problem.startswith("line 2: entry: unknown entry kind 'diary'")
    assert [e["title"] for e in cli("list", "--json").json()] == ["kept"]
    assert cli("actor", "list", "--json").json() == []
    latin = cli.cwd / "latin1.jsonl"
    latin.write_bytes('{"type": "actor", "name": "Zoë"}'.encode("latin-1"))
    assert "not UTF-8" in cli.fails("import", str(latin))
    assert "cannot read" in cli.fails("import", str(cli.cwd / "missing.jsonl"))


def test_errors_are_one_line_without_a_traceback(cli: Cli) -> None:
    entry_id = cli("add", "--title", "x").line
    assert "too short" in cli.fails("show", "abc")
    assert "no entry with id" in cli.fails("delete", "00000000-0000-4000-8000-000000000000")
    assert "unknown entry kind 'diary'" in cli.fails("add", "--kind", "diary")
    assert "not a date" in cli.fails("edit", entry_id, "--at", "2016-13-45")
    assert "no journal at" in cli.fails("--journal", str(cli.cwd / "none"), "list", journal=False)
