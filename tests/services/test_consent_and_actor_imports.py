"""Consent in exports, and actor imports that may never weaken protection (fictional people)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from fieldjournal import Journal
from fieldjournal.domain.enums import Consent
from fieldjournal.domain.errors import Conflict, ImportFailed
from fieldjournal.services.chapter_service import ExportOptions, ExportReport

AT = "2016-04-05T10:00+01:00"


def _document(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def _export(journal: Journal, body: str, out: Path, **options: Any) -> tuple[str, ExportReport]:
    chapter = journal.import_chapter(body, default_title="Chapter")
    report = journal.export_chapter(chapter.id, out, ExportOptions(**options))
    return _document(out), report


@pytest.fixture
def field(journal: Journal) -> dict[str, str]:
    journal.add_actor("Bronwen Tregear", pseudonym="Ada Vale", consent="observe_only")
    journal.add_actor("Idris Penhallow", pseudonym="Tom Reed", consent="no_quotes")
    journal.add_actor("Kerensa Bolitho", pseudonym="Ivy Stone", consent="withdrawn")
    journal.add_actor("Jago Nance", pseudonym="Sam Lowe", consent="consented")
    ids = {}
    for key, body, actors in (
        ("observed", "Bronwen set out the budget.", ["Bronwen Tregear"]),
        ("named", "We spoke after the board; idris said the club would close.", []),
        ("withdrawn", "The drop-in ran late.", ["Kerensa Bolitho"]),
        ("withdrawn_named", "KERENSA'S notes were read out.", []),
        ("free", "Jago Nance opened the meeting.", ["Jago Nance"]),
    ):
        ids[key] = journal.add_entry(
            kind="fieldnote", title=key, body=body, occurred_at=AT, actors=actors
        ).id
    return ids


def test_observed_named_and_withdrawn_notes_are_withheld(
    journal: Journal, field: dict[str, str], tmp_path: Path
) -> None:
    body = "\n\n".join(f"[[entry:{field[k]}]]" for k in field)
    xml, report = _export(journal, f"# Notes\n\n{body}\n", tmp_path / "c.docx", sources=True)
    assert "Sam Lowe opened the meeting." in xml
    for words in ("budget", "club would close", "drop-in ran late", "notes were read"):
        assert words not in xml
    assert len(report.withheld) == 4
    reasons = "\n".join(report.withheld)
    assert "Bronwen Tregear (observe only, linked)" in reasons
    assert "Idris Penhallow (no quotes, named in the text)" in reasons
    assert "Kerensa Bolitho (withdrawn, linked)" in reasons
    assert "Kerensa Bolitho (withdrawn, named in the text)" in reasons
    assert xml.count("has withdrawn from the study") == 2
    # the Sources table lists what was quoted or observed, never a withdrawn note
    for title in ("free", "observed", "named"):
        assert f">{title}<" in xml
    for title in ("withdrawn", "withdrawn_named"):
        assert f">{title}<" not in xml


def test_a_pseudonym_must_tell_people_apart_and_name_nobody(journal: Journal) -> None:
    journal.add_actor("Morwenna Pascoe", pseudonym="Ada Vale")
    with pytest.raises(Conflict, match="is Morwenna Pascoe's already"):
        journal.add_actor("Tamsin Hocking", pseudonym="ada vale")
    with pytest.raises(Conflict, match="is a real name of Morwenna Pascoe"):
        journal.add_actor("Tamsin Hocking", pseudonym="Morwenna Pascoe")
    journal.add_actor("Tamsin Hocking", aliases=["Tam"])
    with pytest.raises(Conflict, match="is a real name of Tamsin Hocking"):
        journal.update_actor("Morwenna Pascoe", pseudonym="Tam")


def _lines(*records: dict[str, Any]) -> list[str]:
    return [json.dumps({"type": "actor", **record}) for record in records]


@pytest.fixture
def protected(journal: Journal) -> Journal:
    journal.add_actor(
        "Margaret Holloway", pseudonym="Anne Carter", aliases=["Maggie"], consent="no_quotes"
    )
    return journal


def test_an_actor_record_merges_into_the_actor(protected: Journal) -> None:
    protected.import_lines(_lines({"name": "Margaret Holloway", "role": "Chief officer"}))
    actor = protected.get_actor("Margaret Holloway")
    assert (actor.role, actor.pseudonym, actor.aliases) == (
        "Chief officer",
        "Anne Carter",
        ("Maggie",),
    )
    assert actor.consent is Consent.NO_QUOTES


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"consent": "consented"}, "lower their consent from no_quotes to consented"),
        ({"consent": "unknown"}, "lower their consent from no_quotes to unknown"),
        ({"pseudonym": ""}, "remove their pseudonym 'Anne Carter'"),
        ({"aliases": []}, "drop their alias(es) 'Maggie'"),
        ({"common_word": True}, "mark their names as ordinary words"),
    ],
)
def test_a_record_that_weakens_protection_is_refused(
    protected: Journal, record: dict[str, Any], message: str
) -> None:
    lines = _lines({"name": "Jago Nance"}, {"name": "Margaret Holloway", **record})
    with pytest.raises(ImportFailed, match=rf"line 2: .*{re.escape(message)}") as raised:
        protected.import_lines(lines)
    assert "--replace-actors" in str(raised.value)
    assert protected.get_actor("Margaret Holloway").pseudonym == "Anne Carter"
    assert [a.name for a in protected.list_actors()] == ["Margaret Holloway"]


def test_replace_actors_replaces(protected: Journal) -> None:
    protected.import_lines(
        _lines({"name": "Margaret Holloway", "consent": "consented"}), replace_actors=True
    )
    actor = protected.get_actor("Margaret Holloway")
    assert (actor.consent, actor.pseudonym, actor.aliases) == (Consent.CONSENTED, "", ())


def test_two_records_for_one_actor_name_both_lines(protected: Journal) -> None:
    lines = _lines({"name": "Jago Nance"}, {"name": "Tamsin Hocking"}, {"name": "jago  nance"})
    with pytest.raises(ImportFailed, match=r"line 3: a second record .*first is on line 1"):
        protected.import_lines(lines)
    by_alias = _lines({"name": "Margaret Holloway"}, {"name": "Maggie", "role": "x"})
    with pytest.raises(ImportFailed, match=r"line 2: .*line 1"):
        protected.import_lines(by_alias)


def test_an_imported_pseudonym_may_not_be_a_real_name(protected: Journal) -> None:
    with pytest.raises(ImportFailed, match="line 1: the pseudonym 'Maggie' is a real name"):
        protected.import_lines(_lines({"name": "Jago Nance", "pseudonym": "Maggie"}))


def test_the_command_line_refuses_then_replaces(tmp_path: Path) -> None:
    journal_dir = str(tmp_path / "j")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fieldjournal", "--journal", journal_dir, *args],
            capture_output=True,
            text=True,
            check=False,
        )

    assert run("actor", "add", "Margaret Holloway", "--pseudonym", "Anne Carter",
               "--consent", "no_quotes").returncode == 0  # fmt: skip
    file = tmp_path / "actors.jsonl"
    file.write_text(_lines({"name": "Margaret Holloway", "consent": "consented"})[0] + "\n")
    refused = run("import", str(file))
    assert refused.returncode != 0
    assert "line 1:" in refused.stderr and "--replace-actors" in refused.stderr
    assert run("import", "--replace-actors", str(file)).returncode == 0
    listed = json.loads(run("actor", "list", "--json").stdout)
    assert [(a["name"], a["consent"], a["pseudonym"]) for a in listed] == [
        ("Margaret Holloway", "consented", "")
    ]
