"""A ``.qdpx`` or ``.qdc`` read into a :class:`Project`, tolerant of how peers write them.

Parsing goes through defusedxml: a document type declaration, entity expansion or an
external entity is refused, never expanded. Element names are matched without their
namespace version. Source texts are found wherever peers put them: ``internal://`` (in
``sources/`` or ``Sources/``), ``relative://`` and bare paths (looked up inside the
archive only: a file never makes Fieldjournal read elsewhere on the disk), or inline
``PlainTextContent``. Offsets are moved onto the stored text (see ``texts``) and checked:
a selection that does not fit its text is reported by source and code, never applied.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeXML

from fieldjournal.exchange.refi import texts
from fieldjournal.exchange.refi.container import DEFAULT_LIMITS, Archive, ArchiveRefused, Limits
from fieldjournal.exchange.refi.model import (
    Case,
    Code,
    Link,
    Problem,
    Project,
    Selection,
    Source,
    User,
    ValueType,
    VariableValue,
    walk_codes,
)

_VALUE_TAGS = {
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
}
_MEDIA = {"PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}


def _local(tag: str | object) -> str:
    return str(tag).rpartition("}")[2]


def _children(node: Element, name: str) -> Iterator[Element]:
    return (child for child in node if _local(child.tag) == name)


def _child_text(node: Element, name: str) -> str:
    for child in _children(node, name):
        return child.text or ""
    return ""


def parse_xml(data: bytes, label: str) -> Element:
    """The document's root, or a refusal that names the file and the reason."""
    try:
        root: Element = SafeXML.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise ArchiveRefused(
            f"{label} was refused: its XML declares a document type or entities "
            f"({type(error).__name__}), which REFI-QDA never needs and attacks use; "
            "nothing was imported"
        ) from None
    except SafeXML.ParseError as error:
        raise ArchiveRefused(
            f"{label} is not well-formed XML ({error}); nothing was imported"
        ) from None
    return root


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _colour(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    digits = value.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if len(digits) != 6 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        return None
    return "#" + digits.lower()


def read_codes(parent: Element) -> tuple[Code, ...]:
    codes = []
    for node in _children(parent, "Code"):
        codes.append(
            Code(
                guid=node.get("guid") or "",
                name=(node.get("name") or "").strip(),
                codable=(node.get("isCodable") or "true").strip().lower() not in ("false", "0"),
                colour=_colour(node.get("color")),
                description=_child_text(node, "Description"),
                children=read_codes(node),
                note_refs=tuple(r.get("targetGUID") or "" for r in _children(node, "NoteRef")),
            )
        )
    return tuple(codes)


class _ProjectReader:
    def __init__(self, root: Element, archive: Archive | None) -> None:
        self.root = root
        self.archive = archive
        self.origin = root.get("origin") or ""
        self.crlf_one = texts.crlf_is_one(self.origin)
        self.problems: list[Problem] = []
        self.not_imported: list[str] = []
        self.variables: dict[str, tuple[str, ValueType]] = {}
        self.code_names: dict[str, str] = {}
        self.file_variables: dict[str, list[VariableValue]] = {}

    def section(self, name: str) -> Element | None:
        for child in _children(self.root, name):
            return child
        return None

    def run(self) -> Project:
        codes: tuple[Code, ...] = ()
        codebook = self.section("CodeBook")
        if codebook is not None:
            for holder in _children(codebook, "Codes"):
                codes += read_codes(holder)
        for parents, code in walk_codes(codes):
            self.code_names[code.guid] = "/".join((*parents, code.name))
        variables = self.section("Variables")
        if variables is not None:
            for node in _children(variables, "Variable"):
                kind = (
                    ValueType.DATETIME
                    if node.get("typeOfVariable") == "DateTime"
                    else ValueType.TEXT
                )
                self.variables[node.get("guid") or ""] = (node.get("name") or "", kind)
        cases = self.cases()
        sources = self.sources()
        notes = self.notes()
        links = self.links()
        for name, what in (("Sets", "set"), ("Graphs", "graph")):
            group = self.section(name)
            if group is not None and len(group):
                count = len(group)
                self.not_imported.append(f"{count} {what}{'s' if count != 1 else ''}")
        users = self.section("Users")
        return Project(
            name=self.root.get("name") or "",
            origin=self.origin,
            users=tuple(
                User(u.get("guid") or "", u.get("name") or "")
                for u in (_children(users, "User") if users is not None else ())
            ),
            codes=codes,
            sources=sources,
            cases=cases,
            notes=notes,
            links=links,
            created_at=_time(self.root.get("creationDateTime")),
            creating_user=self.root.get("creatingUserGUID"),
            description=_child_text(self.root, "Description"),
            not_imported=tuple(self.not_imported),
            problems=tuple(self.problems),
        )

    # variables, cases, links ----------------------------------------------------------
    def values(self, node: Element) -> tuple[VariableValue, ...]:
        found = []
        for holder in _children(node, "VariableValue"):
            ref = next(_children(holder, "VariableRef"), None)
            name, kind = self.variables.get(
                ref.get("targetGUID") or "" if ref is not None else "", ("", ValueType.TEXT)
            )
            for child in holder:
                if _local(child.tag) in _VALUE_TAGS and name:
                    found.append(VariableValue(name, (child.text or "").strip(), kind))
        return tuple(found)

    def cases(self) -> tuple[Case, ...]:
        holder = self.section("Cases")
        if holder is None:
            return ()
        cases = []
        for node in _children(holder, "Case"):
            refs = tuple(r.get("targetGUID") or "" for r in _children(node, "SourceRef"))
            values = self.values(node)
            if node.get("name") is None:
                # MAXQDA and Quirkos put a source's variables in a nameless case.
                for ref in refs:
                    self.file_variables.setdefault(ref, []).extend(values)
                continue
            cases.append(
                Case(
                    guid=node.get("guid") or "",
                    name=(node.get("name") or "").strip(),
                    description=_child_text(node, "Description"),
                    variables=values,
                    source_refs=refs,
                )
            )
        return tuple(cases)

    def links(self) -> tuple[Link, ...]:
        holder = self.section("Links")
        if holder is None:
            return ()
        return tuple(
            Link(
                node.get("guid") or "",
                node.get("originGUID") or "",
                node.get("targetGUID") or "",
                node.get("name") or "",
            )
            for node in _children(holder, "Link")
        )

    # texts --------------------------------------------------------------------------
    def member(self, path: str) -> str | None:
        if self.archive is None:
            return None
        for scheme in ("internal://", "relative://", "file://"):
            if path.startswith(scheme):
                path = path[len(scheme) :]
                break
        clean = PurePosixPath(path.replace("\\", "/").lstrip("/"))
        if ".." in clean.parts:
            return None
        tail = str(clean)
        for candidate in (f"sources/{tail}", tail, f"sources/{clean.name}"):
            found = self.archive.find(candidate)
            if found is not None:
                return found
        return None

    def text_of(self, node: Element, label: str) -> texts.Decoded | None:
        path = node.get("plainTextPath") or node.get("path")
        if path and path.startswith("absolute://"):
            self.problems.append(
                Problem(label, f"its text is outside the project ({path}) and was not read")
            )
        elif path:
            member = self.member(path)
            if member is not None:
                assert self.archive is not None
                decoded = texts.decode(self.archive.read(member), crlf_one=self.crlf_one)
                if decoded.invalid_bytes:
                    self.problems.append(
                        Problem(label, "its text file is not valid UTF-8; bad bytes became �")
                    )
                return decoded
        for inline in _children(node, "PlainTextContent"):
            return texts.normalise(inline.text or "", crlf_one=self.crlf_one)
        if path:
            self.problems.append(Problem(label, f"its text file {path} is not in the archive"))
        return None

    def selections(self, node: Element, label: str, text: texts.Decoded) -> tuple[Selection, ...]:
        found = []
        length = len(text.text)
        for item in _children(node, "PlainTextSelection"):
            codes = []
            codings = []
            for coding in _children(item, "Coding"):
                ref = next(_children(coding, "CodeRef"), None)
                target = ref.get("targetGUID") if ref is not None else None
                if not target:
                    continue
                if target not in self.code_names:
                    self.problems.append(
                        Problem(label, f"a coding names no code of the codebook ({target})")
                    )
                    continue
                codes.append(target)
                codings.append(coding.get("guid") or "")
            names = ", ".join(self.code_names[c] for c in codes) or "no code"
            try:
                start = text.position(int(item.get("startPosition") or ""))
                end = text.position(int(item.get("endPosition") or ""))
            except ValueError:
                self.problems.append(
                    Problem(label, f"a selection coded {names} has no valid offsets")
                )
                continue
            if not (0 <= start < end <= length):
                self.problems.append(
                    Problem(
                        label,
                        f"the selection {item.get('startPosition')}–{item.get('endPosition')} "
                        f"coded {names} does not fit its text (0–{length}); not applied",
                    )
                )
                continue
            refs = [r.get("targetGUID") or "" for r in _children(item, "NoteRef")]
            for coding in _children(item, "Coding"):
                refs += [r.get("targetGUID") or "" for r in _children(coding, "NoteRef")]
            found.append(
                Selection(
                    guid=item.get("guid") or "",
                    start=start,
                    end=end,
                    code_guids=tuple(codes),
                    coding_guids=tuple(codings),
                    created_at=_time(item.get("creationDateTime") or item.get("modifiedDateTime")),
                    memo=_child_text(item, "Description"),
                    name=item.get("name") or "",
                    note_refs=tuple(refs),
                )
            )
        return tuple(found)

    def source(self, node: Element, label: str, name: str) -> Source | None:
        text = self.text_of(node, label)
        if text is None:
            return None
        guid = node.get("guid") or ""
        whole = []
        for coding in _children(node, "Coding"):
            ref = next(_children(coding, "CodeRef"), None)
            target = ref.get("targetGUID") if ref is not None else None
            if target in self.code_names:
                whole.append(target or "")
        return Source(
            guid=guid,
            name=name,
            text=text.text,
            created_at=_time(node.get("creationDateTime")),
            modified_at=_time(node.get("modifiedDateTime")),
            variables=self.values(node) + tuple(self.file_variables.get(guid, ())),
            selections=self.selections(node, label, text),
            note_refs=tuple(r.get("targetGUID") or "" for r in _children(node, "NoteRef")),
            description=_child_text(node, "Description"),
            codes=tuple(whole),
        )

    def sources(self) -> tuple[Source, ...]:
        holder = self.section("Sources")
        if holder is None:
            return ()
        found = []
        skipped: dict[str, int] = {}
        for node in holder:
            tag = _local(node.tag)
            name = (node.get("name") or "").strip()
            if tag == "TextSource":
                source = self.source(node, f"source {name!r}", name)
            elif tag == "PDFSource":
                representation = next(_children(node, "Representation"), None)
                skipped["PDF file"] = skipped.get("PDF file", 0) + 1
                if representation is None:
                    continue
                source = self.source(representation, f"PDF {name!r}", name)
                if source is not None:
                    source = replace(source, guid=node.get("guid") or source.guid)
            else:
                what = _MEDIA.get(tag, tag)
                skipped[what] = skipped.get(what, 0) + 1
                continue
            if source is not None:
                found.append(source)
        for what, count in skipped.items():
            extra = " (their text was imported)" if what == "PDF file" else ""
            self.not_imported.append(f"{count} {what}{'s' if count != 1 else ''}{extra}")
        return tuple(found)

    def notes(self) -> tuple[Source, ...]:
        holder = self.section("Notes")
        if holder is None:
            return ()
        found = []
        for node in _children(holder, "Note"):
            name = (node.get("name") or "").strip()
            note = self.source(node, f"note {name!r}", name)
            if note is not None:
                coded = tuple(s for s in note.selections if s.code_guids)
                found.append(replace(note, selections=coded))
        return tuple(found)


def read_project(path: Path, limits: Limits = DEFAULT_LIMITS) -> Project:
    """Read a ``.qdpx``: exactly one ``.qde`` document anywhere in it, and its texts."""
    path = Path(path)
    with Archive(path, limits) as archive:
        documents = [n for n in archive.names() if n.lower().endswith(".qde")]
        if not documents:
            raise ArchiveRefused(
                f"{path.name} holds no project document (.qde); it is not a REFI-QDA project"
            )
        if len(documents) > 1:
            raise ArchiveRefused(
                f"{path.name} holds {len(documents)} project documents ({', '.join(documents)}); "
                "a REFI-QDA project has one"
            )
        root = parse_xml(archive.read(documents[0]), f"{path.name}/{documents[0]}")
        if _local(root.tag) != "Project":
            raise ArchiveRefused(
                f"{documents[0]} in {path.name} is not a REFI-QDA project document"
            )
        return _ProjectReader(root, archive).run()


def read_codebook(path: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[Code, ...]:
    """Read a ``.qdc`` (or a project document's codebook): the code tree."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.member_bytes:
            raise ArchiveRefused(f"{path.name} is {size:,} bytes; a codebook is far smaller")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArchiveRefused(f"{path} does not exist") from None
    root = parse_xml(data, path.name)
    codes: tuple[Code, ...] = ()
    holders: list[Element] = [root] if _local(root.tag) == "CodeBook" else list(root.iter())
    for holder in holders:
        if _local(holder.tag) == "CodeBook":
            for codes_node in _children(holder, "Codes"):
                codes += read_codes(codes_node)
    if _local(root.tag) not in ("CodeBook", "Project"):
        raise ArchiveRefused(f"{path.name} is not a REFI-QDA codebook")
    return codes
