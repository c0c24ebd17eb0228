"""Helpers for the REFI-QDA tests: a sample journal, archives in peers' shapes, and a
reader that follows QualCoder's own reading path (an independent check of our offsets)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

from fieldjournal import Journal

FIXTURES = Path(__file__).parents[2] / "fixtures" / "refi"
SCHEMA = FIXTURES / "Project-mrt2019.xsd"
NS = "urn:QDA-XML:project:1.0"

BOARD = (
    "Margaret Holloway opened the board. Café talk first 😀, then the e\u0301lan of "
    "funding.\nMargaret said the CVS had become a 'delivery arm' of the programme.\n"
    "Dr Ahmed Rahman disagreed."
)
DROP_IN = "Drop-in at the lunch club.\nVolunteers 'make things happen' here."


def fill(journal: Journal) -> dict[str, str]:
    """A small journal with every kind of record the export carries; returns ids."""
    journal.add_actor(
        "Millbrook CVS", kind="organisation", sector="voluntary", pseudonym="Northside CVS"
    )
    journal.add_actor(
        "Margaret Holloway",
        sector="voluntary",
        role="Chief officer",
        affiliation="Millbrook CVS",
        pseudonym="Anne Carter",
        consent="consented",
    )
    journal.add_actor("Dr Ahmed Rahman", sector="nhs", role="GP", pseudonym="Dr Omar Khan")
    journal.add_code("Trust/System trust", description="Trust in the system", colour="#6fcf97")
    journal.add_code("Power/Transmission belt", description="Messages carried down")
    board = journal.add_entry(
        kind="meeting",
        title="Partnership board",
        body=BOARD,
        occurred_at="2016-04-05T10:00+01:00",
        ended_at="2016-04-05T12:00+01:00",
        site="Millbrook CVS offices",
        actors=["Margaret Holloway", "Dr Ahmed Rahman"],
        codes=["Trust/System trust"],
    )
    start = BOARD.index("'delivery arm'")
    delivery = journal.code_segment(board.id, "Power/Transmission belt", start, start + 14)
    name_start = BOARD.index("Margaret said")
    said = journal.code_segment(board.id, "Trust", name_start, name_start + 13)
    lunch = journal.add_entry(
        kind="fieldnote",
        title="Lunch club",
        body=DROP_IN,
        occurred_at="2016-05-01T12:30+01:00",
        site="St Mary's hall",
    )
    happen = DROP_IN.index("'make things happen'")
    journal.code_segment(lunch.id, "Power", happen, happen + 20)
    memo = journal.add_entry(
        kind="memo",
        memo_type="reflexive",
        title="My position",
        body="They introduced me as the man from the CCG. Margaret laughed.",
        occurred_at="2016-04-05T18:00+01:00",
    )
    journal.link_memo(memo.id, "entry", board.id)
    journal.link_memo(memo.id, "code", "Trust/System trust")
    journal.link_memo(memo.id, "actor", "Margaret Holloway")
    return {
        "board": board.id,
        "lunch": lunch.id,
        "memo": memo.id,
        "delivery": delivery.id,
        "said": said.id,
    }


def archive(members: Mapping[str, bytes | str], *, symlinks: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.external_attr = 0o120777 << 16
            zipped.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def project_document(body: str, origin: str = "NVivo 14") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{NS}" name="fixture" '
        f'origin="{origin}">{body}</Project>'
    )


def qualcoder_reading(qdpx: Path) -> list[tuple[str, str, str]]:
    """(source name, code name, seltext) for every coding, read the way QualCoder reads.

    QualCoder 3.x: the ``sources`` folder if present, ``plainTextPath`` split at
    ``internal:/``, the file opened as UTF-8 text (universal newlines, BOM not removed),
    ``seltext = fulltext[startPosition:endPosition]``. Written from its documented
    behaviour with the standard library's XML parser, independent of our reader.
    """
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(qdpx) as zipped:
        root = ET.fromstring(zipped.read("project.qde"))
        folder = (
            "sources" if any(n.startswith("sources/") for n in zipped.namelist()) else "Sources"
        )
        names = {c.get("guid"): c.get("name") for c in root.iter(f"{{{NS}}}Code")}
        found = []
        for source in root.iter(f"{{{NS}}}TextSource"):
            member = folder + source.get("plainTextPath", "").split("internal:/")[1]
            raw = zipped.read(member).decode("utf-8")
            text = io.StringIO(raw, newline=None).read()
            for selection in source.iter(f"{{{NS}}}PlainTextSelection"):
                start = int(selection.get("startPosition", ""))
                end = int(selection.get("endPosition", ""))
                for coding in selection.iter(f"{{{NS}}}Coding"):
                    code = next(iter(coding)).get("targetGUID")
                    found.append((source.get("name", ""), names[code] or "", text[start:end]))
        return found


def qualcoder_journals(qdpx: Path) -> list[tuple[str, str]]:
    """The notes QualCoder imports as journals: a name and ``plainTextPath``; no NoteRef
    to them from a TextSource (QualCoder takes those for annotations and drops them)."""
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(qdpx) as zipped:
        root = ET.fromstring(zipped.read("project.qde"))
        annotations = {
            r.get("targetGUID")
            for s in root.iter(f"{{{NS}}}TextSource")
            for r in s.findall(f"{{{NS}}}NoteRef")
        }
        found = []
        for note in root.iter(f"{{{NS}}}Note"):
            path = note.get("plainTextPath")
            if not path or not note.get("name") or note.get("guid") in annotations:
                continue
            if note.get("creationDateTime") is None and note.get("modifiedDateTime") is None:
                continue  # QualCoder fails on a note without a date
            text = zipped.read("sources" + path.split("internal:/")[1]).decode("utf-8")
            found.append((note.get("name", ""), text))
        return found


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)
