"""Every released schema version opens with today's code: the journals under
``tests/fixtures/journals/`` (one per revision, made by ``tests/fixtures/make_journals.py``)
are upgraded after a checked backup, keep every record, and can be searched.

The expected values are written out here, not imported from the script that made the
fixtures, so a change to either shows up as a difference.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.domain.enums import ActorKind, Consent, EntryKind, LinkRole, MemoType
from fieldjournal.storage import schema
from fieldjournal.storage.location import make_private_dir

FIXTURES = Path(__file__).parents[1] / "fixtures" / "journals"
WITH_CHAPTERS = (
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
)  # revisions at which the schema held chapters

NOTE = "e1000000-0000-4000-8000-000000000001"
MEETING = "e2000000-0000-4000-8000-000000000002"
MEMO = "e3000000-0000-4000-8000-000000000003"
TRASHED = "e4000000-0000-4000-8000-000000000004"
SEGMENT = "5e600000-0000-4000-8000-000000000001"
CHAPTER = "c4a90000-0000-4000-8000-000000000001"


def table_counts(database: Path) -> dict[str, int]:
    conn = sqlite3.connect(database)
    try:
        tables = [
            str(row[0])
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
            )
        ]
        return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}
    finally:
        conn.close()


def test_there_is_a_fixture_for_every_known_revision() -> None:
    made = sorted(p.stem for p in FIXTURES.glob("*.db"))
    assert made == list(schema.KNOWN), (
        "each schema revision needs its fixture journal: "
        "run `.venv/bin/python tests/fixtures/make_journals.py REVISION` and commit it"
    )
    for path in FIXTURES.glob("*.db"):
        assert path.stat().st_size <= 100_000, f"{path.name} is too large for a fixture"


@pytest.fixture(params=schema.KNOWN)
def opened(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    """The fixture of one revision copied into a journal folder, as a researcher has it."""
    revision: str = request.param
    source = FIXTURES / f"{revision}.db"
    folder = tmp_path / f"journal-{revision}"
    make_private_dir(folder)
    shutil.copyfile(source, folder / "journal.db")
    (folder / "journal.db").chmod(0o600)
    return revision, folder


def test_an_old_journal_is_backed_up_then_upgraded(opened: tuple[str, Path]) -> None:
    revision, folder = opened
    before = table_counts(folder / "journal.db")
    committed = hashlib.sha256((FIXTURES / f"{revision}.db").read_bytes()).hexdigest()
    with Journal.open(folder, create=False) as journal:
        assert schema.current_revision(journal.database.write_engine) == schema.HEAD
        backup = journal.backup_made
    if revision == schema.HEAD:
        assert backup is None
        assert not (folder / "backups").exists()
    else:
        assert backup is not None and backup.parent == folder / "backups"
        copy = sqlite3.connect(backup)
        try:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
        finally:
            copy.close()
        assert table_counts(backup) == before
    after = table_counts(folder / "journal.db")
    assert {t: n for t, n in after.items() if t in before} == before
    assert hashlib.sha256((FIXTURES / f"{revision}.db").read_bytes()).hexdigest() == committed


def test_entries_survive_the_upgrade(opened: tuple[str, Path]) -> None:
    _, folder = opened
    with Journal.open(folder, create=False) as journal:
        assert [e.id for e in journal.list_entries()] == [MEMO, MEETING, NOTE]
        assert [e.title for e in journal.list_entries(trashed=True)] == ["Wrong day"]
        note = journal.get_entry(NOTE)
        assert (note.kind, note.title, note.site, note.version) == (
            EntryKind.FIELDNOTE,
            "Stairwell visit",
            "Harbourside flats",
            2,
        )
        assert note.body == (
            "Nessa Quill showed me the damp in the stairwell at Harbourside.\n"
            "She said the repairs line never calls back."
        )
        assert note.occurred_at.isoformat() == "2019-05-02T10:30:00+01:00"
        assert [(a.name, a.role) for a in note.actors] == [("Nessa Quill", LinkRole.PRESENT)]
        assert note.codes == ("Housing/Repairs",)
        assert [r.body for r in journal.revisions(NOTE)] == ["Nessa Quill showed me the damp."]
        meeting = journal.get_entry(MEETING)
        assert meeting.ended_at is not None
        assert meeting.ended_at.isoformat() == "2019-05-09T20:30:00+01:00"
        assert [(a.name, a.role) for a in meeting.actors] == [
            ("Dai Morcant", LinkRole.PRESENT),
            ("Harbourside Tenants' Forum", LinkRole.PRESENT),
            ("Nessa Quill", LinkRole.MENTIONED),
        ]
        assert meeting.codes == ("Housing/Repairs", "Voice")
        memo = journal.get_entry(MEMO)
        assert memo.memo_type is MemoType.ANALYTIC
        assert [m.id for m in journal.memos_about("code", "Voice")] == [MEMO]
        assert [m.id for m in journal.memos_about("entry", MEETING)] == [MEMO]


def test_actors_codes_and_segments_survive_the_upgrade(opened: tuple[str, Path]) -> None:
    _, folder = opened
    with Journal.open(folder, create=False) as journal:
        nessa = journal.get_actor("Ness")
        assert (nessa.name, nessa.kind, nessa.role, nessa.pseudonym, nessa.consent) == (
            "Nessa Quill",
            ActorKind.PERSON,
            "tenant",
            "Mrs Reed",
            Consent.CONSENTED,
        )
        assert nessa.affiliation == "Harbourside Tenants' Forum"
        assert nessa.aliases == ("Ness",)
        assert journal.get_actor("Dai Morcant").consent is Consent.OBSERVE_ONLY
        assert [a.name for a in journal.list_actors()] == [
            "Dai Morcant",
            "Harbourside Tenants' Forum",
            "Nessa Quill",
        ]
        assert [(c.path, c.colour) for c in journal.list_codes()] == [
            ("Housing", "#4477aa"),
            ("Housing/Repairs", "#66ccee"),
            ("Voice", "#228833"),
        ]
        [segment] = journal.list_segments("Housing")
        assert (segment.id, segment.entry_id, segment.code_path, segment.memo) == (
            SEGMENT,
            NOTE,
            "Housing/Repairs",
            "said twice",
        )
        assert segment.text == "the repairs line never calls back"


def test_chapters_survive_the_upgrade(opened: tuple[str, Path]) -> None:
    revision, folder = opened
    with Journal.open(folder, create=False) as journal:
        chapters = journal.list_chapters()
        if revision not in WITH_CHAPTERS:
            assert chapters == []
            return
        assert [c.id for c in chapters] == [CHAPTER]
        chapter = journal.get_chapter(CHAPTER)
        assert chapter.title == "Waiting for repairs"
        assert [(s.heading, s.level) for s in chapter.sections] == [
            ("The stairwell", 1),
            ("The forum", 2),
        ]
        compiled = journal.compile_chapter(chapter.title, chapter.sections)
        # Dai is observe_only: the excerpts that name him are withheld (issue 11) ...
        assert any("Dai Morcant (observe only" in w for w in compiled.withheld)
        # ... and his number, stored by the older version, is 4, not a fresh 1.
        prose = journal.compile_chapter("Prose", [Section("Dai", 1, "Dai Morcant spoke.")])
        assert prose.generated == (("Dai Morcant", "[Participant 4]"),)


def test_an_upgraded_journal_is_searchable(opened: tuple[str, Path]) -> None:
    _, folder = opened
    with Journal.open(folder, create=False) as journal:
        journal.catch_up_index()  # an old journal's index is built in the background
        found = journal.search("repairs")
        assert not found.indexing
        assert {hit.id for hit in found.hits} == {NOTE, MEETING, MEMO}  # never the trash
        assert [hit.id for hit in journal.search("repairs", kind="meeting").hits] == [MEETING]
        assert [hit.id for hit in journal.search("damp", actor="Ness").hits] == [NOTE]
        assert [hit.id for hit in journal.search("", code="Voice").hits] == [MEETING]
        assert {hit.id for hit in journal.search("", code="Housing").hits} == {NOTE, MEETING}
        assert journal.check_consistency() == []


def test_the_common_word_flag_survives(opened: tuple[str, Path]) -> None:
    """0004 added the flag; older journals open with every actor unmarked."""
    revision, folder = opened
    with Journal.open(folder, create=False) as journal:
        assert journal.get_actor("Dai Morcant").common_word is (revision >= "0004")
        assert not journal.get_actor("Nessa Quill").common_word


def test_references_survive_the_upgrade(opened: tuple[str, Path]) -> None:
    revision, folder = opened
    with Journal.open(folder, create=False) as journal:
        references = journal.list_references()
    if revision < "0006":
        assert references == []
    else:
        [work] = references
        assert (work.citekey, work.authors, work.year, work.title) == (
            "ferrand2011",
            "Ferrand",
            "2011",
            "Stairwells and standing",
        )
