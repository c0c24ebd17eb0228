"""The chapter editor never writes over a chapter changed elsewhere (a script, the command
line, another window) without asking: keep mine, take theirs, or keep both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.chapters import Chapter, Section
from fieldjournal.gui.chapters.editor import ChapterEditor
from fieldjournal.gui.chapters.window import ChapterEditorWindow
from fieldjournal.gui.editor.conflict_dialog import ConflictDialog, Resolution
from fieldjournal.gui.main_window import MainWindow

WITHIN = 2000  # ms: what the main window promises for changes from elsewhere


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j") as j:
        yield j


@pytest.fixture
def script(journal: Journal) -> Iterator[Journal]:
    """A second journal on the same folder, as a script or the command line opens it."""
    other = Journal.open(journal.paths.root, create=False, search=False)
    yield other
    other.close(backup=False)


@pytest.fixture
def chapter(journal: Journal) -> Chapter:
    return journal.add_chapter(
        "Arms", [Section("One", 1, "First draft."), Section("Two", 1, "Second draft.")]
    )


@pytest.fixture
def editor(qtbot: QtBot, journal: Journal, chapter: Chapter) -> ChapterEditor:
    widget = ChapterEditor(journal)
    qtbot.addWidget(widget)
    widget.load(chapter.id)
    journal.changed_elsewhere()  # the first look starts watching, as the window's does
    return widget


def _answer(monkeypatch: pytest.MonkeyPatch, choice: Resolution) -> list[tuple[str, str, str]]:
    """Answer the conflict dialog with ``choice``; returns what it showed."""
    shown: list[tuple[str, str, str]] = []

    def ask(
        _label: str, mine: str, theirs: str, _parent: object, subject: str = "entry"
    ) -> tuple[Resolution, bool]:
        shown.append((mine, theirs, subject))
        return choice, True

    monkeypatch.setattr(ConflictDialog, "ask", staticmethod(ask))
    return shown


def _type_in_second_section(qtbot: QtBot, editor: ChapterEditor, text: str) -> None:
    editor.outline_view.setCurrentIndex(editor.outline.index(1))
    editor.prose.setFocus()
    editor.prose.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.prose, text)
    assert editor.is_modified()


def _script_rewrites(script: Journal, chapter: Chapter) -> Chapter:
    return script.update_chapter(
        chapter.id, sections=[chapter.sections[0], Section("Two", 1, "Second, theirs.")]
    )


def test_with_nothing_typed_the_newer_chapter_shows_at_the_same_place(
    qtbot: QtBot, editor: ChapterEditor, journal: Journal, script: Journal, chapter: Chapter
) -> None:
    editor.outline_view.setCurrentIndex(editor.outline.index(1))
    cursor = editor.prose.textCursor()
    cursor.setPosition(len("Second"))
    editor.prose.setTextCursor(cursor)
    script.update_chapter(
        chapter.id,
        title="Arms, revised",
        sections=[chapter.sections[0], Section("Two", 1, "Second draft, longer.")],
    )
    journal.changed_elsewhere()  # the main window's look, twice a second
    qtbot.waitUntil(lambda: editor.prose.toPlainText() == "Second draft, longer.")
    assert editor.current_row() == 1 and editor.prose.textCursor().position() == len("Second")
    assert editor.title_edit.text() == "Arms, revised"
    assert editor.chapter_combo.currentText() == "Arms, revised"
    assert not editor.is_modified()
    assert "changed elsewhere" in editor.status.text()


def test_typing_meets_newer_text_and_the_researcher_keeps_theirs(
    qtbot: QtBot,
    editor: ChapterEditor,
    journal: Journal,
    script: Journal,
    chapter: Chapter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown = _answer(monkeypatch, Resolution.TAKE_THEIRS)
    _type_in_second_section(qtbot, editor, " Mine.")
    _script_rewrites(script, chapter)
    journal.changed_elsewhere()
    qtbot.waitUntil(lambda: bool(shown))  # asked now, not at the next save
    mine, theirs, subject = shown[0]
    assert "Second draft. Mine." in mine and "Second, theirs." in theirs
    assert subject == "chapter"
    assert editor.prose.toPlainText() == "Second, theirs."
    assert not editor.is_modified()
    assert journal.get_chapter(chapter.id).sections[1].body == "Second, theirs."


def test_typing_meets_newer_text_and_the_researcher_keeps_mine(
    qtbot: QtBot,
    editor: ChapterEditor,
    journal: Journal,
    script: Journal,
    chapter: Chapter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown = _answer(monkeypatch, Resolution.KEEP_MINE)
    _type_in_second_section(qtbot, editor, " Mine.")
    _script_rewrites(script, chapter)
    # Saved before the window looked: the save itself finds the newer text.
    assert editor.save() is not None
    assert len(shown) == 1
    assert journal.get_chapter(chapter.id).sections[1].body == "Second draft. Mine."
    assert not editor.is_modified()
    journal.changed_elsewhere()  # the look that follows finds nothing to ask about
    QCoreApplication.processEvents()
    assert len(shown) == 1 and editor.prose.toPlainText() == "Second draft. Mine."


def test_keep_both_makes_a_chapter_of_what_was_typed(
    qtbot: QtBot,
    editor: ChapterEditor,
    journal: Journal,
    script: Journal,
    chapter: Chapter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _answer(monkeypatch, Resolution.KEEP_BOTH)
    _type_in_second_section(qtbot, editor, " Mine.")
    _script_rewrites(script, chapter)
    assert editor.save() is not None
    stored = {c.title: journal.get_chapter(c.id) for c in journal.list_chapters()}
    assert stored["Arms"].sections[1].body == "Second, theirs."
    assert stored["Arms (my version)"].sections[1].body == "Second draft. Mine."
    assert editor.chapter_id == chapter.id
    assert editor.prose.toPlainText() == "Second, theirs."
    assert "Arms (my version)" in editor.status.text()
    assert editor.chapter_combo.count() == 2


def test_an_outline_change_over_newer_text_asks_too(
    qtbot: QtBot,
    editor: ChapterEditor,
    journal: Journal,
    script: Journal,
    chapter: Chapter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown = _answer(monkeypatch, Resolution.TAKE_THEIRS)
    _script_rewrites(script, chapter)
    editor.add_section("Three")  # saved at once: finds the newer text before the look
    assert len(shown) == 1
    assert [s.heading for s in journal.get_chapter(chapter.id).sections] == ["One", "Two"]
    assert [s.heading for s in editor.outline.sections()] == ["One", "Two"]
    assert not editor.undo_stack.canUndo()


def test_a_chapter_deleted_elsewhere_keeps_what_was_typed(
    qtbot: QtBot, editor: ChapterEditor, journal: Journal, script: Journal, chapter: Chapter
) -> None:
    _type_in_second_section(qtbot, editor, " Mine.")
    script.delete_chapter(chapter.id)
    journal.changed_elsewhere()
    qtbot.waitUntil(lambda: editor.chapter_id not in (None, chapter.id))
    kept = journal.get_chapter(editor.chapter_id or "")
    assert kept.title == "Arms (my version)"
    assert kept.sections[1].body == "Second draft. Mine."
    assert "deleted elsewhere" in editor.status.text()


def test_a_chapter_deleted_elsewhere_with_nothing_typed_is_shown_no_more(
    qtbot: QtBot, editor: ChapterEditor, journal: Journal, script: Journal, chapter: Chapter
) -> None:
    script.delete_chapter(chapter.id)
    journal.changed_elsewhere()
    qtbot.waitUntil(lambda: editor.chapter_id is None)
    assert journal.list_chapters() == []
    assert not editor.prose.isEnabled() and editor.chapter_combo.count() == 0
    assert "Arms was deleted elsewhere" in editor.status.text()


def test_a_chapter_imported_elsewhere_is_offered(
    qtbot: QtBot, editor: ChapterEditor, journal: Journal, script: Journal
) -> None:
    script.import_chapter("Lunch clubs ran on it.\n", default_title="Goodwill")
    journal.changed_elsewhere()
    qtbot.waitUntil(lambda: editor.chapter_combo.count() == 2)
    assert editor.chapter_combo.findText("Goodwill") >= 0
    assert editor.title_edit.text() == "Arms"  # the chapter shown stays


def test_closing_the_window_over_newer_text_asks_and_closes(
    qtbot: QtBot,
    journal: Journal,
    script: Journal,
    chapter: Chapter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown = _answer(monkeypatch, Resolution.KEEP_MINE)
    window = ChapterEditorWindow(journal)
    qtbot.addWidget(window)
    window.show()
    _type_in_second_section(qtbot, window.editor, " Mine.")
    _script_rewrites(script, chapter)
    assert window.close()
    assert len(shown) == 1
    assert journal.get_chapter(chapter.id).sections[1].body == "Second draft. Mine."


def test_the_main_windows_look_reaches_the_chapter_window(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    opened = gui_journal.add_chapter("Arms", [Section("One", 1, "First draft.")])
    window.open_chapters()
    chapters = window._chapter_window
    assert chapters is not None
    assert chapters.editor.prose.toPlainText() == "First draft."
    other = Journal.open(gui_journal.paths.root, create=False, search=False)
    try:
        other.update_chapter(opened.id, sections=[Section("One", 1, "From a script.")])
    finally:
        other.close(backup=False)
    qtbot.waitUntil(lambda: chapters.editor.prose.toPlainText() == "From a script.", timeout=WITHIN)


def test_typing_is_saved_without_save_as_an_entrys_is(
    qtbot: QtBot, editor: ChapterEditor, journal: Journal, chapter: Chapter
) -> None:
    _type_in_second_section(qtbot, editor, " Typed.")
    editor.title_edit.setText("Arms, retitled")
    editor.title_edit.textEdited.emit("Arms, retitled")
    qtbot.waitUntil(lambda: not editor.is_modified())  # no Save pressed: a crash loses little
    stored = journal.get_chapter(chapter.id)
    assert stored.sections[1].body == "Second draft. Typed."
    assert stored.title == "Arms, retitled"
    assert editor.prose.toPlainText() == "Second draft. Typed."  # the typing goes on there
    assert editor.prose.textCursor().position() == len("Second draft. Typed.")
