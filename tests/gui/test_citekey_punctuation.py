"""`@` completion of citekeys that hold Pandoc's internal punctuation (Better BibTeX
keys such as ``berg:2001.dykes-b/2``): typed in part, chosen by keyboard, written whole."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.gui.chapters.editor import ChapterEditor

BIB = (
    "@book{berg:2001.dykes-b/2, title = {Dykes}, author = {van der Berg, Jan}, year = {2001}}\n"
    "@book{berg_2003, title = {Polders}, author = {van der Berg, Jan}, year = {2003}}\n"
)


def test_a_punctuated_citekey_is_completed_whole(
    qtbot: QtBot, journal: Journal, tmp_path: Path
) -> None:
    bib = tmp_path / "keys.bib"
    bib.write_text(BIB, encoding="utf-8")
    journal.import_references(bib)
    chapter = journal.add_chapter("Water", [Section("Dykes", 1, "")])
    editor = ChapterEditor(journal)
    qtbot.addWidget(editor)
    editor.load(chapter.id)
    editor.show()
    prose = editor.prose
    prose.setFocus()
    qtbot.keyClicks(prose, "Dykes hold [@berg:2001.dy")
    popup = prose.citekeys.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.keyClicks(prose, ", p. 4].")
    assert prose.toPlainText() == "Dykes hold [@berg:2001.dykes-b/2, p. 4]."
    qtbot.keyClicks(prose, " See @polders")
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert prose.toPlainText().endswith(" See @berg_2003")
