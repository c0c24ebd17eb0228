"""Stage two of an export: draw a compiled block list as a Word document.

Word's built-in styles (Title, Heading 1-3, Normal, Quote, List Bullet, List Number) so
the chapter drops into a thesis template. Paragraphs are built as XML elements with the
style id resolved once: python-docx's ``add_paragraph(style=name)`` looks the style up
by name on every call, which made a 500-excerpt chapter several times slower.

The document says nothing about its making: core properties carry the title and the
chosen author only, the template's thumbnail and application facts are dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from lxml import etree

from fieldjournal.domain.chapters import ProseKind
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.chapter_blocks import (
    FIGURE_LABEL,
    SOURCE_COLUMNS,
    SOURCE_WIDTHS_MM,
    Block,
    Compiled,
    ExcerptBlock,
    FigureBlock,
    Heading,
    Placeholder,
    Problem,
    Progress,
    ProseBlock,
    ReferencesList,
    SourcesTable,
)

STYLE_NAMES = {
    "title": "Title",
    1: "Heading 1",
    2: "Heading 2",
    3: "Heading 3",
    ProseKind.PARAGRAPH: "Normal",
    ProseKind.QUOTE: "Quote",
    ProseKind.BULLET: "List Bullet",
    ProseKind.NUMBERED: "List Number",
    "excerpt": "Quote",
    "table": "Table Grid",
    "caption": "Caption",
}
BIBLIOGRAPHY = "Bibliography"  # Word's own style for a References list
HANGING_MM = 12.7
FIGURE_WIDTH_MM = 160  # the text block of A4 with 25 mm margins
PROGRESS_EVERY = 50

_P, _PPR, _PSTYLE, _R, _RPR, _T = (
    qn(t) for t in ("w:p", "w:pPr", "w:pStyle", "w:r", "w:rPr", "w:t")
)
_I, _B, _BR, _TAB, _VAL = qn("w:i"), qn("w:b"), qn("w:br"), qn("w:tab"), qn("w:val")
_NUMPR, _ILVL, _NUMID = qn("w:numPr"), qn("w:ilvl"), qn("w:numId")
_STYLE, _STYLE_ID, _TYPE, _DEFAULT = qn("w:style"), qn("w:styleId"), qn("w:type"), qn("w:default")
_TBL_STYLE, _BASED_ON = qn("w:tblStyle"), qn("w:basedOn")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"/>'
)


class DocxWriter:
    """Build the document with ``steps()`` (progress), then ``to_bytes()``."""

    def __init__(self, compiled: Compiled, *, author: str = "", timestamp: datetime | None = None):
        self.compiled = compiled
        self.author = author
        self.timestamp = (timestamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self.document: Any = docx.Document()
        self._styles = {
            key: self.document.styles[name].style_id for key, name in STYLE_NAMES.items()
        }
        self._body = self.document.element.body
        self._end = self._body.sectPr
        self._list_num: str | None = None

    def steps(self) -> Iterator[Progress]:
        blocks = self.compiled.blocks
        total = len(blocks)
        for done, block in enumerate(blocks, start=1):
            self._block(block)
            if done % PROGRESS_EVERY == 0 or done == total:
                yield Progress("write", done, total)
        self._layout()
        self._footer()
        self._properties()
        self._unused_table_styles()

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def build(self) -> bytes:
        for _ in self.steps():
            pass
        return self.to_bytes()

    # --- blocks -----------------------------------------------------------------------
    def _block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self._paragraph(
                self._styles["title" if block.level == 0 else block.level],
                [(block.text, False, False)],
            )
        elif isinstance(block, ProseBlock):
            paragraph = self._paragraph(
                self._styles[block.kind], [(r.text, r.emphasis, r.strong) for r in block.runs]
            )
            if block.kind is ProseKind.NUMBERED:
                self._number(paragraph, block.list_start)
        elif isinstance(block, ExcerptBlock):
            style = self._styles["excerpt"]
            # The quote is set in italics: emphasis inside it stands upright (None).
            lines: list[list[tuple[str, bool | None, bool]]] = [
                [(r.text, None if r.emphasis else False, r.strong) for r in line]
                for line in block.lines
            ]
            *first, last = lines
            for runs in first:
                self._paragraph(style, runs)
            self._paragraph(style, [*last, (" " + block.citation, None, False)])
        elif isinstance(block, Placeholder):
            self._paragraph(self._styles["excerpt"], [(block.text, None, True)])
        elif isinstance(block, FigureBlock):
            self._figure(block)
        elif isinstance(block, Problem):  # only a preview compiles problems in place
            raise InvalidInput(f"{block.token}: {block.problem}")
        elif isinstance(block, ReferencesList):
            self._paragraph(self._styles[1], [(block.heading, False, False)])
            style = self._bibliography_style()
            for entry in block.entries:
                self._paragraph(style, [(r.text, r.emphasis, r.strong) for r in entry])
        else:
            self._sources(block)

    def _bibliography_style(self) -> str:
        """Word's ``Bibliography`` style (added when the template lacks it): hanging indent."""
        styles = self.document.styles
        if BIBLIOGRAPHY not in [s.name for s in styles]:
            from docx.enum.style import WD_STYLE_TYPE

            style = styles.add_style(BIBLIOGRAPHY, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[STYLE_NAMES[ProseKind.PARAGRAPH]]
            layout = style.paragraph_format
            layout.left_indent = Mm(HANGING_MM)
            layout.first_line_indent = -Mm(HANGING_MM)
            layout.space_after = Pt(6)
        return str(styles[BIBLIOGRAPHY].style_id)

    def _figure(self, block: FigureBlock) -> None:
        """The picture, centred at the text width, then its caption in Word's Caption style:
        ``Figure {SEQ Figure}: caption``, so Word renumbers figures and can list them."""
        picture = self.document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        shape = picture.add_run().add_picture(BytesIO(block.image), width=Mm(FIGURE_WIDTH_MM))
        shape._inline.docPr.set("descr", block.caption_text)  # the alternative text
        caption = self._paragraph(self._styles["caption"], [(f"{FIGURE_LABEL} ", False, False)])
        _field(caption, " SEQ Figure \\* ARABIC ", str(block.number))
        if block.caption:
            self._run(caption, f": {block.caption}", False, False)

    def _paragraph(self, style: str, runs: list[tuple[str, bool | None, bool]]) -> Any:
        """Append ``<w:p>`` before the section properties; ``emphasis=None`` forces upright."""
        p = etree.Element(_P)
        if style != self._styles[ProseKind.PARAGRAPH]:
            etree.SubElement(etree.SubElement(p, _PPR), _PSTYLE).set(_VAL, style)
        for text, emphasis, strong in runs:
            if text:
                self._run(p, text, emphasis, strong)
        self._end.addprevious(p)
        return p

    @staticmethod
    def _run(p: Any, text: str, emphasis: bool | None, strong: bool) -> None:
        r = etree.SubElement(p, _R)
        if emphasis is not False or strong:
            rpr = etree.SubElement(r, _RPR)
            if strong:
                etree.SubElement(rpr, _B)
            if emphasis:
                etree.SubElement(rpr, _I)
            elif emphasis is None:
                etree.SubElement(rpr, _I).set(_VAL, "0")
        for line_no, line in enumerate(text.split("\n")):
            if line_no:
                etree.SubElement(r, _BR)
            for tab_no, piece in enumerate(line.split("\t")):
                if tab_no:
                    etree.SubElement(r, _TAB)
                if piece:
                    t = etree.SubElement(r, _T)
                    t.text = piece
                    if piece[0].isspace() or piece[-1].isspace():
                        t.set(_SPACE, "preserve")

    def _number(self, paragraph: Any, restart: bool) -> None:
        """Give each numbered list its own numbering so it starts again at 1."""
        if restart or self._list_num is None:
            self._list_num = self._restarted_num()
        ppr = paragraph.find(_PPR)
        numpr = etree.SubElement(ppr, _NUMPR)
        etree.SubElement(numpr, _ILVL).set(_VAL, "0")
        etree.SubElement(numpr, _NUMID).set(_VAL, self._list_num)

    def _restarted_num(self) -> str:
        style = self.document.styles[STYLE_NAMES[ProseKind.NUMBERED]].element
        num_id = int(style.pPr.numPr.numId.val)
        numbering = self.document.part.numbering_part.element
        abstract = numbering.num_having_numId(num_id).abstractNumId.val
        num = numbering.add_num(abstract)
        override = etree.SubElement(num, qn("w:lvlOverride"))
        override.set(qn("w:ilvl"), "0")
        etree.SubElement(override, qn("w:startOverride")).set(_VAL, "1")
        return str(num.numId)

    def _sources(self, block: SourcesTable) -> None:
        self._paragraph(self._styles[1], [(block.heading, False, False)])
        table = self.document.add_table(rows=1, cols=len(SOURCE_COLUMNS))
        table.style = self.document.styles[STYLE_NAMES["table"]]
        for cell, label in zip(table.rows[0].cells, SOURCE_COLUMNS, strict=True):
            cell.paragraphs[0].add_run(label).bold = True
        for row in block.rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, (row.date, row.kind, row.site, row.title), strict=True):
                cell.text = value
        table.autofit = False
        for column, width in zip(table.columns, SOURCE_WIDTHS_MM, strict=True):
            column.width = Mm(width)
            for cell in column.cells:
                cell.width = Mm(width)

    # --- the rest of the package --------------------------------------------------------
    def _layout(self) -> None:
        """A4 with even margins, and excerpts as an indented block (the template's Quote
        style is only italic); a thesis template's own styles replace these."""
        section = self._section()
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(25))
        quote = self.document.styles[STYLE_NAMES["excerpt"]].paragraph_format
        quote.left_indent = quote.right_indent = Mm(10)
        quote.space_after = Pt(8)

    def _section(self) -> Section:
        """The document's one section, from the body's own section properties (the writer
        makes no section breaks): ``document.sections`` searches every paragraph for one."""
        return Section(self._end, self.document.part)

    def _footer(self) -> None:
        """A centred page number: Word fills the PAGE field in on every page."""
        paragraph = self._section().footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(paragraph._p, " PAGE ", "1")

    def _properties(self) -> None:
        """Only the title and the author: nothing of the template, the machine or the user."""
        props = self.document.core_properties
        element = props._element
        for child in list(element):
            element.remove(child)
        props.title = self.compiled.title
        if self.author:
            props.author = self.author
        props.created = self.timestamp.replace(tzinfo=None)
        props.modified = self.timestamp.replace(tzinfo=None)
        package = self.document.part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                package.rels.pop(rel_id)
        # The template's second copy of its styles, for Word 2010 alone (later Word and
        # LibreOffice read styles.xml, and Word 2010 does without it): 430 kB that every
        # export compressed and the leak check then read through, for nothing.
        rels = self.document.part.rels
        for rel_id, rel in list(rels.items()):
            if rel.reltype == _STYLES_WITH_EFFECTS:
                rels.pop(rel_id)
        for part in package.iter_parts():
            if part.partname == "/docProps/app.xml":
                part._blob = _APP_XML

    def _unused_table_styles(self) -> None:
        """Drop the template's table styles the document does not use: a hundred of Word's
        built-in designs, 340 kB of the 350 kB styles part, which every export compressed
        and the leak check read through. Word and LibreOffice keep their built-in table
        styles themselves and offer them all in a document without these copies."""
        styles = self.document.styles.element
        by_id = {style.get(_STYLE_ID): style for style in styles.iterchildren(_STYLE)}
        wanted = {table.get(_VAL) for table in self._body.iter(_TBL_STYLE)}
        wanted |= {i for i, s in by_id.items() if s.get(_TYPE) == "table" and s.get(_DEFAULT)}
        kept: set[str | None] = set()
        while wanted:  # each used style and the styles it is based on
            style_id = wanted.pop()
            if style_id in kept or style_id not in by_id:
                continue
            kept.add(style_id)
            based = by_id[style_id].find(_BASED_ON)
            if based is not None:
                wanted.add(based.get(_VAL))
        for style_id, style in by_id.items():
            if style.get(_TYPE) == "table" and style_id not in kept:
                styles.remove(style)


def _field(p: Any, instruction: str, shown: str) -> None:
    """A Word field (PAGE, SEQ...) at the end of paragraph ``p``, showing ``shown`` until
    Word updates it."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        r = etree.SubElement(p, _R)
        if kind:
            etree.SubElement(r, qn("w:fldChar")).set(qn("w:fldCharType"), kind)
        else:
            instr = etree.SubElement(r, qn("w:instrText"))
            instr.set(_SPACE, "preserve")
            instr.text = text
    etree.SubElement(etree.SubElement(p, _R), _T).text = shown
    etree.SubElement(etree.SubElement(p, _R), qn("w:fldChar")).set(qn("w:fldCharType"), "end")
