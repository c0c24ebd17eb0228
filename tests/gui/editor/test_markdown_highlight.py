"""Light Markdown styling in the body editor: formats only, palette-aware, and living
alongside search matches and coded passages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextFormat,
)
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.gui.editor.body_edit import BodyEdit
from fieldjournal.gui.main_window import MainWindow

NOTE = """# Harbour day
Morning with **Tamsin** at the *net loft*; 2 * 3 * 4 stays plain.
## What was said
- the quay rent has doubled
> "We keep the boats." — Tamsin
🎣 then **after the emoji**
Ask Orla about the ***waiting list*** and **the *quay* rent**."""


def _editor(qtbot: QtBot, text: str = NOTE) -> BodyEdit:
    body = BodyEdit()
    qtbot.addWidget(body)
    body.resize(700, 400)
    body.setPlainText(text)
    body.show()
    return body


def fmt(body: BodyEdit, line: int, word: str, offset: int = 0) -> QTextCharFormat:
    """The highlighter's format at ``word`` (+ ``offset``) on ``line``; Qt counts UTF-16."""
    block = body.document().findBlockByNumber(line)
    text = block.text()
    pos = text.index(word) + offset
    for span in block.layout().formats():
        if span.start <= pos < span.start + span.length:
            return QTextCharFormat(span.format)
    return QTextCharFormat()


def test_headings_are_bold_and_larger_by_level(qtbot: QtBot) -> None:
    body = _editor(qtbot)
    size = body.font().pointSizeF()
    h1, h2 = fmt(body, 0, "Harbour"), fmt(body, 2, "What")
    assert h1.fontWeight() == h2.fontWeight() == QFont.Weight.Bold
    assert h1.fontPointSize() > h2.fontPointSize() > size
    assert fmt(body, 1, "Morning").fontPointSize() == 0  # body text keeps the editor's font


def test_emphasis_strong_and_their_markers(qtbot: QtBot) -> None:
    body = _editor(qtbot)
    assert fmt(body, 1, "Tamsin").fontWeight() == QFont.Weight.Bold
    assert fmt(body, 1, "net loft").fontItalic()
    assert not fmt(body, 1, "3 *").fontItalic()  # arithmetic is not emphasis
    marker = fmt(body, 1, "**Tamsin").foreground().color()
    assert marker == fmt(body, 0, "#").foreground().color() == body.markdown.marker.foreground()
    assert marker != body.palette().color(QPalette.ColorRole.Text)


def test_nested_and_combined_emphasis(qtbot: QtBot) -> None:
    body = _editor(qtbot)
    both = fmt(body, 6, "waiting")
    assert both.fontWeight() == QFont.Weight.Bold and both.fontItalic()
    assert fmt(body, 6, "***waiting").foreground() == body.markdown.marker.foreground()
    inner = fmt(body, 6, "quay")
    assert inner.fontWeight() == QFont.Weight.Bold and inner.fontItalic()
    assert not fmt(body, 6, "rent").fontItalic()


def test_list_markers_and_quotes_are_coloured(qtbot: QtBot) -> None:
    body = _editor(qtbot)
    assert fmt(body, 3, "-").foreground() == body.markdown.list_marker.foreground()
    assert not fmt(body, 3, "quay").hasProperty(QTextFormat.Property.ForegroundBrush)
    assert fmt(body, 4, "We keep").foreground() == body.markdown.quote.foreground()


def test_offsets_after_an_emoji_count_utf16(qtbot: QtBot) -> None:
    body = _editor(qtbot)
    # The fishing rod is two UTF-16 units: the bold must start one unit later in Qt terms.
    assert fmt(body, 5, "after", offset=1).fontWeight() == QFont.Weight.Bold
    assert fmt(body, 5, "then", offset=1).fontWeight() != QFont.Weight.Bold


def _lightness(colour: QColor) -> float:
    return colour.lightnessF()


def test_colours_follow_a_dark_palette(qtbot: QtBot) -> None:
    body = _editor(qtbot)
    light_quote = body.markdown.quote.foreground().color()
    dark = QPalette(body.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#dcdcdc"))
    dark.setColor(QPalette.ColorRole.Link, QColor("#6fb3ff"))
    body.setPalette(dark)
    dark_quote = fmt(body, 4, "We keep").foreground().color()
    assert _lightness(dark_quote) > 0.5 > _lightness(light_quote)
    # Readable: the quote is lighter than the dark background, darker than the text.
    assert _lightness(QColor("#1e1f22")) < _lightness(dark_quote) < _lightness(QColor("#dcdcdc"))


def test_screenshot_of_the_styled_editor(qtbot: QtBot, tmp_path: Path) -> None:
    body = _editor(qtbot)
    qtbot.waitExposed(body)
    path = tmp_path / "markdown.png"
    assert body.grab().save(str(path)) and path.stat().st_size > 0


def test_coexists_with_search_matches_and_coded_passages(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    gui_journal.add_code("livelihood", colour="#27ae60")
    entry = gui_journal.add_entry(title="Quay", body=NOTE)
    start = NOTE.index("quay rent")
    gui_journal.code_segment(entry.id, "livelihood", start, start + len("quay rent"))
    workspace.open_entry(entry.id, terms=["Tamsin"])
    body = workspace.editor.body
    qtbot.waitUntil(lambda: len(workspace.coding.highlighter.marks) == 1)
    assert len(body.findChildren(QSyntaxHighlighter)) == 1  # the document's only one
    assert body.highlight_count() == 2
    body.markdown.restyle(body)  # a format-only pass: marks, matches and text untouched
    assert len(workspace.coding.highlighter.marks) == 1
    assert len(body.extraSelections()) == 2
    assert not workspace.editor.dirty
    assert fmt(body, 1, "Tamsin").fontWeight() == QFont.Weight.Bold
