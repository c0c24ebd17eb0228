"""The right-hand panel: what the open entry is linked to, and its earlier texts.

It only shows and asks: every change is emitted as a signal that the window turns into
an undoable command, so the inspector never edits the journal itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.enums import EntryKind, LinkRole, MemoTarget
from fieldjournal.domain.records import Entry
from fieldjournal.domain.wording import counted
from fieldjournal.gui.editor.memo_about import MemoAbout
from fieldjournal.gui.widgets.fitted_list import FittedList
from fieldjournal.gui.widgets.formatting import short_date
from fieldjournal.gui.widgets.icons import icon, kind_icon

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ENTRY_CHOICES = 300  # recent entries the About field's completer offers


def _list(name: str, rows: int, hint: str) -> QListWidget:
    """A list box sized to what it shows: up to ``rows`` rows, or its empty hint."""
    return FittedList(name, rows, hint)


def _completer(parent: QWidget) -> tuple[QCompleter, QStringListModel]:
    model = QStringListModel(parent)
    completer = QCompleter(model, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer, model


class Inspector(QScrollArea):
    link_actor = Signal(str, str)  # name, role
    unlink_actor = Signal(str)
    add_code = Signal(str)
    remove_code = Signal(str)
    segment_selected = Signal(int, int)  # start, end in the body
    open_entry = Signal(str)
    new_memo_about = Signal()
    link_memo = Signal(object, str)  # MemoTarget, entry id / actor name / code path
    unlink_memo = Signal(object, str, str)  # MemoTarget, target id, label
    view_revision = Signal(int)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._entry: Entry | None = None
        self.setWidgetResizable(True)
        self.setAccessibleName("Inspector")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._actors_box())
        layout.addWidget(self._codes_box())
        layout.addWidget(self._segments_box())
        layout.addWidget(self._memos_box())
        layout.addWidget(self._revisions_box())
        layout.addStretch(1)
        self.setWidget(body)
        self.show_entry(None)

    # --- sections ------------------------------------------------------------------
    def _actors_box(self) -> QGroupBox:
        box = QGroupBox("Actors")
        self.actors = _list(
            "Linked actors", 4, "No one linked yet: type a name below, or @ and a name in the text."
        )
        self.actor_name = QLineEdit()
        self.actor_name.setPlaceholderText("Link an actor…")
        self.actor_name.setAccessibleName("Actor to link")
        completer, self._actor_names = _completer(self)
        self.actor_name.setCompleter(completer)
        self.actor_role = QComboBox()
        self.actor_role.setAccessibleName("Link role")
        for role in LinkRole:
            self.actor_role.addItem(role.value, role.value)
        self.actor_name.returnPressed.connect(self._link_typed_actor)
        unlink = QPushButton("Unlink")
        unlink.setAccessibleName("Unlink selected actor")
        unlink.clicked.connect(self._unlink_selected_actor)
        add_row = QHBoxLayout()
        add_row.addWidget(self.actor_name, 1)
        add_row.addWidget(self.actor_role)
        layout = QVBoxLayout(box)
        layout.addWidget(self.actors)
        layout.addLayout(add_row)
        layout.addWidget(unlink, 0, Qt.AlignmentFlag.AlignRight)
        return box

    def _codes_box(self) -> QGroupBox:
        box = QGroupBox("Codes")
        self.codes = _list("Entry codes", 3, "No code on the whole entry: type one below (Ctrl+K).")
        self.code_path = QLineEdit()
        self.code_path.setPlaceholderText("Code this entry…")
        self.code_path.setAccessibleName("Code to add")
        completer, self._code_paths = _completer(self)
        self.code_path.setCompleter(completer)
        self.code_path.returnPressed.connect(self._add_typed_code)
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove selected code")
        remove.clicked.connect(self._remove_selected_code)
        layout = QVBoxLayout(box)
        layout.addWidget(self.codes)
        layout.addWidget(self.code_path)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)
        return box

    def _segments_box(self) -> QGroupBox:
        box = QGroupBox("Coded passages")
        self.segments = _list(
            "Coded passages", 4, "No passage coded: select words, then Ctrl+Shift+C."
        )
        self.segments.itemActivated.connect(self._segment_activated)
        self.segments.itemClicked.connect(self._segment_activated)
        layout = QVBoxLayout(box)
        layout.addWidget(self.segments)
        return box

    def _memos_box(self) -> QGroupBox:
        box = QGroupBox("Memos")
        self.memos_box = box
        self.about = MemoAbout(self._entry_choices)
        self.about.link.connect(self.link_memo)
        self.about.unlink.connect(self.unlink_memo)
        self.about.open_entry.connect(self.open_entry)
        self.memos = _list("Memos about this entry", 3, "No memo about this entry yet.")
        self.memos.itemActivated.connect(self._open_item)
        self.memos.itemDoubleClicked.connect(self._open_item)
        new = QPushButton("New memo about this entry")
        new.setAccessibleName("New memo about this entry")
        new.clicked.connect(self.new_memo_about.emit)
        self.new_memo_button = new
        layout = QVBoxLayout(box)
        layout.addWidget(self.about)
        layout.addWidget(self.memos)
        layout.addWidget(new, 0, Qt.AlignmentFlag.AlignRight)
        return box

    def _entry_choices(self) -> list[tuple[str, str]]:
        """Recent entries a memo can be about, labelled so that two of a title differ."""
        memo_id = self._entry.id if self._entry is not None else None
        return [
            (f"{s.label} — {short_date(s.occurred_at)} ({s.id[:8]})", s.id)
            for s in self._journal.list_entries(limit=ENTRY_CHOICES)
            if s.id != memo_id
        ]

    def _revisions_box(self) -> QGroupBox:
        box = QGroupBox("Revisions")
        self.revisions = _list("Revisions", 4, "No earlier version of this text yet.")
        self.revisions.itemActivated.connect(self._revision_activated)
        self.revisions.itemDoubleClicked.connect(self._revision_activated)
        view = QPushButton("View…")
        view.setAccessibleName("View selected revision")
        view.clicked.connect(self._view_selected_revision)
        layout = QVBoxLayout(box)
        layout.addWidget(self.revisions)
        layout.addWidget(view, 0, Qt.AlignmentFlag.AlignRight)
        return box

    # --- filling -------------------------------------------------------------------
    def set_names(self, actors: list[str], codes: list[str]) -> None:
        self._actor_names.setStringList(actors)
        self._code_paths.setStringList(codes)
        self.about.set_names(actors, codes)

    def show_entry(self, entry: Entry | None, *, memos: bool = True) -> None:
        """Show ``entry``; the memo list is read again only for another entry or ``memos``."""
        other = entry is None or self._entry is None or entry.id != self._entry.id
        self._entry = entry
        self.setEnabled(entry is not None)
        for widget in (self.actors, self.codes, self.segments, self.revisions):
            widget.clear()
        if other or memos:
            self.memos.clear()
        if entry is None:
            return
        for ref in entry.actors:
            item = QListWidgetItem(icon("actor"), f"{ref.name} — {ref.role.value}")
            item.setData(ID_ROLE, ref.name)
            self.actors.addItem(item)
        for path in entry.codes:
            item = QListWidgetItem(icon("code"), path)
            item.setData(ID_ROLE, path)
            self.codes.addItem(item)
        for segment in entry.segments:
            words = " ".join(segment.text.split())
            shown = words if len(words) <= 60 else words[:59] + "…"
            item = QListWidgetItem(f"{segment.code_path}: “{shown}”")
            item.setData(ID_ROLE, (segment.start, segment.end))
            item.setToolTip(segment.text)
            self.segments.addItem(item)
        if other or memos:
            self._fill_memos(entry)
        self._fill_revisions(entry)

    def _fill_memos(self, entry: Entry) -> None:
        """A memo shows what it is about (and takes more); another entry, its memos."""
        is_memo = entry.kind is EntryKind.MEMO
        self.memos_box.setTitle("About" if is_memo else "Memos")
        self.about.setVisible(is_memo)
        self.memos.setVisible(not is_memo)
        self.new_memo_button.setVisible(not is_memo)
        if is_memo:
            self.about.show_links(entry.memo_links)
            self.about.setEnabled(entry.deleted_at is None)
            return
        self.new_memo_button.setEnabled(entry.deleted_at is None)
        for memo in self._journal.memos_about(MemoTarget.ENTRY, entry.id):
            item = QListWidgetItem(kind_icon(memo.kind), memo.label)
            item.setData(ID_ROLE, memo.id)
            self.memos.addItem(item)

    def _fill_revisions(self, entry: Entry) -> None:
        for revision in reversed(self._journal.revisions(entry.id)):
            if not (revision.title or revision.body.strip()):
                continue  # the blank page a new entry started from: nothing to go back to
            words = len(revision.body.split())
            item = QListWidgetItem(
                f"{short_date(revision.saved_at.astimezone())} — {counted(words, 'word')}"
            )
            item.setData(ID_ROLE, revision.id)
            item.setToolTip(revision.title or revision.body[:200])
            self.revisions.addItem(item)

    # --- requests ------------------------------------------------------------------
    def focus_actor_field(self) -> None:
        self.actor_name.setFocus()
        self.actor_name.selectAll()

    def focus_code_field(self) -> None:
        self.code_path.setFocus()
        self.code_path.selectAll()

    def commit(self) -> None:
        """Link the actor and add the code typed in the fields: part of the flush, so what
        is typed there reaches the entry it was typed for before another opens, and
        before the window closes."""
        self._link_typed_actor()
        self._add_typed_code()
        if self._entry is not None and self._entry.kind is EntryKind.MEMO:
            self.about.commit()

    def focus_moved(self, old: QWidget, new: QWidget | None) -> None:
        """Commit a field when focus leaves it (the actor's row: its name and its role).

        A completer's list leaves the focus in its field; a combo box's list is inside it.
        """
        for row, commit in (
            ((self.actor_name, self.actor_role), self._link_typed_actor),
            ((self.code_path,), self._add_typed_code),
            ((self.about.kind, self.about.target), self.about.commit),
        ):
            if _within(old, row) and not _within(new, row):
                commit()

    def _link_typed_actor(self) -> None:
        name = self.actor_name.text().strip()
        if name and self._entry is not None:
            # Cleared first (and no typing to undo: Ctrl+Z now undoes the link): the link
            # runs the flush, which commits this field again.
            self.actor_name.setText("")
            self.link_actor.emit(name, self.actor_role.currentData())

    def _unlink_selected_actor(self) -> None:
        item = self.actors.currentItem()
        if item is not None:
            self.unlink_actor.emit(item.data(ID_ROLE))

    def _add_typed_code(self) -> None:
        path = self.code_path.text().strip()
        if path and self._entry is not None:
            self.code_path.setText("")  # first, as for an actor; Ctrl+Z undoes the coding
            self.add_code.emit(path)

    def _remove_selected_code(self) -> None:
        item = self.codes.currentItem()
        if item is not None:
            self.remove_code.emit(item.data(ID_ROLE))

    def _segment_activated(self, item: QListWidgetItem) -> None:
        start, end = item.data(ID_ROLE)
        self.segment_selected.emit(start, end)

    def _open_item(self, item: QListWidgetItem) -> None:
        entry_id = item.data(ID_ROLE)
        if entry_id:
            self.open_entry.emit(entry_id)

    def _revision_activated(self, item: QListWidgetItem) -> None:
        self.view_revision.emit(int(item.data(ID_ROLE)))

    def _view_selected_revision(self) -> None:
        item = self.revisions.currentItem()
        if item is not None:
            self._revision_activated(item)


def _within(widget: QWidget | None, row: tuple[QWidget, ...]) -> bool:
    """``widget`` is one of ``row`` or inside one (a combo box's own list, say)."""
    while widget is not None:
        if widget in row:
            return True
        widget = widget.parentWidget()
    return False
