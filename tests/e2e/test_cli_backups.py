"""End-to-end: backups through the installed command, as a researcher would use them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.conftest import Cli


def titles(database: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return [str(r[0]) for r in conn.execute("SELECT title FROM entry ORDER BY title")]
    finally:
        conn.close()


def test_a_command_that_changed_something_leaves_a_snapshot(cli: Cli) -> None:
    cli("init")
    assert "no verified snapshot yet" in cli("check").out
    cli("add", "--title", "Board minutes", "--body", "Tom Reyes chaired.")
    listed = cli("backup", "list", "--json").json()
    assert len(listed) == 1
    assert listed[0]["verified"] is True and listed[0]["counts"]["entry"] == 1
    assert titles(Path(listed[0]["path"])) == ["Board minutes"]
    cli("list")  # reading changes nothing: no snapshot
    assert len(cli("backup", "list", "--json").json()) == 1
    assert "newest verified snapshot: snapshot-" in cli("check").out


def test_now_list_verify_and_restore(cli: Cli) -> None:
    cli("init")
    cli("add", "--title", "Kept", "--body", "written first")
    made = cli("backup", "now").line
    assert made.startswith("snapshot snapshot-") and "1 entry, verified" in made
    name = made.split()[1]
    cli("add", "--title", "Later", "--body", "written after the snapshot")
    listing = cli("backup", "list").out
    assert name in listing and "verified" in listing
    assert cli("backup", "verify", name).line == f"{name}: ok"
    done = cli("backup", "restore", name)
    assert f"restored {name}" in done.out and "1 entry;" in done.out
    before = done.out.split("the journal as it was is kept as ")[1].split()[0]
    assert titles(cli.journal / "journal.db") == ["Kept"]
    assert titles(cli.journal / "backups" / before) == ["Kept", "Later"]
    assert "0 entries match" in cli("search", "after").out  # the index was rebuilt
    assert "1 entry matches" in cli("search", "first").out
    back = cli("backup", "restore", before)  # a restore is itself undone by a restore
    assert titles(cli.journal / "journal.db") == ["Kept", "Later"]
    assert "2 entries" in back.out
    latest = cli("backup", "restore", "--latest")
    assert "restored snapshot-" in latest.out


def test_a_damaged_snapshot_fails_verify_and_is_not_restored(cli: Cli) -> None:
    cli("init")
    cli("add", "--title", "Only", "--body", "one entry")
    name = cli("backup", "now").line.split()[1]
    path = cli.journal / "backups" / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    result = cli("backup", "verify", ok=False)
    assert result.code == 1 and f"{name}: FAILED" in result.out
    assert "failed the check" in result.err
    error = cli.fails("backup", "restore", name)
    assert "failed its check" in error and "nothing was restored" in error
    assert cli.fails("backup", "restore", "snapshot-1999").startswith("no snapshot called")


def test_restore_with_no_snapshot_says_so(cli: Cli) -> None:
    cli("init")
    assert "no verified snapshot" in cli.fails("backup", "restore", "--latest")
    assert "no snapshots yet" in cli("backup", "list").out


def test_a_damaged_journal_is_restored_from_the_command_line(cli: Cli) -> None:
    cli("init")
    for n in range(20):
        cli("add", "--title", f"Note {n}", "--body", f"fieldnote {n} " * 60)
    database = cli.journal / "journal.db"
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2])
    done = cli("backup", "restore", "--latest")
    assert "failed its check; its files are kept as" in done.out
    assert "20 entries; the search index was rebuilt" in done.out
    assert "20 entries match" in cli("search", "fieldnote", "--limit", "1").out
    assert "the journal and its search index are sound" in cli("check").out
