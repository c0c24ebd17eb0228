"""The chapter editor driven through its widgets, against a real journal in a temp folder."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QMenu, QProgressDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.gui.chapters.editor import ChapterEditor
from fieldjournal.gui.chapters.export_dialog import REAL_NAMES_LABEL, ChapterExportDialog
from fieldjournal.gui.chapters.outline_model import ROW_MIME, OutlineModel
from fieldjournal.gui.chapters.window import ChapterEditorWindow, open_chapter_editor
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.widgets.export_progress import ExportProgress
from fieldjournal.services.chapter_service import ExportOptions

BODY = "Orla Penhale chaired. She said the lunch club is the delivery arm of the pilot."


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j") as j:
        j.add_actor("Orla Penhale", pseudonym="Ruth", consent="consented")
        yield j


@pytest.fixture
def entry_id(journal: Journal) -> str:
    entry = journal.add_entry(
        kind="meeting",
        title="Steering group",
        body=BODY,
        occurred_at="2016-04-05T10:00+01:00",
        site="Tregarth hall",
        actors=["Orla Penhale"],
    )
    start = BODY.index("the lunch")
    journal.code_segment(entry.id, "Voluntary/Delivery", start, start + 14)
    return entry.id


@pytest.fixture
def editor(qtbot: QtBot, journal: Journal, entry_id: str) -> ChapterEditor:
    chapter = journal.add_chapter(
        "Arms", [Section("One", 1, "First."), Section("Two", 2, "Second."), Section("Three")]
    )
    widget = ChapterEditor(journal)
    qtbot.addWidget(widget)
    widget.load(chapter.id)
    return widget


def headings(editor: ChapterEditor) -> list[str]:
    return [s.heading for s in editor.outline.sections()]


def test_outline_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = OutlineModel([Section("", 1, "Opening"), Section("A", 1), Section("B", 3)])
    qtmodeltester.check(model)
    model.move_section(0, 2)
    model.insert_section(1, Section("C", 2))
    model.remove_section(0)
    qtmodeltester.check(model)
    assert [s.heading for s in model.sections()] == ["C", "B", ""]
    assert model.data(model.index(1)) == "        B"


def test_add_rename_reorder_and_undo(editor: ChapterEditor) -> None:
    editor.outline_view.setCurrentIndex(editor.outline.index(0))
    editor.add_section("Inserted")
    assert headings(editor) == ["One", "Inserted", "Two", "Three"]

    editor.outline.setData(editor.outline.index(1), "  Renamed   here ", Qt.ItemDataRole.EditRole)
    assert headings(editor)[1] == "Renamed here"

    # a drag of row 0 dropped below row 2 (what the view does on an internal move)
    model = editor.outline
    mime = model.mimeData([model.index(0)])
    assert mime.hasFormat(ROW_MIME)
    assert not model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, model.index(-1))
    assert headings(editor) == ["Renamed here", "Two", "One", "Three"]

    editor._relevel(1)
    assert editor.outline.section(2).level == 2

    assert editor.chapter_id is not None
    stored = editor.journal.get_chapter(editor.chapter_id)
    assert [s.heading for s in stored.sections] == ["Renamed here", "Two", "One", "Three"]
    stack = editor.undo_stack
    for _ in range(4):
        stack.undo()
    assert headings(editor) == ["One", "Two", "Three"]
    stored = editor.journal.get_chapter(editor.chapter_id)
    assert [s.heading for s in stored.sections] == ["One", "Two", "Three"]
    assert editor.outline.section(0).level == 1
    stack.redo()
    assert headings(editor) == ["One", "Inserted", "Two", "Three"]


def test_prose_follows_the_outline_and_is_saved(editor: ChapterEditor, journal: Journal) -> None:
    editor.outline_view.setCurrentIndex(editor.outline.index(1))
    assert editor.prose.toPlainText() == "Second."
    editor.prose.setPlainText("Second, rewritten.")
    editor.outline_view.setCurrentIndex(editor.outline.index(0))
    assert editor.is_modified()
    editor.title_edit.setText("Arms and legs")
    saved = editor.save()
    assert saved is not None and not editor.is_modified()
    stored = journal.get_chapter(saved.id)
    assert stored.title == "Arms and legs"
    assert [s.body for s in stored.sections] == ["First.", "Second, rewritten.", ""]


def test_excerpts_inserted_from_sources_and_drops(editor: ChapterEditor, entry_id: str) -> None:
    editor.outline_view.setCurrentIndex(editor.outline.index(0))
    sources = editor.sources
    sources.entry_list.setCurrentRow(0)
    assert sources.entry_text.toPlainText() == BODY
    cursor = sources.entry_text.textCursor()
    start = BODY.index("the lunch")
    cursor.setPosition(start)
    cursor.setPosition(
        start + len("the lunch club is the delivery arm"), cursor.MoveMode.KeepAnchor
    )
    sources.entry_text.setTextCursor(cursor)
    editor.prose.moveCursor(editor.prose.textCursor().MoveOperation.End)
    sources._insert_quote()
    sources._insert_entry()
    sources.setCurrentIndex(1)
    sources.code_list.setCurrentRow(1)  # Voluntary/Delivery
    assert sources.segment_list.count() == 1
    sources.segment_list.setCurrentRow(0)
    sources._emit_current(sources.segment_list)

    dropped = QMimeData()
    dropped.setText("[[code:Voluntary]]")
    editor.prose.insertFromMimeData(dropped)

    shown = entry_id[:8]  # shown short, stored in full
    lines = [line for line in editor.prose.toPlainText().split("\n") if line]
    assert lines[0] == "First."
    assert lines[1:3] == [
        f"[[quote:{shown}|the lunch club is the delivery arm]]",
        f"[[entry:{shown}]]",
    ]
    segment_id = editor.journal.list_segments("Voluntary/Delivery")[0].id
    assert lines[3] == f"[[segment:{segment_id[:8]}]]" and lines[4] == "[[code:Voluntary]]"
    assert "\n\n[[quote:" in editor.prose.toPlainText()  # tokens stand on lines of their own
    stored = [line for line in editor.current_sections()[0].body.split("\n") if line]
    assert stored[1:4] == [
        f"[[quote:{entry_id}|the lunch club is the delivery arm]]",
        f"[[entry:{entry_id}]]",
        f"[[segment:{segment_id}]]",
    ]

    editor.side.show_preview()  # the preview compiles the unsaved draft
    html = editor.preview.toHtml()
    assert "Ruth chaired" in html and "Orla" not in html
    assert "Meeting observation, 5 April 2016, Tregarth hall" in html
    editor.outline_view.setCurrentIndex(editor.outline.index(1))
    editor.prose.setPlainText("1. one\n2. two")
    editor.refresh_preview()
    assert "1. one" in editor.preview.toPlainText() and "2. two" in editor.preview.toPlainText()
    editor.preview_real_names.setChecked(True)
    assert "Orla Penhale chaired" in editor.preview.toHtml()


def export(qtbot: QtBot, editor: ChapterEditor, out: Path, options: ExportOptions) -> None:
    """Start an export and wait until it has ended, however it ended."""
    assert editor.export_to(out, options)
    qtbot.waitUntil(lambda: not editor.exporting(), timeout=20_000)


def test_export_with_progress_writes_a_pseudonymised_docx(
    editor: ChapterEditor, entry_id: str, tmp_path: Path, qtbot: QtBot
) -> None:
    editor.outline_view.setCurrentIndex(editor.outline.index(2))
    editor.insert_token(f"[[entry:{entry_id}]]")
    out = tmp_path / "arms.docx"
    with qtbot.waitSignal(editor.exported, timeout=20_000) as signal:
        assert editor.export_to(out, ExportOptions(author="A. Writer"))
        assert editor.exporting() and "Exporting" in editor.status.text()
    (report,) = signal.args
    assert report.path == out and not editor.exporting()
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    assert text[0] == "Arms" and "Ruth chaired." in text[-1] and "Orla" not in " ".join(text)
    assert "pseudonymised" in editor.status.text()

    real = tmp_path / "real.docx"
    export(qtbot, editor, real, ExportOptions(real_names=True))
    assert "Orla Penhale chaired." in docx.Document(str(real)).paragraphs[-1].text
    assert "REAL NAMES" in editor.status.text()


def test_the_export_runs_off_the_gui_thread_through_the_runner(
    editor: ChapterEditor, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window stays live while a chapter is written: the steps run on a worker."""
    threads: list[threading.Thread] = []
    steps = editor.journal.export_chapter_steps

    def watched(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return steps(*args, **kwargs)

    monkeypatch.setattr(editor.journal, "export_chapter_steps", watched)
    assert editor.export_to(tmp_path / "arms.docx", ExportOptions())
    assert editor.ops._running  # the runner's own worker
    qtbot.waitUntil(lambda: not editor.exporting(), timeout=20_000)
    assert threads and threads[0] is not threading.main_thread()
    assert (tmp_path / "arms.docx").is_file()


def test_cancelled_export_writes_nothing(
    editor: ChapterEditor, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = ExportProgress.start

    def cancelled_at_once(self: ExportProgress, *args: Any, **kwargs: Any) -> bool:
        self.dialog.canceled.emit()  # Cancel pressed before the first step
        return start(self, *args, **kwargs)

    monkeypatch.setattr(ExportProgress, "start", cancelled_at_once)
    out = tmp_path / "never.docx"
    export(qtbot, editor, out, ExportOptions())
    assert not out.exists() and "cancelled" in editor.status.text()
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in editor.children())


def test_closing_the_window_stops_the_export_under_way(
    qtbot: QtBot, journal: Journal, entry_id: str, tmp_path: Path
) -> None:
    journal.add_chapter("Arms", [Section("One", 1, "First.")])
    window = ChapterEditorWindow(journal)
    qtbot.addWidget(window)
    out = tmp_path / "left.docx"
    assert window.editor.export_to(out, ExportOptions())
    running = list(window.editor.ops._running)
    assert running
    window.close()
    assert not any(task._thread.is_alive() for task in running)  # ended before the window


def test_export_errors_show_in_the_status_line(
    editor: ChapterEditor, tmp_path: Path, qtbot: QtBot
) -> None:
    editor.outline_view.setCurrentIndex(editor.outline.index(0))
    editor.prose.setPlainText("[[quote:00000000|nothing like this]]")
    export(qtbot, editor, tmp_path / "x.docx", ExportOptions())
    assert "no entry with an id starting 00000000" in editor.status.text()
    assert not (tmp_path / "x.docx").exists()


def test_export_dialog_defaults_to_pseudonyms(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ChapterExportDialog(tmp_path / "c.docx")
    qtbot.addWidget(dialog)
    path, options = dialog.value()
    assert path == tmp_path / "c.docx" and not options.real_names
    assert dialog.real_names_box.text() == REAL_NAMES_LABEL
    dialog.show()
    assert not dialog.warning.isVisible()
    dialog.real_names_box.setChecked(True)
    dialog.author_edit.setText(" Ann Writer ")
    assert dialog.warning.isVisible()
    assert dialog.value()[1] == ExportOptions(real_names=True, author="Ann Writer")


def test_export_menu_action_uses_the_dialog(
    qtbot: QtBot, journal: Journal, entry_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.add_chapter("Menu chapter", [Section("S", 1, f"[[entry:{entry_id}]]")])
    out = tmp_path / "menu.docx"
    monkeypatch.setattr(
        ChapterExportDialog,
        "get_export",
        classmethod(lambda cls, suggested, parent=None, defaults=None: ((out, defaults), True)),
    )
    window = open_chapter_editor(journal)
    qtbot.addWidget(window)
    assert isinstance(window, ChapterEditorWindow) and window.isVisible()
    assert window.editor.title_edit.text() == "Menu chapter"
    window.export_action.trigger()
    qtbot.waitUntil(out.exists, timeout=20_000)
    qtbot.waitUntil(lambda: not window.editor.exporting(), timeout=20_000)


def test_closing_saves_unsaved_work(qtbot: QtBot, journal: Journal) -> None:
    chapter = journal.add_chapter("Draft", [Section("Only", 1, "Old.")])
    window = ChapterEditorWindow(journal)
    qtbot.addWidget(window)
    window.editor.load(chapter.id)
    window.editor.prose.setPlainText("New words.")
    window.close()
    assert journal.get_chapter(chapter.id).sections[0].body == "New words."


def test_main_window_opens_the_editor_from_the_file_menu(window: MainWindow, qtbot: QtBot) -> None:
    assert window.journal is not None
    window.journal.add_chapter("From the menu", [Section("S", 1, "Words.")])
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    assert window.menu_actions.chapters_action in file_menu.actions()
    window.menu_actions.chapters_action.trigger()
    editor_window = window._chapter_window
    assert isinstance(editor_window, ChapterEditorWindow) and editor_window.isVisible()
    assert editor_window.editor.title_edit.text() == "From the menu"
    window.menu_actions.chapters_action.trigger()
    assert window._chapter_window is editor_window  # one editor, raised again
    editor_window.editor.prose.setPlainText("Edited before the journal closed.")
    journal = window.journal
    chapter_id = editor_window.editor.chapter_id
    text_on_close: list[str] = []
    editor_window.editor.saved.connect(lambda c: text_on_close.append(c.sections[0].body))
    window.detach()  # closing the journal closes (and saves) the chapter window first
    assert text_on_close == ["Edited before the journal closed."]
    assert window._chapter_window is None and chapter_id and journal is not None


def test_quote_the_open_entry_into_the_chapter(window: MainWindow, qtbot: QtBot) -> None:
    journal, workspace = window.journal, window.workspace
    assert journal is not None and workspace is not None
    journal.add_chapter("Quoting", [Section("S", 1, "Intro.")])
    entry = journal.add_entry(title="Open one", body=BODY, occurred_at="2016-04-05")
    workspace.open_entry(entry.id)
    body = workspace.editor.body
    cursor = body.textCursor()
    start = BODY.index("the lunch club")
    cursor.setPosition(start)
    cursor.setPosition(start + len("the lunch club"), cursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)
    third_menu = window.menuBar().actions()[2].menu()
    assert isinstance(third_menu, QMenu)
    assert window.menu_actions.quote_action in third_menu.actions()
    window.menu_actions.quote_action.trigger()
    assert window._chapter_window is not None
    editor = window._chapter_window.editor
    assert f"[[quote:{entry.id[:8]}|the lunch club]]" in editor.prose.toPlainText()
    assert f"[[quote:{entry.id}|the lunch club]]" in editor.current_sections()[0].body
    compiled = journal.compile_chapter("Quoting", editor.current_sections())
    assert compiled.excerpt_count == 1


def test_tokens_are_highlighted_and_bad_ones_marked(editor: ChapterEditor) -> None:
    editor.outline_view.setCurrentIndex(editor.outline.index(0))
    editor.prose.setPlainText("Prose.\n[[entry:12345678]]\n[[memo:12345678]]")
    colours = []
    for number in range(3):
        ranges = editor.prose.document().findBlockByNumber(number).layout().formats()
        colours.append(ranges[0].format.foreground().color().name() if ranges else None)
    assert colours == [None, "#1d5c8c", "#aa3333"]


def test_delete_chapter_after_confirmation(
    editor: ChapterEditor, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fieldjournal.gui.chapters.editor as module

    answers = iter([False, True])
    monkeypatch.setattr(module, "confirm", lambda parent, question: next(answers))
    assert not editor.delete_chapter()
    assert len(journal.list_chapters()) == 1
    assert editor.delete_chapter()
    assert journal.list_chapters() == [] and editor.chapter_id is None
    assert not editor.prose.isEnabled() and editor.chapter_combo.count() == 0


def test_search_results_are_sources_of_excerpts(editor: ChapterEditor, journal: Journal) -> None:
    other = journal.add_entry(
        title="Unrelated", body="Weather notes only.", occurred_at="2016-06-01"
    )
    sources = editor.sources
    assert sources.entry_list.count() == 2  # recent entries when nothing is searched
    sources.entry_filter.setText("lunch club")
    sources.entry_filter.returnPressed.emit()
    assert sources.entry_list.count() == 1
    item = sources.entry_list.item(0)
    assert item.text().endswith("Steering group") and "lunch" in item.toolTip()
    mime = sources.entry_list.mimeData([item])
    assert mime.text() == f"[[entry:{item.data(Qt.ItemDataRole.UserRole)}]]"
    assert other.id not in mime.text()
    sources.entry_filter.clear()
    sources.entry_filter.returnPressed.emit()
    assert sources.entry_list.count() == 2


TWIN_IDS = ("5e6f7a8b-0000-4000-8000-00000000000a", "5e6f7a8b-0000-4000-8000-00000000000b")


def _twins(journal: Journal) -> None:
    """Two notes whose ids share their first 28 characters."""
    journal.import_lines(
        [
            json.dumps(
                {
                    "type": "entry",
                    "id": twin,
                    "kind": "fieldnote",
                    "title": f"Twin {n}",
                    "body": f"Twin note number {n}.",
                    "occurred_at": f"2016-05-0{n}T09:00Z",
                }
            )
            for n, twin in enumerate(TWIN_IDS, start=1)
        ]
    )


def test_the_draft_keeps_full_ids_and_shows_them_short(
    editor: ChapterEditor, journal: Journal
) -> None:
    _twins(journal)
    editor.outline_view.setCurrentIndex(editor.outline.index(0))
    for twin in TWIN_IDS:
        editor.insert_quote(twin, "")
    shown = [line for line in editor.prose.toPlainText().split("\n") if line.startswith("[[")]
    # the first short, the second as long as tells it from the first
    assert shown == ["[[entry:5e6f7a8b]]", f"[[entry:{TWIN_IDS[1]}]]"]
    saved = editor.save()
    assert saved is not None
    assert [f"[[entry:{t}]]" in saved.sections[0].body for t in TWIN_IDS] == [True, True]
    editor.load(saved.id)  # loaded again: short on screen, still full when saved
    assert editor.prose.toPlainText().count("[[entry:5e6f7a8b") == 2
    assert editor.current_sections()[0].body == saved.sections[0].body
    editor.side.show_preview()
    text = editor.preview.toPlainText()
    assert "Twin note number 1." in text and "Twin note number 2." in text


def test_a_bad_reference_is_marked_where_it_stands(
    editor: ChapterEditor, journal: Journal, tmp_path: Path
) -> None:
    _twins(journal)
    editor.outline_view.setCurrentIndex(editor.outline.index(0))
    editor.prose.setPlainText(
        "Before.\n\n[[entry:5e6f7a8b-0000]]\n\nBetween.\n\n[[memo:5e6f7a8b]]\n\n"
        f"[[entry:{TWIN_IDS[1]}]]\n\nAfter."
    )
    editor.side.show_preview()
    text = editor.preview.toPlainText()
    order = [
        "Before.",
        "[[entry:5e6f7a8b-0000]]",
        "names more than one entry",
        "Between.",
        "[[memo:5e6f7a8b]]",
        "unknown excerpt kind",
        "Twin note number 2.",
        "After.",
        "Second.",  # the next section renders too
    ]
    positions = [text.find(words) for words in order]
    assert -1 not in positions and positions == sorted(positions), text
    assert not editor.export_to(tmp_path / "bad.docx", ExportOptions())  # refused at save
    assert "unknown excerpt kind" in editor.status.text()
    assert not (tmp_path / "bad.docx").exists()


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768), (1920, 1080)])
def test_the_prose_is_the_widest_pane(
    qtbot: QtBot, journal: Journal, size: tuple[int, int]
) -> None:
    journal.add_chapter("Layout", [Section("One", 1, "Words.")])
    window = ChapterEditorWindow(journal)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    editor = window.editor
    outline, prose, side = (w.width() for w in (editor.outline_panel, editor.prose, editor.side))
    assert outline <= 260 and prose > side > 0 and prose > 2 * outline
    wide = size[0] >= 1500
    assert editor.side.side_by_side() is wide  # sources and preview: columns or tabs
    assert editor.sources.isVisible() and editor.preview.isVisible() is wide
    window.side_action.trigger()  # F9: the prose takes the side pane's room
    assert not editor.side.isVisible() and editor.prose.width() > prose
    window.side_action.trigger()
    assert editor.side.isVisible()
    window.preview_action.trigger()
    assert editor.preview.isVisible()
    assert "Words." in editor.preview.toPlainText()
    editor.prose.insertPlainText("More ")  # the preview follows the typing
    assert editor._preview_timer.isActive()


def test_export_dialog_offers_the_styles_and_a_journal_keeps_its_own(
    qtbot: QtBot, tmp_path: Path, journal: Journal
) -> None:
    dialog = ChapterExportDialog(tmp_path / "c.docx", defaults=ExportOptions(style="chicago"))
    qtbot.addWidget(dialog)
    assert [dialog.style_box.itemData(i) for i in range(dialog.style_box.count())] == [
        "apa",
        "harvard",
        "chicago",
        "chicago-17",
    ]
    assert dialog.value()[1].style == "chicago"
    dialog.style_box.setCurrentIndex(1)
    assert dialog.value()[1].style == "harvard"
    assert journal.citation_style() == "apa"
    assert journal.set_citation_style("harvard") == "harvard"
    assert journal.citation_style() == "harvard"
    with pytest.raises(FieldjournalError, match="no citation style"):
        journal.set_citation_style("mla")
