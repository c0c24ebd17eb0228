"""A person's first or last name alone is pseudonymised too (fictional names)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from fieldjournal import Journal
from fieldjournal.domain.pseudonyms import AMBIGUOUS_PART, NameRule
from fieldjournal.exchange.names.leak_check import LeakCheck
from fieldjournal.exchange.names.replacer import Pseudonymiser
from fieldjournal.services.chapter_service import ExportOptions


def _person(name: str, pseudonym: str, *aliases: str, generated: bool = False) -> NameRule:
    return NameRule(name, (name, *aliases), pseudonym, generated=generated, person=True)


def test_first_and_last_names_map_to_the_matching_pseudonym_words() -> None:
    names = Pseudonymiser([_person("Margaret Holloway", "Anne Carter")])
    text = "Margaret's view was clear; Holloway agreed. MARGARET left."
    assert names.apply(text) == "Anne's view was clear; Carter agreed. ANNE left."


def test_a_part_matches_only_where_it_is_written_as_a_name() -> None:
    names = Pseudonymiser([_person("Hope Saunders", "Faith Brown")])
    assert names.apply("I hope so, said Hope.") == "I hope so, said Faith."


def test_a_part_shared_by_two_people_is_withheld_not_guessed() -> None:
    names = Pseudonymiser(
        [_person("Margaret Holloway", "Anne Carter"), _person("Margaret Hale", "Joan Webb")]
    )
    assert names.apply("Margaret said no.") == f"{AMBIGUOUS_PART} said no."
    assert names.apply("Margaret Hale said no.") == "Joan Webb said no."


def test_titles_are_not_name_parts_and_generated_names_stay_whole() -> None:
    names = Pseudonymiser([_person("Dr Ahmed Rahman", "[Participant 3]", generated=True)])
    assert names.apply("Dr Rahman and Ahmed") == "Dr [Participant 3] and [Participant 3]"


def test_an_initial_is_not_a_name_part() -> None:
    """The alias "Amy A." names Amy Ashdown; "A" alone does not (nor does "A meeting")."""
    rule = _person("Amy Ashdown", "Anwen Abbot", "Amy A.")
    names = Pseudonymiser([rule])
    assert (
        names.apply("A meeting was held; Amy A. came.") == "A meeting was held; Anwen Abbot. came."
    )
    assert LeakCheck([rule]).check_text("A meeting was held. Then A. B. left.") == []


def test_organisations_match_only_by_their_whole_names() -> None:
    rule = NameRule("Millbrook CVS", ("Millbrook CVS",), "Riverside CVS")
    assert Pseudonymiser([rule]).apply("Millbrook CVS and the CVS") == "Riverside CVS and the CVS"


def test_an_export_hides_a_first_name_used_alone(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "journal") as journal:
        journal.add_actor("Margaret Holloway", pseudonym="Anne Carter")
        entry = journal.add_entry(
            kind="meeting",
            title="Board",
            body="Margaret opened the board. Holloway's figures were late.",
            occurred_at="2016-04-05T10:00+01:00",
            actors=["Margaret Holloway"],
        )
        chapter = journal.import_chapter(f"# Board\n\n[[entry:{entry.id}]]\n", default_title="Ch")
        out = tmp_path / "chapter.docx"
        journal.export_chapter(chapter.id, out, ExportOptions())
    with zipfile.ZipFile(out) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert "Margaret" not in xml and "Holloway" not in xml
    assert "Anne opened the board. Carter&apos;s figures" in xml or "Carter's figures" in xml
