"""End-to-end: entries through the installed command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import Cli

BODY = "Maya Okafor chaired. She called the CVS «a delivery arm». שלום 😀 e\u0301"


def test_init_creates_a_private_journal(cli: Cli) -> None:
    assert cli("init").line == str(cli.journal)
    assert (cli.journal / "journal.db").exists()
    assert cli.journal.stat().st_mode & 0o777 == 0o700
    assert (cli.journal / "journal.db").stat().st_mode & 0o777 == 0o600


def test_add_show_list_edit_delete_restore(cli: Cli) -> None:
    entry_id = cli(
        "add",
        "--kind", "meeting",
        "--title", "Partnership board",
        "--body", BODY,
        "--at", "2016-04-05T10:30+01:00",
        "--site", "Millbrook CVS offices",
        "--actor", "Maya Okafor",
        "--actor", "Tom Reyes",
        "--code", "Trust/System trust",
    ).line  # fmt: skip
    assert len(entry_id) == 36
    shown = cli("show", entry_id[:8], "--json").json()
    assert {k: shown[k] for k in ("id", "kind", "title", "occurred_at", "site", "body")} == {
        "id": entry_id,
        "kind": "meeting",
        "title": "Partnership board",
        "occurred_at": "2016-04-05T10:30:00+01:00",
        "site": "Millbrook CVS offices",
        "body": BODY,
    }
    assert shown["actors"] == ["Maya Okafor", "Tom Reyes"]
    assert shown["codes"] == ["Trust/System trust"]
    text = cli("show", entry_id).out
    assert "Partnership board" in text and BODY in text and "Maya Okafor (present)" in text

    (listed,) = cli("list", "--json").json()
    assert {k: listed[k] for k in ("id", "kind", "title", "occurred_at", "site")} == {
        "id": entry_id,
        "kind": "meeting",
        "title": "Partnership board",
        "occurred_at": "2016-04-05T10:30:00+01:00",
        "site": "Millbrook CVS offices",
    }
    assert listed["actors"] == ["Maya Okafor", "Tom Reyes"]
    assert listed["codes"] == ["Trust/System trust"]

    cli(
        "edit", entry_id,
        "--title", "Board (expanded)",
        "--body", "Expanded note.",
        "--at", "2016-04-05T11:00+01:00",
        "--site", "Town hall",
        "--add-actor", "Ann Bell",
        "--add-code", "Leadership",
    )  # fmt: skip
    edited = cli("show", entry_id, "--json").json()
    assert (edited["title"], edited["body"], edited["site"]) == (
        "Board (expanded)",
        "Expanded note.",
        "Town hall",
    )
    assert edited["occurred_at"] == "2016-04-05T11:00:00+01:00"
    assert edited["actors"] == ["Maya Okafor", "Tom Reyes", "Ann Bell"]
    assert edited["codes"] == ["Trust/System trust", "Leadership"]
    assert "Partnership board" in cli("revisions", entry_id).out

    assert entry_id in cli("delete", entry_id).out
    assert cli("list", "--json").json() == []
    assert [e["id"] for e in cli("list", "--trash", "--json").json()] == [entry_id]
    assert entry_id in cli("restore", entry_id[:8]).out


def test_body_from_a_file_and_from_standard_input(cli: Cli) -> None:
    note = cli.cwd / "note.txt"
    note.write_text("From a file\r\nwith Windows lines and a form\x0cfeed", encoding="utf-8")
    from_file = cli("add", "--title", "file", "--body-file", str(note))
    assert from_file.err == ""
    body = cli("show", from_file.line, "--json").json()["body"]
    assert body == "From a file\nwith Windows lines and a form\x0cfeed"
    piped = cli("add", "--title", "piped", stdin="Typed into a pipe\nשלום\n").line
    assert cli("show", piped, "--json").json()["body"] == "Typed into a pipe\nשלום\n"


def test_journal_option_and_environment_variable(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "from-env"
    monkeypatch.setenv("FIELDJOURNAL_JOURNAL", str(other))
    env_id = cli("add", "--title", "via env", journal=False).line
    option_id = cli("add", "--title", "via option").line
    assert [e["id"] for e in cli("list", "--json", journal=False).json()] == [env_id]
    assert [e["id"] for e in cli("list", "--json").json()] == [option_id]
    assert (other / "journal.db").exists()
