"""``project.qde`` and ``.qdc`` XML from a :class:`Project`, in the schema's element order.

Elements follow Project-mrt2019.xsd's sequences exactly (a validator and stricter peers
refuse another order). Every source and note names its text file ``internal://GUID.txt``
(the files go in ``sources/``); notes also carry their text inline as
``PlainTextContent``, for readers that look only there. Variables are declared once, each
with a GUID fixed by its name.

The document is written as text, a source at a time, not built as a tree: a tree of a
10,000-entry project is a few hundred thousand nodes (several seconds, and memory many
times the document's size), and the zip can compress each piece as it comes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from functools import lru_cache

from fieldjournal.exchange.refi import guids
from fieldjournal.exchange.refi.model import (
    CODEBOOK_NS,
    PROJECT_NS,
    Case,
    Code,
    Project,
    Selection,
    Source,
    ValueType,
    VariableValue,
)

Progress = Callable[[int, int], None]

SOURCES_FOLDER = "sources"
_SELECTION_NAME_LENGTH = 60
# What XML 1.0 cannot carry and the journal keeps (controls pasted into a memo).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# What must be escaped: in text, markup and carriage returns (a parser would turn a bare
# CR into a line feed); in attributes also quotes, tabs and line feeds (normalised to
# spaces otherwise).
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTRIBUTE_SPECIAL = re.compile('[&<>"\r\n\t]')
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTRIBUTE_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
# Either of the above: most values hold none, and are written as they are.
_TEXT_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff&<>\r]")
_ATTRIBUTE_ANY = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff&<>"\r\n\t]')
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_CHUNK = 1 << 20  # characters of XML handed on at a time


def _xml(value: str) -> str:
    """``value`` as XML can hold it, one character for one so offsets into it stay put:
    vertical tabs and form feeds become newlines, other controls spaces."""
    if _NOT_XML.search(value) is None:
        return value
    return _NOT_XML.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else " ", value)


def _text(value: str) -> str:
    """Character data: XML-safe, then escaped (one look in C for the usual text that
    needs neither)."""
    if _TEXT_ANY.search(value) is None:
        return value
    value = _xml(value)
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_ESCAPES[m.group()], value)


def _attribute(value: str) -> str:
    """An attribute's value, XML-safe and escaped (the usual value needs neither)."""
    if _ATTRIBUTE_ANY.search(value) is None:
        return value
    value = _xml(value)
    return _ATTRIBUTE_SPECIAL.sub(lambda m: _ATTRIBUTE_ESCAPES[m.group()], value)


def _attributes(**attrs: str | None) -> str:
    """` name="value"` for each attribute that has a value, escaped."""
    return "".join(
        f' {name}="{_attribute(value)}"' for name, value in attrs.items() if value is not None
    )


def text_path(guid: str) -> str:
    """The ``plainTextPath`` of a source or note."""
    return f"internal://{guid}.txt"


def member_name(guid: str) -> str:
    """Where a source's or note's text file goes in the archive."""
    return f"{SOURCES_FOLDER}/{guid}.txt"


