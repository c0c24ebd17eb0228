"""The read-back check of a written ``.qdpx``: every place a person's words can be in."""

from __future__ import annotations

import itertools
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldjournal.domain.pseudonyms import NameRule
from fieldjournal.exchange.names.leak_check import LeakCheck
from fieldjournal.exchange.refi.check import checked_members, leaks, member_leaks, xml_values

RULES = [NameRule("Margaret Holloway", ("Margaret Holloway", "Maggie"), "Anne Carter", person=True)]
GUID = "0abe1dee-beef-4abe-8dad-c0ffee0facade"[:36]


def _archive(tmp_path: Path, qde: str, text: str = "Nothing to see.") -> Path:
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{GUID}.txt", text)
    return path


def _project(inner: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="Fieldjournal">{inner}</Project>'
    )


@pytest.mark.parametrize(
    "inner",
    [
        '<Sources><TextSource guid="x" name="Margaret Holloway"/></Sources>',
        "<Description>met Holloway at noon</Description>",
        "<Description>met &#77;argaret there</Description>",
        "<Description>a <![CDATA[Maggie]]> note</Description>",
        "<!-- left by Maggie Holloway -->",
        "<Note name='Holloway, her memo'/>",
    ],
)
def test_a_name_anywhere_a_person_writes_in_the_xml_is_found(tmp_path: Path, inner: str) -> None:
    found = leaks(_archive(tmp_path, _project(inner)), LeakCheck(RULES))
    assert found and "Margaret Holloway's name" in found[0], found


def test_a_name_in_a_source_text_is_found(tmp_path: Path) -> None:
    found = leaks(_archive(tmp_path, _project(""), "Then Maggie left."), LeakCheck(RULES))
    assert found and f"sources/{GUID}.txt" in found[0]


def test_machine_made_values_are_not_read() -> None:
    xml = _project(
        f'<TextSource guid="{GUID}" plainTextPath="internal://{GUID}.txt" '
        'creationDateTime="2024-05-01T10:00:00Z" startPosition="12" color="#AABBCC" '
        'isCodable="true"><Description>seen at the market</Description></TextSource>'
    )
    assert list(xml_values(xml)) == [
        "utf-8",
        "urn:QDA-XML:project:1.0",
        "Fieldjournal",
        "seen at the market",
    ]


def test_hex_in_guids_is_no_name(tmp_path: Path) -> None:
    """A GUID's letters spell "abe" and "dee": no actor called Abe or Dee is found in it."""
    rules = [NameRule("Abe Dee", ("Abe Dee",), "Cy Ode", person=True)]
    qde = _project(f'<TextSource guid="{GUID}" plainTextPath="internal://{GUID}.txt"/>')
    assert leaks(_archive(tmp_path, qde), LeakCheck(rules)) == []


_DOCUMENT = _project(
    '<Sources><TextSource guid="a" name="Notes &amp; more"><Description>met Holloway '
    "at noon</Description></TextSource></Sources><!-- a < b, by Maggie -->"
    "<Description>x <![CDATA[<Maggie>]]> y &#77;argaret</Description>"
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, len(_DOCUMENT.encode())), max_size=8))
def test_a_document_checked_in_pieces_finds_what_it_finds_whole(cuts: list[int]) -> None:
    """The writer hands the document on in pieces: cut anywhere, even inside a character
    or a comment, the check finds the same names in the same places."""
    data = _DOCUMENT.encode()
    bounds = [0, *sorted(cuts), len(data)]
    pieces = [data[a:b] for a, b in itertools.pairwise(bounds)]
    check = LeakCheck(RULES)
    found: list[str] = []
    ((name, passed),) = checked_members([("project.qde", iter(pieces))], check, found)
    assert name == "project.qde" and not isinstance(passed, bytes)
    assert b"".join(passed) == data
    whole = member_leaks("project.qde", data, check)
    assert len(whole) == 4 and found == whole
