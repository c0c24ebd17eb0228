"""The actor register through the facade: add, update, aliases, affiliation, merge, delete."""

from __future__ import annotations

import pytest

from fieldjournal import Journal
from fieldjournal.domain.enums import ActorKind, Consent, LinkRole, Sector
from fieldjournal.domain.errors import Conflict, InvalidInput, NotFound


def test_add_with_every_field(journal: Journal) -> None:
    journal.add_actor("Millbrook CVS", kind="organisation", sector="voluntary")
    actor = journal.add_actor(
        "Maya Okafor",
        kind="person",
        sector="voluntary",
        role="Chief officer",
        affiliation="Millbrook CVS",
        pseudonym="Ruth",
        aliases=["MO", "the chief officer"],
        consent="no_quotes",
        notes="Met at the first board.\nPrefers e-mail.",
    )
    assert actor.kind is ActorKind.PERSON
    assert actor.sector is Sector.VOLUNTARY
    assert actor.role == "Chief officer"
    assert actor.affiliation == "Millbrook CVS"
    assert actor.pseudonym == "Ruth"
    assert actor.aliases == ("MO", "the chief officer")
    assert actor.consent is Consent.NO_QUOTES
    assert actor.notes == "Met at the first board.\nPrefers e-mail."
    assert journal.get_actor("mo") == actor
    assert journal.get_actor(actor.id) == actor


def test_defaults_and_refusals(journal: Journal) -> None:
    actor = journal.add_actor("Tom Reyes")
    assert actor.kind is ActorKind.PERSON and actor.consent is Consent.UNKNOWN
    assert actor.sector is None and actor.affiliation is None and actor.aliases == ()
    with pytest.raises(Conflict, match="exists already"):
        journal.add_actor("  tom   reyes ")
    with pytest.raises(InvalidInput, match="needs a name"):
        journal.add_actor("   ")
    with pytest.raises(InvalidInput, match="sector"):
        journal.add_actor("Ann", sector="charity")
    with pytest.raises(InvalidInput, match="cannot set colour"):
        journal.add_actor("Ann", colour="red")
    with pytest.raises(InvalidInput, match="single line"):
        journal.add_actor("Ann\nBell")
    assert [a.name for a in journal.list_actors()] == ["Tom Reyes"]


def test_update_fields_and_rename(journal: Journal) -> None:
    journal.add_actor("Tom Reyes")
    entry = journal.add_entry(body="x", actors=["Tom Reyes"])
    updated = journal.update_actor(
        "Tom Reyes", name="Tomás Reyes", consent="withdrawn", sector="nhs", role="GP"
    )
    assert (updated.name, updated.consent, updated.sector, updated.role) == (
        "Tomás Reyes",
        Consent.WITHDRAWN,
        Sector.NHS,
        "GP",
    )
    again = journal.get_entry(entry.id)
    assert again.actor_names == ["Tomás Reyes"]
    assert again.version > entry.version  # the linked name is indexed content
    cleared = journal.update_actor("Tomás Reyes", sector=None, affiliation=None)
    assert cleared.sector is None and cleared.affiliation is None


def test_alias_conflicts(journal: Journal) -> None:
    journal.add_actor("Maya Okafor", aliases=["MO"])
    journal.add_actor("Tom Reyes")
    with pytest.raises(Conflict, match="already names Maya Okafor"):
        journal.update_actor("Tom Reyes", aliases=["mo"])
    with pytest.raises(Conflict, match="already names Maya Okafor"):
        journal.add_actor("Ann Bell", aliases=["MO"])
    with pytest.raises(Conflict, match="exists already"):
        journal.add_actor("MO")
    with pytest.raises(Conflict, match="another actor"):
        journal.update_actor("Tom Reyes", name="Maya Okafor")
    assert journal.get_actor("Tom Reyes").aliases == ()
    assert [a.name for a in journal.list_actors()] == ["Maya Okafor", "Tom Reyes"]
    # Duplicates and the actor's own name are dropped from its aliases.
    maya = journal.update_actor("MO", aliases=["MO", "mo", "Maya Okafor", "Dr O"])
    assert maya.aliases == ("MO", "Dr O")


def test_affiliation_must_be_an_organisation(journal: Journal) -> None:
    journal.add_actor("Tom Reyes")
    journal.add_actor("Carers network", kind="group")
    with pytest.raises(InvalidInput, match="Tom Reyes is a person"):
        journal.add_actor("Ann Bell", affiliation="Tom Reyes")
    with pytest.raises(InvalidInput, match="organisation"):
        journal.add_actor("Ann Bell", affiliation="Carers network")
    with pytest.raises(InvalidInput, match="itself"):
        journal.add_actor("Eastfield Council", kind="organisation", affiliation="Eastfield Council")
    # A new name becomes an organisation.
    ann = journal.add_actor("Ann Bell", affiliation="Eastfield Council")
    assert ann.affiliation == "Eastfield Council"
    assert journal.get_actor("Eastfield Council").kind is ActorKind.ORGANISATION


def test_merge_moves_links_names_and_affiliations(journal: Journal) -> None:
    journal.add_actor("Millbrook CVS", kind="organisation")
    journal.add_actor("The CVS", kind="organisation", aliases=["CVS"], pseudonym="Org A")
    journal.add_actor("Ann Bell", affiliation="The CVS")
    first = journal.add_entry(body="one", actors=[("The CVS", "mentioned")])
    both = journal.add_entry(body="two", actors=["The CVS", "Millbrook CVS"])
    memo = journal.add_entry(kind="memo", body="about the CVS")
    journal.link_memo(memo.id, "actor", "CVS")
    merged = journal.merge_actors("The CVS", "Millbrook CVS")
    assert merged.name == "Millbrook CVS"
    assert set(merged.aliases) == {"The CVS", "CVS"}
    assert merged.pseudonym == "Org A"  # filled from the source where the target had none
    assert merged.entry_count == 2
    assert [(a.name, a.role) for a in journal.get_entry(first.id).actors] == [
        ("Millbrook CVS", LinkRole.MENTIONED)
    ]
    assert journal.get_entry(both.id).actor_names == ["Millbrook CVS"]
    assert journal.get_actor("Ann Bell").affiliation == "Millbrook CVS"
    assert [m.id for m in journal.memos_about("actor", "Millbrook CVS")] == [memo.id]
    assert journal.get_actor("the cvs").id == merged.id
    assert len(journal.list_actors()) == 2
    with pytest.raises(InvalidInput, match="into itself"):
        journal.merge_actors("CVS", "Millbrook CVS")


def test_delete_keeps_entries(journal: Journal) -> None:
    journal.add_actor("Millbrook CVS", kind="organisation")
    journal.add_actor("Ann Bell", affiliation="Millbrook CVS")
    entry = journal.add_entry(body="Ann was there", actors=["Ann Bell", "Tom"])
    memo = journal.add_entry(kind="memo")
    journal.link_memo(memo.id, "actor", "Ann Bell")
    journal.delete_actor("Millbrook CVS")
    assert journal.get_actor("Ann Bell").affiliation is None
    journal.delete_actor("Ann Bell")
    kept = journal.get_entry(entry.id)
    assert kept.body == "Ann was there"
    assert kept.actor_names == ["Tom"]
    assert journal.get_entry(memo.id).memo_links == ()
    with pytest.raises(NotFound, match="no actor called 'Ann Bell'"):
        journal.get_actor("Ann Bell")