@lru_cache(maxsize=4096)
def stamp(moment: datetime) -> str:
    """An ``xsd:dateTime`` in UTC to the second, the form every peer reads.

    Cached: the codings of one import or one session share their moments."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stamp(moment: datetime | None) -> str | None:
    return stamp(moment) if moment else None


def passage_name(text: str, start: int, end: int) -> str:
    """A selection's first words, spaces collapsed, for its ``name``.

    Collapsed from a bounded slice: a prefix of the passage collapses to a prefix of the
    collapsed passage, so once that is long enough the rest need not be split (a coded
    passage may be pages long; splitting them all cost a sixth of the document's time).
    """
    window = min(end, start + 4 * _SELECTION_NAME_LENGTH)
    words = " ".join(text[start:window].split())
    if len(words) < _SELECTION_NAME_LENGTH and window < end:
        words = " ".join(text[start:end].split())
    return words[:_SELECTION_NAME_LENGTH]


def _ref(tag: str, target: str) -> str:
    return f'<{tag} targetGUID="{target}"/>\n'


def _codes(codes: Iterable[Code]) -> Iterator[str]:
    for code in codes:
        attrs = _attributes(
            guid=code.guid,
            name=code.name,
            isCodable="true" if code.codable else "false",
            color=code.colour.upper() if code.colour else None,
        )
        if not (code.description or code.note_refs or code.children):
            yield f"<Code{attrs}/>\n"
            continue
        yield f"<Code{attrs}>\n"
        if code.description:
            yield f"<Description>{_text(code.description)}</Description>\n"
        for target in code.note_refs:
            yield _ref("NoteRef", target)
        yield from _codes(code.children)
        yield "</Code>\n"


def _value(item: VariableValue) -> str:
    tag = "DateTimeValue" if item.type is ValueType.DATETIME else "TextValue"
    return (
        f"<VariableValue>\n{_ref('VariableRef', guids.variable(item.name))}"
        f"<{tag}>{_text(item.value)}</{tag}>\n</VariableValue>\n"
    )


def _selection(selection: Selection, text: str, who: str) -> str:
    """One ``PlainTextSelection``; ``who`` is the ``creatingUser`` attribute (or nothing).

    Written by hand, not through ``_attributes``: a big export has tens of thousands, and
    only the name and the memo can hold what needs escaping (GUIDs, positions and
    moments are machine-made)."""
    created = selection.created_at
    stamped = f'{who} creationDateTime="{stamp(created)}"' if created else who
    name = _attribute(selection.name or passage_name(text, selection.start, selection.end))
    head = (
        f'<PlainTextSelection guid="{_attribute(selection.guid)}" name="{name}" '
        f'startPosition="{selection.start}" endPosition="{selection.end}"{stamped}'
    )
    parts = [head, ">\n"]
    if selection.memo:
        parts.append(f"<Description>{_text(selection.memo)}</Description>\n")
    for code_guid, coding_guid in zip(selection.code_guids, selection.coding_guids, strict=True):
        parts.append(
            f'<Coding guid="{_attribute(coding_guid)}"{stamped}>\n'
            f'<CodeRef targetGUID="{code_guid}"/>\n</Coding>\n'
        )
    parts.extend(_ref("NoteRef", target) for target in selection.note_refs)
    if len(parts) == 2:
        return head + "/>\n"
    parts.append("</PlainTextSelection>\n")
    return "".join(parts)


def _source(tag: str, source: Source, user: str | None, *, inline: bool) -> str:
    parts = [
        f"<{tag}",
        _attributes(
            guid=source.guid,
            name=source.name,
            plainTextPath=text_path(source.guid),
            creatingUser=user,
            creationDateTime=_stamp(source.created_at),
            modifyingUser=user if source.modified_at else None,
            modifiedDateTime=_stamp(source.modified_at),
        ),
        ">\n",
    ]
    if source.description:
        parts.append(f"<Description>{_text(source.description)}</Description>\n")
    if inline:
        parts.append(f"<PlainTextContent>{_text(source.text)}</PlainTextContent>\n")
    who = f' creatingUser="{_attribute(user)}"' if user else ""
    text = source.text
    parts.extend(_selection(selection, text, who) for selection in source.selections)
    parts.extend(_ref("NoteRef", target) for target in source.note_refs)
    parts.extend(_value(item) for item in source.variables)
    if len(parts) == 3:
        parts[2] = "/>\n"
    else:
        parts.append(f"</{tag}>\n")
    return "".join(parts)


def _case(case: Case) -> str:
    parts = [f"<Case{_attributes(guid=case.guid, name=case.name)}>\n"]
    if case.description:
        parts.append(f"<Description>{_text(case.description)}</Description>\n")
    parts.extend(_value(item) for item in case.variables)
    parts.extend(_ref("SourceRef", target) for target in case.source_refs)
    parts.append("</Case>\n")
    return "".join(parts)


def _variables(project: Project) -> dict[str, ValueType]:
    found: dict[str, ValueType] = {}
    values = [v for s in (*project.sources, *project.notes) for v in s.variables]
    values += [v for c in project.cases for v in c.variables]
    for item in values:
        found.setdefault(item.name, item.type)
    return found


def _project_parts(project: Project, progress: Progress | None = None) -> Iterator[str]:
    user = project.creating_user
    yield _DECLARATION
    yield (
        f'<Project xmlns="{PROJECT_NS}"'
        + _attributes(
            name=project.name,
            origin=project.origin or None,
            creatingUserGUID=user,
            creationDateTime=_stamp(project.created_at),
        )
        + ">\n"
    )
    if project.users:
        yield "<Users>\n"
        for item in project.users:
            yield f"<User{_attributes(guid=item.guid, name=item.name)}/>\n"
        yield "</Users>\n"
    if project.codes:
        yield "<CodeBook>\n<Codes>\n"
        yield from _codes(project.codes)
        yield "</Codes>\n</CodeBook>\n"
    total = len(project.sources) + len(project.notes)
    variables = _variables(project)
    if variables:
        yield "<Variables>\n"
        for name, kind in variables.items():
            attrs = _attributes(guid=guids.variable(name), name=name, typeOfVariable=kind.value)
            yield f"<Variable{attrs}/>\n"
        yield "</Variables>\n"
    if project.cases:
        yield "<Cases>\n"
        yield from map(_case, project.cases)
        yield "</Cases>\n"
    if project.sources:
        yield "<Sources>\n"
        for number, source in enumerate(project.sources, start=1):
            yield _source("TextSource", source, user, inline=False)
            if progress and number % 500 == 0:
                progress(number, total)
        yield "</Sources>\n"
    if project.notes:
        yield "<Notes>\n"
        for number, note in enumerate(project.notes, start=len(project.sources) + 1):
            yield _source("Note", note, user, inline=True)
            if progress and number % 500 == 0:
                progress(number, total)
        yield "</Notes>\n"
    if project.description:
        yield f"<Description>{_text(project.description)}</Description>\n"
    yield "</Project>\n"
    if progress:
        progress(total, total)


def _chunks(parts: Iterable[str]) -> Iterator[bytes]:
    """Pieces of text gathered into UTF-8 chunks of about ``_CHUNK`` characters."""
    pending: list[str] = []
    size = 0
    for part in parts:
        pending.append(part)
        size += len(part)
        if size >= _CHUNK:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def project_chunks(project: Project, progress: Progress | None = None) -> Iterator[bytes]:
    """The ``project.qde`` document (UTF-8, no BOM, with an XML declaration), in chunks;
    ``progress(done, total)`` is told how many sources and notes are written."""
    return _chunks(_project_parts(project, progress))


def project_xml(project: Project) -> bytes:
    """The whole ``project.qde`` document at once."""
    return b"".join(project_chunks(project))


def codebook_xml(codes: Iterable[Code], origin: str) -> bytes:
    """A ``.qdc`` codebook: ``<CodeBook><Codes>`` in the codebook namespace."""
    head = f'{_DECLARATION}<CodeBook xmlns="{CODEBOOK_NS}"{_attributes(origin=origin)}>\n'
    body = "".join(_codes(codes))
    return f"{head}<Codes>\n{body}</Codes>\n</CodeBook>\n".encode()
