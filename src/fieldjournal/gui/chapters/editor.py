"""The chapter editor: outline, prose, excerpts from the journal, preview, export to DOCX.

The editor works on a draft of one chapter: outline changes are undoable commands on the
outline model, saved at once (and again when undone); prose uses the text editor's own
undo and is saved with the outline, on Save, on switching chapters, on close, and as it
is typed (a pause, or every second and a half of steady typing, as entries are). A save
writes the whole draft with one ``Journal.update_chapter`` call that says which chapter the
draft began from, so newer text written elsewhere is never overwritten unseen (see
``elsewhere``). Export saves first, then
runs the export generator on a worker thread through the window's runner, with a progress
dialog whose Cancel stops it before anything is written. Everything goes through the facade.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QResizeEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.chapters import Chapter, ExcerptKind, ExcerptRef, Section
from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.domain.filenames import file_name
from fieldjournal.gui.chapters.elsewhere import ChapterGuard
from fieldjournal.gui.chapters.export_dialog import REAL_NAMES_LABEL, ChapterExportDialog
from fieldjournal.gui.chapters.outline_model import BodyRole, OutlineModel
from fieldjournal.gui.chapters.preview import WARNING_STYLE, preview_html
from fieldjournal.gui.chapters.prose_edit import ChapterProseEdit
from fieldjournal.gui.chapters.side_pane import SidePane
from fieldjournal.gui.chapters.sources import ExcerptSources
from fieldjournal.gui.commands.outline import (
    AddSection,
    MoveSection,
    RemoveSection,
    RenameSection,
    SetLevel,
)
from fieldjournal.gui.operations import Changed, Operations
from fieldjournal.gui.settings import Preferences, writing_font
from fieldjournal.gui.widgets.at_completion import work_choices
from fieldjournal.gui.widgets.confirm import confirm
from fieldjournal.gui.widgets.contrast_style import caution_colour
from fieldjournal.gui.widgets.empty_state import EmptyState
from fieldjournal.gui.widgets.errors import message_for
from fieldjournal.gui.widgets.export_progress import ExportProgress
from fieldjournal.gui.widgets.export_report import report_html
from fieldjournal.services.chapter_service import ExportOptions, ExportReport
from fieldjournal.services.journal import Journal

OUTLINE_WIDTH = (150, 260)  # the outline column's narrowest and widest
PROSE_MIN_WIDTH = 320
SIDE_BY_SIDE_WIDTH = 1500  # from this width sources and preview stand side by side
PREVIEW_DELAY_MS = 700
AUTOSAVE_QUIET_MS = 800  # save this long after the last keystroke
AUTOSAVE_MAX_MS = 1500  # and never leave typing unsaved longer than this


class ChapterEditor(QWidget):
    """Edit one chapter at a time; ``chapter_id`` is None until a chapter is loaded."""

    saved = Signal(object)  # Chapter
    exported = Signal(object)  # ExportReport

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.chapter_id: str | None = None
        self.undo_stack = QUndoStack(self)
        self.outline = OutlineModel(parent=self)
        self.outline.moveRequested.connect(self.move_section)
        self.outline.renameRequested.connect(self.rename_section)
        self._current_row = -1
        self._prose_dirty = False
        self._loading = False
        self._shared = False  # the splitter's widths are set on the first resize
        self.undo_stack.indexChanged.connect(self._outline_changed)
        self.guard = ChapterGuard(self)  # saves never overwrite newer text unseen
        # Autosave, as the entry editor does: a short pause in the typing saves, and steady
        # typing is saved at least this often, so a crash or a kill loses seconds, not a
        # session's draft.
        self._quiet = QTimer(self, singleShot=True, interval=AUTOSAVE_QUIET_MS)
        self._cap = QTimer(self, singleShot=True, interval=AUTOSAVE_MAX_MS)
        for timer in (self._quiet, self._cap):
            timer.timeout.connect(self._autosave)
        self._build()
        self.refresh_chapters()
        # The window's own runner: its drafts are saved as actions, refusals shown in its
        # status line, and what other windows change reaches the excerpt sources.
        self.ops = Operations(journal, self)
        self.ops.changed.connect(self._journal_changed)
        self.ops.failed.connect(lambda error, _loud, _who: self.show_error(message_for(error)))

    # --- layout ---------------------------------------------------------------------
    def _build(self) -> None:
        self.chapter_combo = QComboBox()
        self.chapter_combo.setAccessibleName("Chapter")
        self.chapter_combo.activated.connect(self._chapter_chosen)
        new = QPushButton("New chapter…")
        new.clicked.connect(self._ask_new_chapter)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Chapter title")
        self.title_edit.setAccessibleName("Chapter title")
        self.title_edit.textEdited.connect(self._mark_dirty)
        top = QHBoxLayout()
        top.addWidget(QLabel("Chapter"))
        top.addWidget(self.chapter_combo, 1)
        top.addWidget(new)
        top.addWidget(QLabel("Title"))
        top.addWidget(self.title_edit, 2)

        self.outline_view = QListView()
        self.outline_view.setAccessibleName("Outline")
        self.outline_view.setModel(self.outline)
        self.outline_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.outline_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.outline_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.outline_view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.outline_empty = EmptyState(self.outline_view, self._outline_hint, margin=8)
        outline_buttons = QHBoxLayout()
        outline_buttons.setSpacing(2)
        for label, name, slot in (
            ("+", "Add section", self.add_section),
            ("−", "Remove section", self.remove_current_section),
            ("↑", "Move section up", lambda: self._shift(-1)),
            ("↓", "Move section down", lambda: self._shift(1)),
            ("←", "Raise heading level", lambda: self._relevel(-1)),
            ("→", "Lower heading level", lambda: self._relevel(1)),
        ):
            button = QToolButton()
            button.setText(label)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.clicked.connect(slot)
            outline_buttons.addWidget(button)
        outline_buttons.addStretch(1)
        outline_label = QLabel("&Outline")
        outline_label.setBuddy(self.outline_view)
        outline_label.setToolTip("Drag to reorder, double-click or F2 to rename")
        self.outline_panel = QWidget()
        self.outline_panel.setMinimumWidth(OUTLINE_WIDTH[0])
        self.outline_panel.setMaximumWidth(OUTLINE_WIDTH[1])
        outline_layout = QVBoxLayout(self.outline_panel)
        outline_layout.setContentsMargins(0, 0, 0, 0)
        outline_layout.addWidget(outline_label)
        outline_layout.addWidget(self.outline_view)
        outline_layout.addLayout(outline_buttons)

        self.prose = ChapterProseEdit()
        self._prose_font = QFont(self.prose.font())  # the preferences' default
        self.export_defaults = ExportOptions()  # what the export dialog offers first
        self._export: ExportProgress | None = None  # the export under way
        self.prose.setAccessibleName("Section text")
        self.prose.textChanged.connect(self._prose_changed)
        self.prose.setMinimumWidth(PROSE_MIN_WIDTH)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Chapter preview")
        self.preview_real_names = QCheckBox(REAL_NAMES_LABEL)
        self.preview_real_names.toggled.connect(self.refresh_preview)
        preview_panel = QWidget()
        preview_layout = QVBoxLayout(preview_panel)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_real_names)
        preview_layout.addWidget(self.preview)
        self.sources = ExcerptSources(self.journal)
        self.sources.tokenChosen.connect(self.insert_token)
        self.side = SidePane(self.sources, preview_panel)
        self.side.previewShown.connect(self.refresh_preview)
        # The preview follows the typing, a moment after it pauses.
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)

        # A writing tool's layout: the outline a narrow column, the prose the widest pane
        # in the middle, sources and preview a side pane (hidden or shown, tabs or columns).
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.outline_panel)
        self.split.addWidget(self.prose)
        self.split.addWidget(self.side)
        self.split.setChildrenCollapsible(False)
        for index, stretch in enumerate((0, 1, 0)):
            self.split.setStretchFactor(index, stretch)
        self.status = QLabel()
        self.status.setAccessibleName("Export status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.status)
        self._enable(False)

    def _outline_hint(self) -> str:
        """What an empty outline says: how to start a chapter, or a section."""
        if self.chapter_id is not None:
            return "No sections yet: + below adds one."
        if self.chapter_combo.count():
            return "No chapter open: choose one above, or start a new chapter."
        return "No chapter yet: New chapter… above (File › New chapter…) starts one."

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Sources and preview stand side by side when the window is wide enough."""
        super().resizeEvent(event)
        wide = event.size().width() >= SIDE_BY_SIDE_WIDTH
        if wide != self.side.side_by_side() or not self._shared:
            self.side.set_side_by_side(wide)
            self._share_width()

    def _share_width(self) -> None:
        """The outline narrow, the side pane a quarter (two fifths with two columns),
        the prose the rest."""
        total = max(self.width(), 1)
        outline = (OUTLINE_WIDTH[0] + OUTLINE_WIDTH[1]) // 2
        side = 0
        if not self.side.isHidden():
            side = total * 2 // 5 if self.side.side_by_side() else total // 4
        self.split.setSizes([outline, max(total - outline - side, PROSE_MIN_WIDTH), side])
        self._shared = True

    def show_side_pane(self, on: bool) -> None:
        """View › Sources and preview: the prose may take the whole width."""
        self.side.setVisible(on)
        self._share_width()
        if on and self.side.preview_visible():
            self.refresh_preview()

    def _enable(self, on: bool) -> None:
        for widget in (self.title_edit, self.outline_view, self.prose, self.side.preview):
            widget.setEnabled(on)

    # --- chapters -------------------------------------------------------------------
    def refresh_chapters(self) -> None:
        self.refresh_chapter_list()
        self.sources.refresh()
        self.refresh_works()

    def refresh_chapter_list(self) -> None:
        """The chapters the combo offers, as they are stored now."""
        self.chapter_combo.clear()
        for summary in self.journal.list_chapters():
            self.chapter_combo.addItem(summary.title, summary.id)
        if self.chapter_id:
            self.chapter_combo.setCurrentIndex(self.chapter_combo.findData(self.chapter_id))

    def refresh_works(self) -> None:
        """The works `@` offers in the prose, from the bibliography."""
        self.prose.set_works(work_choices(self.journal.list_references()))

    def _journal_changed(self, changed: Changed) -> None:
        """Notes, codes or references changed elsewhere: the excerpt sources and the works
        offered show them as they are now."""
        changes = changed.changes
        if changes.chapters and changed.initiator is not self:  # a script, another window
            self.refresh_chapter_list()
            self.guard.changed_elsewhere()
        if changes.entries or changes.removed_entries or changes.codes or changes.segments:
            self.sources.refresh()
        if changes.references:
            self.refresh_works()

    def _chapter_chosen(self, index: int) -> None:
        self.show_chapter(self.chapter_combo.itemData(index))

    def show_chapter(self, chapter_id: str | None) -> None:
        """Show another chapter (chosen here, or on a reference's page), saving this one."""
        if chapter_id and chapter_id != self.chapter_id:
            if self.is_modified():
                self.save()
            self.load(chapter_id)

    def _ask_new_chapter(self) -> None:
        title, accepted = QInputDialog.getText(self, "New chapter", "Title")
        if accepted and title.strip():
            self.new_chapter(title)

    def new_chapter(self, title: str) -> Chapter | None:
        sections = [Section("Introduction", 1, "")]
        chapter = self.ops.run(lambda: self.journal.add_chapter(title, sections), initiator=self)
        if chapter is None:
            return None
        self.refresh_chapters()
        self.load(chapter.id)
        self.prose.setFocus()  # its Introduction, ready to write
        return chapter

    def load(self, chapter_id: str | Chapter) -> Chapter:
        """Show a chapter (read when given its id); what it shows is what a save began from."""
        chapter = (
            chapter_id if isinstance(chapter_id, Chapter) else self.journal.get_chapter(chapter_id)
        )
        self.guard.base = chapter
        self._loading = True
        self.chapter_id = chapter.id
        self.title_edit.setText(chapter.title)
        self._current_row = -1
        self.outline.set_sections(list(chapter.sections))
        self.undo_stack.clear()
        self._enable(True)
        self.chapter_combo.setCurrentIndex(self.chapter_combo.findData(chapter.id))
        if chapter.sections:
            self.outline_view.setCurrentIndex(self.outline.index(0))
        else:
            self.prose.clear()
        self._prose_dirty = False
        self.undo_stack.setClean()
        self.status.clear()
        self._loading = False
        return chapter

    def delete_chapter(self) -> bool:
        """Delete the chapter shown (after asking); the notes it quotes are not touched."""
        if self.chapter_id is None:
            return False
        title = self.title_edit.text() or "this chapter"
        if not confirm(self, f"Delete the chapter {title!r}? Its notes stay in the journal."):
            return False
        chapter_id = self.chapter_id
        if self.ops.run(lambda: self.journal.delete_chapter(chapter_id), initiator=self) is None:
            return False
        self.forget()
        self.status.setText(f"Deleted {title}.")
        return True

    def forget(self) -> None:
        """The chapter shown is gone: show none."""
        self.chapter_id = self.guard.base = None
        self._loading = True
        self.outline.set_sections([])
        self.title_edit.clear()
        self.prose.clear()
        self.undo_stack.clear()
        self._loading = False
        self._prose_dirty = False
        self._enable(False)
        self.refresh_chapters()

    def show_newer(self, chapter: Chapter) -> None:
        """Show the chapter as stored now, on the section and at the place shown before."""
        row, place = self.current_row(), self.prose.textCursor().position()
        self.load(chapter)
        self.refresh_chapter_list()
        if 0 <= row < self.outline.rowCount():
            self.outline_view.setCurrentIndex(self.outline.index(row))
            cursor = self.prose.textCursor()
            cursor.setPosition(min(place, len(self.prose.toPlainText())))
            self.prose.setTextCursor(cursor)

    def _outline_changed(self) -> None:
        """An outline edit (or its undo) is saved at once, like every structural change."""
        if not self._loading and self.chapter_id is not None:
            self.save()

    def is_modified(self) -> bool:
        return self.chapter_id is not None and (self._prose_dirty or not self.undo_stack.isClean())

    def _mark_dirty(self) -> None:
        self._prose_dirty = True
        self._quiet.start()
        if not self._cap.isActive():
            self._cap.start()

    def _autosave(self) -> None:
        self._quiet.stop()
        self._cap.stop()
        if self.is_modified() and not self.guard.resolving:
            self.save()

    def current_sections(self) -> list[Section]:
        self._store_prose()
        return self.outline.sections()

    def save(self) -> Chapter | None:
        """Write the draft to the journal; errors show in the status line.

        If the chapter changed elsewhere since it was shown, the researcher chooses which
        text stays; the chapter shown afterwards is returned (None: refused).
        """
        if self.chapter_id is None:
            return None
        return self.guard.save(self.title_edit.text(), self.current_sections())

    def took(self, chapter: Chapter) -> None:
        """A save went through: what is shown is what is stored."""
        self._quiet.stop()
        self._cap.stop()
        self.guard.base = chapter
        self._prose_dirty = False
        self.undo_stack.setClean()
        self.status.setText(f"Saved {chapter.title}.")
        self.saved.emit(chapter)

    def show_error(self, message: str) -> None:
        colour = caution_colour(QGuiApplication.palette()).name()
        self.status.setText(f'<span style="color:{colour}">{message}</span>')

    # --- outline --------------------------------------------------------------------
    def current_row(self) -> int:
        return self.outline_view.currentIndex().row()

    def add_section(self, heading: str = "New section", level: int | None = None) -> None:
        row = self.current_row()
        if level is None:
            level = self.outline.section(row).level if row >= 0 else 1
        self._store_prose()
        self.undo_stack.push(
            AddSection(self.outline, row + 1, Section(heading or "New section", level, ""))
        )
        self.outline_view.setCurrentIndex(self.outline.index(row + 1))

    def remove_current_section(self) -> None:
        row = self.current_row()
        if row >= 0:
            self._store_prose()
            self._current_row = -1
            self.undo_stack.push(RemoveSection(self.outline, row))

    def rename_section(self, row: int, heading: str) -> None:
        self.undo_stack.push(RenameSection(self.outline, row, heading))

    def move_section(self, source: int, destination: int) -> None:
        self._store_prose()
        self._current_row = -1
        self.undo_stack.push(MoveSection(self.outline, source, destination))
        self.outline_view.setCurrentIndex(self.outline.index(destination))

    def _shift(self, delta: int) -> None:
        row = self.current_row()
        if row >= 0 and 0 <= row + delta < self.outline.rowCount():
            self.move_section(row, row + delta)

    def _relevel(self, delta: int) -> None:
        row = self.current_row()
        if row >= 0:
            level = max(1, min(3, self.outline.section(row).level + delta))
            if level != self.outline.section(row).level:
                self.undo_stack.push(SetLevel(self.outline, row, level))

    # --- prose ----------------------------------------------------------------------
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._store_prose()
        self._current_row = current.row()
        self.prose.blockSignals(True)
        self.prose.show_draft(self.outline.section(current.row()).body if current.isValid() else "")
        self.prose.blockSignals(False)
        self.prose.setEnabled(current.isValid())

    def _store_prose(self) -> None:
        row = self._current_row
        if 0 <= row < self.outline.rowCount():
            text = self.prose.draft()
            if text != self.outline.section(row).body:
                self.outline.setData(self.outline.index(row), text, BodyRole)

    def _prose_changed(self) -> None:
        self._mark_dirty()
        if self.side.preview_visible():
            self._preview_timer.start()

    def insert_token(self, token: str) -> None:
        """Put an excerpt token at the cursor of the prose editor (a paragraph of its own)."""
        if self.current_row() < 0:
            self.show_error("Choose or add a section first.")
            return
        self.prose.insert_token(token)
        self.prose.setFocus()

    def insert_quote(self, entry_id: str, words: str) -> None:
        """For an open entry: quote the selected words, or the whole entry if none."""
        words = " ".join(words.split())
        kind = ExcerptKind.QUOTE if words else ExcerptKind.ENTRY
        self.insert_token(ExcerptRef(kind, entry_id, words).token)

    # --- preview and export ---------------------------------------------------------
    def refresh_preview(self) -> None:
        """Compile the draft as it is on screen; a reference that cannot be quoted is
        marked where it stands and the rest renders."""
        self._preview_timer.stop()
        if self.chapter_id is None:
            return
        options = ExportOptions(
            real_names=self.preview_real_names.isChecked(),
            sources=True,
            style=self.journal.citation_style(),
        )
        try:
            compiled = self.journal.compile_chapter(
                self.title_edit.text(), self.current_sections(), options, problems_in_place=True
            )
        except FieldjournalError as error:
            self.preview.setHtml(f'<p style="{WARNING_STYLE}">{escape(str(error))}</p>')
            return
        self.preview.setHtml(preview_html(compiled))

    def export_chapter(self) -> bool:
        """File > Export chapter to DOCX: ask where and how, then export with progress."""
        if self.chapter_id is None or self.exporting() or self.save() is None:
            return False
        suggested = Path.home() / file_name(self.title_edit.text(), ".docx", "chapter")
        defaults = replace(self.export_defaults, style=self.journal.citation_style())
        chosen, accepted = ChapterExportDialog.get_export(suggested, self, defaults)
        if not accepted or chosen is None:
            return False
        style = chosen[1].style
        if style != defaults.style:  # the journal keeps the style last chosen
            self.ops.run(lambda: self.journal.set_citation_style(style), initiator=self)
        return self.export_to(*chosen)

    def apply_preferences(self, preferences: Preferences) -> None:
        """Edit › Settings… in the main window: the writing font and the export's author."""
        self.prose.setFont(writing_font(preferences, self._prose_font))
        self.export_defaults = ExportOptions(
            author=preferences.author, citation=preferences.citation_style()
        )

    def export_to(self, path: Path, options: ExportOptions) -> bool:
        """Save, then export on a worker thread through the runner, with progress and
        Cancel; ``exported`` carries the report. False when it could not start."""
        chapter_id = self.chapter_id
        if chapter_id is None or self.exporting() or self.save() is None:
            return False
        export = ExportProgress(self.ops, "Export chapter to DOCX", self)
        export.finished.connect(self._exported)
        self._export = export
        self.status.setText("Exporting the chapter…")
        started = export.start(
            lambda: self.journal.export_chapter_steps(chapter_id, path, options), initiator=self
        )
        if not started:
            self._export = None
        return started

    def exporting(self) -> bool:
        """Whether an export is under way (one at a time: the dialog is window-modal)."""
        return self._export is not None

    def stop_export(self, timeout: float | None = 60) -> None:
        """Closing the window: cancel the export under way and wait until its worker is
        done, so it never writes through a journal or window that is gone."""
        if self._export is not None:
            self._export.cancel.set()
            self.ops.wait(timeout)

    def _exported(self, report: ExportReport | None) -> None:
        export, self._export = self._export, None
        if report is not None:
            self._report(report)
            self.exported.emit(report)
        elif export is not None and export.cancel.is_set():
            self.status.setText("Export cancelled; no file was written.")
        # A refusal is in the status line already: the runner reported it (show_error).

    def _report(self, report: ExportReport) -> None:
        self.status.setText(report_html(report))
