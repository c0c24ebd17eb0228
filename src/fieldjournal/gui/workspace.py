"""Everything shown for one open journal: navigator tabs, editor and inspector.

Built once the journal is open (after the window is on screen), replaced when another
journal is opened. It owns the journal's :class:`Operations`: every action of its screens
runs there, and each screen refreshes from the ``Changed`` it hands out, using the fresh
entries in it rather than reading them again. What another process commits (an import, a
script, the command line) arrives the same way: the journal is asked twice a second
(``Journal.changed_elsewhere``) and tells the same listeners.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QShowEvent, QTextCursor, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from fieldjournal.domain.enums import EntryKind, MemoTarget
from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.records import Entry
from fieldjournal.domain.timeutil import now
from fieldjournal.gui.actors.panel import ActorPanel
from fieldjournal.gui.codebook.panel import CodebookPanel
from fieldjournal.gui.commands.structure_edits import StructureEdits
from fieldjournal.gui.editor.coding import install_coding
from fieldjournal.gui.editor.entry_editor import EntryEditor
from fieldjournal.gui.editor.inspector import Inspector
from fieldjournal.gui.editor.inspector_window import InspectorWindow
from fieldjournal.gui.editor.revision_dialog import RevisionDialog
from fieldjournal.gui.editor.segment_marks import Utf16Map
from fieldjournal.gui.editor.text_history import TextHistory
from fieldjournal.gui.empty_hints import (
    MEMOS_EMPTY,
    TRASH_EMPTY,
    empty_page,
    timeline_empty,
)
from fieldjournal.gui.operations import Changed, Operations, Reread
from fieldjournal.gui.search.panel import SearchPanel
from fieldjournal.gui.settings import Preferences, writing_font
from fieldjournal.gui.timeline.entry_list import EntryList
from fieldjournal.gui.timeline.filter_bar import FilterBar
from fieldjournal.gui.widgets.at_completion import work_choices
from fieldjournal.gui.widgets.confirm import confirm
from fieldjournal.gui.widgets.icons import icon
from fieldjournal.gui.widgets.tab_order import tab_in_order
from fieldjournal.services.chapter_service import ExportOptions

if TYPE_CHECKING:
    from fieldjournal.domain.analysis import Behind
    from fieldjournal.domain.records import ChangeSet
    from fieldjournal.services.journal import Journal

TAB_TIMELINE, TAB_SEARCH, TAB_MEMOS, TAB_TRASH, TAB_CODES, TAB_ACTORS = range(6)
NAVIGATOR_WIDTH = (260, 410)  # the least and the most the lists take
INSPECTOR_WIDTH = (220, 290)
FOLDED_BELOW = 1200  # narrower (1024 px screens), the inspector starts folded away
ELSEWHERE_POLL_MS = 500  # how often the journal is asked what other processes changed


def pane_widths(total: int, tabs: int) -> list[int]:
    """Navigator, editor and inspector widths for a workspace ``total`` pixels wide whose
    navigator tabs need ``tabs``: the text being written gets the most. On a small screen
    the inspector starts folded (Ctrl+Shift+I, Ctrl+L or Ctrl+K open it)."""
    navigator = max(NAVIGATOR_WIDTH[0], min(NAVIGATOR_WIDTH[1], tabs))
    inspector = 0 if total < FOLDED_BELOW else min(INSPECTOR_WIDTH[1], int(total * 0.2))
    return [navigator, max(total - navigator - inspector, 1), inspector]


class Workspace(QSplitter):
    message = Signal(str)
    current_changed = Signal(object)  # Entry | None
    inspector_toggled = Signal(bool)  # shown; dragged shut or open by its splitter handle
    inspector_floated = Signal(bool)  # in a window of its own, or back in its pane
    excerpt_requested = Signal(str)  # a passage to quote in the chapter being written

    def __init__(self, journal: Journal, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.journal = journal
        self.ops = Operations(journal, self)
        self._watch_elsewhere()  # from now on, before any list is read
        self.edits = StructureEdits(self.ops, undo_stack)
        self.setObjectName("workspace")
        self.setChildrenCollapsible(False)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Navigator")
        self.tabs.setDocumentMode(True)
        self.timeline = EntryList(journal, "Timeline", empty=timeline_empty)
        self.filters = FilterBar()
        self.timeline.add_above(self.filters)
        self.search = SearchPanel(journal)
        self.memos = EntryList(
            journal, "Memos", EntryQuery(kind=EntryKind.MEMO), empty=lambda _q: MEMOS_EMPTY
        )
        self.trash = EntryList(
            journal, "Trash", EntryQuery(trashed=True), empty=lambda _q: TRASH_EMPTY
        )
        self.restore_button = QPushButton(icon("restore"), "Restore")
        self.restore_button.setAccessibleName("Restore selected entry from the trash")
        self.purge_button = QPushButton("Delete for good")
        self.purge_button.setAccessibleName("Delete selected entry for good")
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(self.purge_button)
        self.trash.add_below(buttons)
        self.tabs.addTab(self.timeline, "&Timeline")
        self.tabs.addTab(self.search, "&Search")
        self.tabs.addTab(self.memos, "Memos")
        self.tabs.addTab(self.trash, "Trash")
        self.codebook = CodebookPanel(self.ops, undo_stack)
        self.actors = ActorPanel(self.ops, undo_stack)
        self.tabs.addTab(self.codebook, "Codes")
        self.tabs.addTab(self.actors, "Actors")

        self.editor = EntryEditor(self.ops)
        self._body_font = QFont(self.editor.body.font())  # the preferences' default
        self.inspector = Inspector(journal)
        self.ops.set_flush(self._commit_typing)  # every action commits what is typed first
        self.coding = install_coding(
            self.editor.body, self.ops, undo_stack, lambda: self.editor.entry_id
        )
        self.history = TextHistory(self.editor, self.ops, undo_stack, self.open_entry)
        self.coding.segments_shown.connect(self.history.show_segments)
        self.centre = QStackedWidget()
        self.centre.addWidget(empty_page())
        self.centre.addWidget(self.editor)
        self.addWidget(self.tabs)
        self.addWidget(self.centre)
        self.addWidget(self.inspector)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setStretchFactor(2, 0)
        self.setCollapsible(2, True)  # on a small screen the inspector folds away
        self._laid_out = False  # sized to the screen on first show, unless restored
        self._inspector_width = INSPECTOR_WIDTH[1]
        self._inspector_window: InspectorWindow | None = None  # while it floats
        self.splitterMoved.connect(self._splitter_moved)
        f = self.filters
        tab_in_order(f.kind, f.actor, f.code, f.site, f.use_since, f.since, f.use_until, f.until)
        tab_in_order(f.until, self.timeline.view)  # the filters, then the list below them
        self._connect()
        self._refresh_names()
        self._refresh_works()
        self._sites: set[str] = set()
        self._site_reader = Reread(self.ops, journal.sites, self._show_sites)
        self._site_reader.start()  # a scan of every entry: off the GUI thread
        self._elsewhere = QTimer(self, interval=ELSEWHERE_POLL_MS)
        self._elsewhere.timeout.connect(self.look_elsewhere)
        self._elsewhere.start()

    def _connect(self) -> None:
        self.ops.changed.connect(self.apply_changes)
        self.filters.changed.connect(self.timeline.set_filter)
        for entries in (self.timeline, self.memos, self.trash):
            entries.entry_selected.connect(self.open_entry)
        self.search.entry_requested.connect(self.open_entry)
        self.search.passage_requested.connect(self.open_passage)
        self.search.excerpt_requested.connect(self.excerpt_requested)
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        self.editor.link_requested.connect(self._link_actor)
        self.editor.message.connect(self.message)
        self.inspector.link_actor.connect(self._link_actor)
        self.inspector.unlink_actor.connect(self._unlink_actor)
        self.inspector.add_code.connect(self._add_code)
        self.inspector.remove_code.connect(self._remove_code)
        self.inspector.segment_selected.connect(self.select_span)
        self.inspector.open_entry.connect(self.open_entry)
        self.inspector.new_memo_about.connect(lambda: self.new_entry(EntryKind.MEMO))
        self.inspector.link_memo.connect(self._link_memo)
        self.inspector.unlink_memo.connect(self._unlink_memo)
        self.inspector.view_revision.connect(self.view_revision)
        self.current_changed.connect(lambda entry: self.coding.refresh(entry, codes=False))
        self.current_changed.connect(lambda entry: self.centre.setCurrentIndex(int(bool(entry))))
        self.codebook.code_activated.connect(self.show_code)
        self.actors.entry_requested.connect(self.open_entry)

    # --- opening and creating --------------------------------------------------------
    @property
    def current(self) -> Entry | None:
        return self.editor.entry

    def open_entry(self, entry_id: str, terms: list[str] | None = None) -> Entry:
        """Show ``entry_id``; the entry shown stays when what is typed could not be saved."""
        if self.editor.entry_id != entry_id and self.ops.flush():
            entry = self.journal.get_entry(entry_id)
            self.editor.load(entry)
            self.inspector.show_entry(entry)
            self.current_changed.emit(entry)
        shown = self.editor.entry
        assert shown is not None
        for entries in (self.timeline, self.memos, self.trash):
            entries.show_entry(shown.id, emit=False)
        if terms:
            self.editor.body.highlight_terms(terms)
        return shown

    def new_entry(self, kind: EntryKind) -> Entry | None:
        """Capture: a new entry stamped now, cursor in its body; a memo is about the open entry.

        None when what is typed in the open entry could not be saved (nothing is created).
        """
        about = self.current
        linked = kind is EntryKind.MEMO and about is not None and about.deleted_at is None

        about_entry = about.id if linked and about is not None else None
        outcome = self.ops.run(
            lambda: self.journal.entries.add(kind=kind, occurred_at=now(), about_entry=about_entry),
            initiator=self,
        )
        if outcome is None:
            return None
        entry = outcome.value
        if self.tabs.currentIndex() == TAB_TRASH:
            self.tabs.setCurrentIndex(TAB_TIMELINE)
        self.open_entry(entry.id)
        self.editor.body.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return entry

    def trash_current(self) -> None:
        entry = self.current
        if (
            entry is not None
            and entry.deleted_at is None
            and self.edits.trash(entry.id, entry.title)
        ):
            self.message.emit(f"Moved “{entry.label}” to the trash")

    def restore_selected(self) -> None:
        entry_id = self.trash.selected_id() or (
            self.current.id if self.current and self.current.deleted_at else None
        )
        if entry_id:
            entry = self.journal.get_entry(entry_id)
            if self.edits.restore(entry_id, entry.title):
                self.message.emit(f"Restored “{entry.label}”")

    def purge_selected(self) -> None:
        entry_id = self.trash.selected_id()
        if entry_id and confirm(
            self, "Delete this entry for good? It cannot be restored or undone afterwards."
        ):
            self.ops.run(lambda: self.journal.entries.purge(entry_id), initiator=self)

    def show_code(self, path: str) -> None:
        """Filter the timeline by a code activated in the codebook."""
        combo = self.filters.code
        combo.setCurrentIndex(max(0, combo.findData(path)))
        self.tabs.setCurrentIndex(TAB_TIMELINE)

    def select_span(self, start: int, end: int) -> None:
        """Select code points ``[start, end)`` (the editor counts UTF-16 units)."""
        utf16 = Utf16Map(self.editor.body.toPlainText())
        cursor = self.editor.body.textCursor()
        cursor.setPosition(utf16.to_utf16(start))
        cursor.setPosition(utf16.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.editor.body.setTextCursor(cursor)
        self.editor.body.setFocus()

    def view_revision(self, revision_id: int) -> None:
        entry = self.current
        if entry is None:
            return
        revision = next(r for r in self.journal.revisions(entry.id) if r.id == revision_id)
        chosen, restore = RevisionDialog.ask_restore(revision, self)
        if not restore:
            return
        if self.edits.restore_revision(entry.id, chosen):  # shown from the Changed it brought
            self.message.emit(
                "Restored the earlier text; the text it replaced is a revision now "
                "(Ctrl+Z puts it back)"
            )

    # --- what the window asks of it (it never reaches into the panels) ------------------
    @property
    def entry_count(self) -> int:
        return self.timeline.model.total

    @property
    def coding_action(self) -> QAction:
        """Code > Apply code to selection (the editor's own shortcut)."""
        return self.coding.apply_action

    def save(self, *, loud: bool = False) -> bool:
        """Save what is typed now; False when refused (shown, as a dialog when ``loud``)."""
        return self.ops.flush(loud=loud)

    def focus_moved(self, old: QWidget, new: QWidget | None) -> None:
        """Save as soon as focus leaves the editor (another panel, another window); the
        inspector's fields commit as focus leaves them.

        Focus leaving for another window saves the text only: a name half typed in a
        field (Alt+Tab to look a spelling up) stays there, not made an actor.
        """
        if not self.isActiveWindow():
            self.save_text()
            return
        editor = self.editor
        if editor.isAncestorOf(old) and (new is None or not editor.isAncestorOf(new)):
            self.save()
        self.inspector.focus_moved(old, new)

    def save_text(self) -> bool:
        """Save the typed text, leaving names typed in the fields where they are."""
        return self.editor.save_now()

    def _commit_typing(self) -> bool:
        """The runner's flush: what is typed in the editor, then in the inspector's fields."""
        if not self.editor.commit():
            return False
        self.inspector.commit()
        return True

    def selected_quote(self) -> tuple[str, str] | None:
        """The open entry's id and its selected words, saved first (quotes are looked up
        in the stored text); None when nothing is open or the save was refused."""
        entry_id = self.editor.entry_id
        if entry_id is None or not self.save():
            return None
        return entry_id, self.editor.body.textCursor().selectedText().replace("\u2029", " ")

    def show_tab(self, number: int) -> None:
        self.tabs.setCurrentIndex(number)
        self.tabs.currentWidget().setFocus()

    def show_entries(self, behind: Behind, description: str) -> None:
        """List what a chart's mark counts in the search panel: entries and passages."""
        ids = frozenset(behind.entry_ids)
        entries = self.journal.list_entries(EntryQuery(ids=ids)) if ids else []
        self.tabs.setCurrentWidget(self.search)
        self.search.show_listed(entries, description, behind.passages)

    def open_passage(self, entry_id: str, start: int, end: int) -> None:
        if self.open_entry(entry_id).id == entry_id:  # not when what is typed was refused
            self.select_span(start, end)

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.search)
        self.search.focus_query()

    def focus_body(self) -> None:
        self.editor.body.setFocus()

    def focus_title(self) -> None:
        """Ctrl+T: the open entry's title, the cursor at its end (nothing selected to
        be replaced by a stray key); Ctrl+E goes back to the body."""
        if self.editor.entry is not None:
            self.editor.title.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.editor.title.end(False)

    @property
    def inspector_shown(self) -> bool:
        if self._inspector_window is not None:
            return self._inspector_window.isVisible()
        return self.inspector.isVisible() and self.sizes()[2] > 0

    @property
    def inspector_floating(self) -> bool:
        return self._inspector_window is not None

    def show_inspector(self, shown: bool) -> None:
        if self._inspector_window is not None:  # floating: its window is shown or hidden
            self._inspector_window.setVisible(shown)
            if shown:
                self._inspector_window.raise_()
            self.inspector_toggled.emit(shown)
            return
        self.inspector.setVisible(shown)
        sizes = self.sizes()
        if shown and sizes[2] == 0:  # it was folded: open it as wide as it was
            width = self._inspector_width
            self.setSizes([sizes[0], max(sizes[1] - width, 1), width])
        self.inspector_toggled.emit(self.inspector_shown)

    def float_inspector(self, floating: bool) -> None:
        """Put the inspector in a window of its own (the text then takes its room), or
        back in its pane; closing its window puts it back too."""
        if floating == self.inspector_floating:
            return
        if floating:
            navigator, text, pane = self.sizes()
            width = max(pane, self._inspector_width)
            window = InspectorWindow(self.inspector, self)
            window.docked.connect(lambda: self.float_inspector(False))
            self._inspector_window = window
            self.setSizes([navigator, text + pane])
            window.resize(width, max(self.height(), 400))
            corner = self.mapToGlobal(self.rect().topRight())
            window.move(corner.x() - width, corner.y())
            window.show()
        else:
            floated, self._inspector_window = self._inspector_window, None
            assert floated is not None
            navigator, text = self.sizes()[:2]
            self.insertWidget(2, self.inspector)
            self.setStretchFactor(2, 0)
            self.setCollapsible(2, True)
            self.inspector.show()
            width = self._inspector_width
            self.setSizes([navigator, max(text - width, 1), width])
            floated.hide()
            floated.deleteLater()
        self.inspector_floated.emit(floating)
        self.inspector_toggled.emit(self.inspector_shown)

    def _splitter_moved(self, *_: object) -> None:
        sizes = self.sizes()
        if len(sizes) > 2 and sizes[2] > 0:
            self._inspector_width = max(sizes[2], INSPECTOR_WIDTH[0])
        self.inspector_toggled.emit(self.inspector_shown)

    def saveState(self) -> QByteArray:
        """The panes' widths as they are with the inspector in its pane (where it starts)."""
        self.float_inspector(False)
        return super().saveState()

    def restoreState(self, state: QByteArray | bytes | bytearray | memoryview) -> bool:
        self._laid_out = super().restoreState(state)
        return self._laid_out

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._laid_out and self.width() > 0:
            self._laid_out = True
            self.setSizes(pane_widths(self.width(), self.tabs.tabBar().sizeHint().width()))
            self.inspector_toggled.emit(self.inspector_shown)

    def focus_actor_field(self) -> None:
        self._bring_inspector()
        self.inspector.focus_actor_field()

    def focus_code_field(self) -> None:
        self._bring_inspector()
        self.inspector.focus_code_field()

    def _bring_inspector(self) -> None:
        self.show_inspector(True)
        if self._inspector_window is not None:
            self._inspector_window.activateWindow()  # typing goes to its field

    def apply_preferences(self, preferences: Preferences) -> None:
        """Edit › Settings…: the writing font, and what Report to Word… offers first."""
        self.editor.body.setFont(writing_font(preferences, self._body_font))
        self.codebook.report_defaults = lambda: ExportOptions(
            author=preferences.author, citation=preferences.citation_style()
        )

    # --- structural edits --------------------------------------------------------------
    def _link_actor(self, name: str, role: str) -> None:
        if self.current is not None:
            self.edits.link_actor(self.current.id, name, role)

    def _unlink_actor(self, name: str) -> None:
        if self.current is not None:
            self.edits.unlink_actor(self.current.id, name)

    def _add_code(self, path: str) -> None:
        if self.current is not None:
            self.edits.add_code(self.current.id, path)

    def _remove_code(self, path: str) -> None:
        if self.current is not None:
            self.edits.remove_code(self.current.id, path)

    def _link_memo(self, target: MemoTarget, given: str) -> None:
        if self.current is not None:
            self.edits.link_memo(self.current.id, target, given)

    def _unlink_memo(self, target: MemoTarget, target_id: str, label: str) -> None:
        if self.current is not None:
            self.edits.unlink_memo(self.current.id, target, target_id, label)

    # --- refresh -----------------------------------------------------------------------
    def _watch_elsewhere(self) -> None:
        try:
            self.journal.changed_elsewhere()  # the first call starts watching
        except FieldjournalError as error:  # a damaged journal: its banner says so
            self.ops.report(error)

    def look_elsewhere(self) -> None:
        """Show what another process committed (the journal tells ``ops``' listener)."""
        try:
            self.journal.changed_elsewhere()
        except FieldjournalError as error:  # the journal cannot be read: said once
            self._elsewhere.stop()
            self.ops.report(error)

    def apply_changes(self, changed: Changed) -> None:
        changes, current = changed.changes, self.editor.entry_id
        for entries in (self.timeline, self.memos, self.trash):
            entries.apply_changes(changes, current, changed.entries)
        self.search.apply_changes(changes)
        if changes.actors or changes.codes:
            self._refresh_names()
        if changes.references:
            self._refresh_works()
        if self._sites_may_have_changed(changes):
            self._refresh_sites()
        if current is None:
            return
        if current in changes.removed_entries:
            kept = self.editor.keep_typing_of_removed()
            if kept is not None:  # deleted for good elsewhere while it was typed in
                self.open_entry(kept.id)
                self.message.emit(
                    f"This entry was deleted elsewhere; what you typed is kept as “{kept.label}”"
                )
                return
            self.editor.load(None)
            self.inspector.show_entry(None)
            self.current_changed.emit(None)
        elif current in changes.entries or changes.memos or changes.actors or changes.codes:
            self._refresh_current(current, changed)

    def _refresh_current(self, entry_id: str, changed: Changed) -> None:
        """Show the open entry as the action left it; read only when it was not handed over."""
        shown = self.editor.entry
        if shown is None:
            return
        fresh = changed.fresh(entry_id) or self.journal.get_entry(entry_id)
        changes = changed.changes
        text_moved = (fresh.body, fresh.title) != (shown.body, shown.title)
        trash_moved = (fresh.deleted_at is None) != (shown.deleted_at is None)
        own_save = changed.initiator is self.editor  # it shows what it saved already
        typing = self.editor.dirty
        if not own_save and (text_moved or trash_moved) and not typing:
            self.editor.load(fresh)  # the cursor stays on its words
        else:
            self.editor.refresh_links(fresh)
            if not own_save and (text_moved or trash_moved):
                self.editor.save_soon()  # written elsewhere while typed here: asks if need be
        self.inspector.show_entry(fresh, memos=changes.memos)
        self.current_changed.emit(fresh)

    def _sites_may_have_changed(self, changes: ChangeSet) -> bool:
        """Saving the open entry adds a site only if it is a new one; bulk changes may."""
        if len(changes.entries) > 1 or changes.removed_entries:
            return True
        shown = self.editor.entry
        if shown is not None and changes.entries == {shown.id}:
            return bool(shown.site) and shown.site not in self._sites
        return bool(changes.entries)

    def _refresh_sites(self) -> None:
        self._site_reader.start()

    def _show_sites(self, sites: list[str]) -> None:
        self._sites = set(sites)
        self.editor.set_sites(sites)
        self.filters.set_sites(sites)

    def _refresh_works(self) -> None:
        """The works a memo's `@` offers, from the bibliography."""
        self.editor.set_works(work_choices(self.journal.list_references()))

    def _refresh_names(self) -> None:
        actors = [a.name for a in self.journal.list_actors()]
        codes = [c.path for c in self.journal.list_codes()]
        self.editor.set_actor_names(actors)
        self.inspector.set_names(actors, codes)
        self.filters.set_names(actors, codes)

    def shutdown(self) -> None:
        """Save what is typed and stop listening; the window closes the journal."""
        self._elsewhere.stop()
        self.ops.flush()
        self.ops.close()
        self._site_reader.wait()
