"""``project.qde`` and ``.qdc`` XML from a :class:`Project`, in the schema's element order.

Elements follow Project-mrt2019.xsd's sequences exactly (a validator and stricter peers
refuse another order). Every source and note names its text file ``internal://GUID.txt``
(the files go in ``sources/``); notes also carry their text inline as
``PlainTextContent``, for readers that look only there. Variables are declared once, each
with a GUID fixed by its name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache

from lxml import etree

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

SOURCES_FOLDER = "sources"
_SELECTION_NAME_LENGTH = 60
# What XML 1.0 cannot carry and the journal keeps (controls pasted into a memo).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(value: str) -> str:
    """``value`` as XML can hold it, one character for one so offsets into it stay put:
    vertical tabs and form feeds become newlines, other controls spaces."""
    if _NOT_XML.search(value) is None:
        return value
    return _NOT_XML.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else " ", value)


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


class _Builder:
    def __init__(self, namespace: str) -> None:
        self.ns = namespace
        self._names: dict[str, str] = {}

    def el(self, parent: etree._Element | None, tag: str, **attrs: str | None) -> etree._Element:
        clean = {k: _xml(v) for k, v in attrs.items() if v is not None}
        name = self._names.get(tag)
        if name is None:
            name = self._names[tag] = f"{{{self.ns}}}{tag}"
        if parent is None:
            return etree.Element(name, clean, nsmap={None: self.ns})
        return etree.SubElement(parent, name, clean)

    def text(self, parent: etree._Element, tag: str, value: str) -> etree._Element:
        child = self.el(parent, tag)
        child.text = _xml(value)
        return child

    def codes(self, parent: etree._Element, codes: Iterable[Code]) -> None:
        for code in codes:
            node = self.el(
                parent,
                "Code",
                guid=code.guid,
                name=code.name,
                isCodable="true" if code.codable else "false",
                color=code.colour.upper() if code.colour else None,
            )
            if code.description:
                self.text(node, "Description", code.description)
            for target in code.note_refs:
                self.el(node, "NoteRef", targetGUID=target)
            self.codes(node, code.children)


def _value(builder: _Builder, parent: etree._Element, item: VariableValue) -> None:
    node = builder.el(parent, "VariableValue")
    builder.el(node, "VariableRef", targetGUID=guids.variable(item.name))
    tag = "DateTimeValue" if item.type is ValueType.DATETIME else "TextValue"
    builder.text(node, tag, item.value)


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


def _selection(
    builder: _Builder, parent: etree._Element, selection: Selection, text: str, user: str | None
) -> None:
    node = builder.el(
        parent,
        "PlainTextSelection",
        guid=selection.guid,
        name=selection.name or passage_name(text, selection.start, selection.end),
        startPosition=str(selection.start),
        endPosition=str(selection.end),
        creatingUser=user,
        creationDateTime=stamp(selection.created_at) if selection.created_at else None,
    )
    if selection.memo:
        builder.text(node, "Description", selection.memo)
    for code_guid, coding_guid in zip(selection.code_guids, selection.coding_guids, strict=True):
        coding = builder.el(
            node,
            "Coding",
            guid=coding_guid,
            creatingUser=user,
            creationDateTime=stamp(selection.created_at) if selection.created_at else None,
        )
        builder.el(coding, "CodeRef", targetGUID=code_guid)
    for target in selection.note_refs:
        builder.el(node, "NoteRef", targetGUID=target)


def _source(
    builder: _Builder,
    parent: etree._Element,
    tag: str,
    source: Source,
    user: str | None,
    *,
    inline: bool,
) -> None:
    node = builder.el(
        parent,
        tag,
        guid=source.guid,
        name=source.name,
        plainTextPath=text_path(source.guid),
        creatingUser=user,
        creationDateTime=stamp(source.created_at) if source.created_at else None,
        modifyingUser=user if source.modified_at else None,
        modifiedDateTime=stamp(source.modified_at) if source.modified_at else None,
    )
    if source.description:
        builder.text(node, "Description", source.description)
    if inline:
        builder.text(node, "PlainTextContent", source.text)
    for selection in source.selections:
        _selection(builder, node, selection, source.text, user)
    for target in source.note_refs:
        builder.el(node, "NoteRef", targetGUID=target)
    for item in source.variables:
        _value(builder, node, item)


def _case(builder: _Builder, parent: etree._Element, case: Case) -> None:
    node = builder.el(parent, "Case", guid=case.guid, name=case.name)
    if case.description:
        builder.text(node, "Description", case.description)
    for item in case.variables:
        _value(builder, node, item)
    for target in case.source_refs:
        builder.el(node, "SourceRef", targetGUID=target)


def _variables(project: Project) -> dict[str, ValueType]:
    found: dict[str, ValueType] = {}
    values = [v for s in (*project.sources, *project.notes) for v in s.variables]
    values += [v for c in project.cases for v in c.variables]
    for item in values:
        found.setdefault(item.name, item.type)
    return found


def project_xml(project: Project) -> bytes:
    """The ``project.qde`` document: UTF-8, no BOM, with an XML declaration."""
    b = _Builder(PROJECT_NS)
    user = project.creating_user
    root = b.el(
        None,
        "Project",
        name=project.name,
        origin=project.origin or None,
        creatingUserGUID=user,
        creationDateTime=stamp(project.created_at) if project.created_at else None,
    )
    if project.users:
        users = b.el(root, "Users")
        for item in project.users:
            b.el(users, "User", guid=item.guid, name=item.name)
    if project.codes:
        b.codes(b.el(b.el(root, "CodeBook"), "Codes"), project.codes)
    variables = _variables(project)
    if variables:
        node = b.el(root, "Variables")
        for name, kind in variables.items():
            b.el(node, "Variable", guid=guids.variable(name), name=name, typeOfVariable=kind.value)
    if project.cases:
        node = b.el(root, "Cases")
        for case in project.cases:
            _case(b, node, case)
    if project.sources:
        node = b.el(root, "Sources")
        for source in project.sources:
            _source(b, node, "TextSource", source, user, inline=False)
    if project.notes:
        node = b.el(root, "Notes")
        for note in project.notes:
            _source(b, node, "Note", note, user, inline=True)
    if project.description:
        b.text(root, "Description", project.description)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def codebook_xml(codes: Iterable[Code], origin: str) -> bytes:
    """A ``.qdc`` codebook: ``<CodeBook><Codes>`` in the codebook namespace."""
    b = _Builder(CODEBOOK_NS)
    root = b.el(None, "CodeBook", origin=origin)
    b.codes(b.el(root, "Codes"), codes)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
