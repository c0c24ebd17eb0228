"""Light Markdown styling in the body editor: the researcher's own notation, made calm.

Formatting only, the stored text is untouched: headings (``#`` to ``###``) bold and
larger, ``**strong**`` bold, ``*emphasis*`` italic (``***both***``), list markers and ``> `` quotes
subtly coloured. This is the body document's one ``QSyntaxHighlighter``; it coexists
with search matches (extra selections) and coded passages (an overlay widget), which
paint on top of these formats. Colours come from the editor's palette, light or dark.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QPalette, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit

from fieldjournal.gui.editor.segment_marks import Utf16Map

HEADING = re.compile(r"^(#{1,3})[ \t]+\S")
QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?")
LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])(?=[ \t])")
BOTH = re.compile(r"(?<!\*)(\*\*\*)(?=[^\s*])(.+?)(?<=[^\s*])(\*\*\*)(?!\*)")
STRONG = re.compile(r"(?<!\*)(\*\*)(?=[^\s*])(.+?)(?<=[^\s*])(\*\*)(?!\*)")
EMPHASIS = re.compile(r"(?<![*\w])(\*)(?=[^\s*])(.+?)(?<=[^\s*])(\*)(?![*\w])")
HEADING_SCALE = {1: 1.45, 2: 1.25, 3: 1.1}


def mix(colour: QColor, background: QColor, share: float) -> QColor:
    """``share`` of ``colour`` over ``background``: a softer tone that stays readable."""
    return QColor.fromRgbF(
        colour.redF() * share + background.redF() * (1 - share),
        colour.greenF() * share + background.greenF() * (1 - share),
        colour.blueF() * share + background.blueF() * (1 - share),
    )


def _foreground(colour: QColor) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(colour)
    return fmt


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor.document())
        self._size = 12.0
        self.marker = QTextCharFormat()
        self.list_marker = QTextCharFormat()
        self.quote = QTextCharFormat()
        self._utf16 = Utf16Map("")
        self.restyle(editor)

    def restyle(self, editor: QPlainTextEdit) -> None:
        """Take colours and size from ``editor`` (called again when its palette changes)."""
        palette = editor.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        accent = palette.color(QPalette.ColorRole.Link)
        self._size = editor.font().pointSizeF()
        self.marker = _foreground(mix(text, base, 0.45))
        self.list_marker = _foreground(mix(accent, base, 0.85))
        self.quote = _foreground(mix(text, base, 0.68))
        # A full pass would make the editor report a text change (and the entry dirty).
        blocked = editor.blockSignals(True)
        try:
            self.rehighlight()
        finally:
            editor.blockSignals(blocked)
        editor.viewport().update()

    def heading(self, level: int) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setFontPointSize(self._size * HEADING_SCALE[level])
        return fmt

    def highlightBlock(self, text: str) -> None:
        self._utf16 = Utf16Map(text)  # Qt counts UTF-16 units, Python code points
        self._line(text)
        self._inline(text, BOTH, bold=True, italic=True)
        self._inline(text, STRONG, bold=True)
        self._inline(text, EMPHASIS, italic=True)

    def _line(self, text: str) -> None:
        """Whole-line styles: a heading, a quote, or a list item's marker."""
        if heading := HEADING.match(text):
            self._add(0, len(text), self.heading(len(heading.group(1))))
            self._add(0, heading.end(1), self.marker)
        elif quote := QUOTE.match(text):
            self._add(0, len(text), self.quote)
            self._add(0, quote.end(), self.marker)
        elif marker := LIST_MARKER.match(text):
            self._add(marker.start(), marker.end(), self.list_marker)

    def _inline(
        self, text: str, pattern: re.Pattern[str], *, bold: bool = False, italic: bool = False
    ) -> None:
        fmt = QTextCharFormat()
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if italic:
            fmt.setFontItalic(True)
        for match in pattern.finditer(text):
            self._add(match.start(2), match.end(2), fmt)
            self._add(match.start(1), match.end(1), self.marker)
            self._add(match.start(3), match.end(3), self.marker)

    def _add(self, start: int, end: int, fmt: QTextCharFormat) -> None:
        """Merge ``fmt`` into code points ``[start, end)``, one run of equal formats at a
        time (a heading keeps its size under emphasis)."""
        first, last = self._utf16.to_utf16(start), self._utf16.to_utf16(end)
        while first < last:
            current = self.format(first)
            run = first + 1
            while run < last and self.format(run) == current:
                run += 1
            merged = QTextCharFormat(current)
            merged.merge(fmt)
            self.setFormat(first, run - first, merged)
            first = run
