"""The centre of the window: one entry's fields and body, saved as the researcher types.

Autosave: every change restarts a short quiet-period timer, and a second timer that is
not restarted caps how long a change may stay unsaved, so steady typing is committed
too and a crash (even ``kill -9``) loses at most ``MAX_UNSAVED_MS``. Switching entries,
focus leaving the editor and closing the window save at once. A save is an action of the
window's :class:`Operations` with the editor as initiator, and it is the runner's flush:
every other action saves what is typed through it first. A save the disk refused (full,
locked) keeps the text here and is tried again on the same timer.

Every save says which entry it began from, so a save never overwrites unseen what an
import, a script or the command line wrote meanwhile: if a field it changes was changed
elsewhere, the researcher chooses (keep mine, take theirs, keep both as a copy). Reloading
the open entry with someone else's edit keeps the cursor on its words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.enums import EntryKind, LinkRole, MemoType
from fieldjournal.domain.errors import (
    EditConflict,
    FieldjournalError,
    JournalDamaged,
    StorageError,
)
from fieldjournal.domain.records import ChangeSet, Entry, Segment
from fieldjournal.domain.wording import counted
from fieldjournal.gui.editor.attendees_field import AttendeesField
from fieldjournal.gui.editor.body_edit import BodyEdit
from fieldjournal.gui.editor.conflict_dialog import ConflictDialog, Resolution
from fieldjournal.gui.editor.moment_field import MomentField
from fieldjournal.gui.editor.reading_place import ReadingPlace
from fieldjournal.gui.editor.typed_copies import copy_of, text_of, with_links
from fieldjournal.gui.widgets.buddy_label import buddy_label
from fieldjournal.gui.widgets.formatting import short_date

if TYPE_CHECKING:
    from fieldjournal.domain.records import Outcome
    from fieldjournal.gui.operations import Operations

QUIET_MS = 800  # save this long after the last keystroke
MAX_UNSAVED_MS = 1500  # and never leave a change unsaved longer than this
MEETING_PROMPT = "Agenda\n…\n\nWho said what\n…\n\nDecisions\n…"
MEETING_HEADINGS = "## Agenda\n\n\n## Who said what\n\n\n## Decisions\n\n"
# The fields a save may find changed elsewhere beside its own (then shown afresh).
SHOWN_FIELDS = (
    "title",
    "body",
    "site",
    "kind",
    "memo_type",
    "occurred_at",
    "ended_at",
    "deleted_at",
)


class EntryEditor(QWidget):
    """Emits ``saved(Entry)`` after each commit and ``link_requested(name, role)`` for `@`."""

    saved = Signal(object)
    link_requested = Signal(str, str)
    message = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._journal = ops.journal
        self._entry: Entry | None = None
        self._loading = False
        self._dirty = False
        self._resolving = False  # the conflict dialog is open: no save until it is answered
        # The segments typing moved since the last save, where it took them, as the
        # window's history follows them; a save puts them there (none without a history).
        self.segments_moved: Callable[[], Mapping[str, Segment | None]] = dict
        self._build()
        self._quiet = QTimer(self, singleShot=True, interval=QUIET_MS)
        self._quiet.timeout.connect(self.save_now)
        self._cap = QTimer(self, singleShot=True, interval=MAX_UNSAVED_MS)
        self._cap.timeout.connect(self.save_now)
        self.setEnabled(False)

    # --- construction --------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLineEdit()
        self.title.setPlaceholderText("Title")
        self.title.setAccessibleName("Entry title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setFrame(False)

        self.kind = QComboBox()
        self.kind.setAccessibleName("Entry kind")
        for kind in EntryKind:
            self.kind.addItem(kind.label, kind.value)
        self.memo_type = QComboBox()
        self.memo_type.setAccessibleName("Memo type")
        for memo_type in MemoType:
            self.memo_type.addItem(memo_type.value.capitalize(), memo_type.value)
        self.occurred = MomentField("Occurred at")
        self.has_end = QCheckBox()
        self.has_end.setAccessibleName("Has an end time")
        self.ended = MomentField("Ended at")
        self.site = QLineEdit()
        self.site.setPlaceholderText("Site")
        self.site.setAccessibleName("Site")
        self._site_names = QStringListModel(self)
        self._site_completer = QCompleter(self._site_names, self)
        self._site_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._site_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.site.setCompleter(self._site_completer)

        self.attendees = AttendeesField()
        # Enter, Tab, a click elsewhere, a name picked: each ends the typing and commits it.
        self.attendees.finished.connect(self._link_attendees)
        self.structure = QPushButton("Insert headings")
        self.structure.setToolTip("Insert headings for the agenda, who said what, and decisions")
        self.structure.setAccessibleName("Insert meeting structure")
        self.structure.clicked.connect(self._insert_structure)

        self.body = BodyEdit()
        self.word_count = QLabel()
        self.word_count.setAccessibleName("Word count")
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Save state")

        until = QHBoxLayout()
        until.addWidget(self.has_end)
        until.addWidget(self.ended, 1)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind)
        kind_row.addWidget(self.memo_type)
        kind_row.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(buddy_label("&Kind", self.kind), kind_row)
        form.addRow(buddy_label("&When", self.occurred.edit), self.occurred)
        form.addRow(buddy_label("En&ds", self.has_end), until)
        form.addRow(buddy_label("S&ite", self.site), self.site)
        self._attendee_row = QWidget()
        attendee_layout = QHBoxLayout(self._attendee_row)
        attendee_layout.setContentsMargins(0, 0, 0, 0)
        attendee_layout.addWidget(self.attendees, 1)
        attendee_layout.addWidget(self.structure)
        form.addRow(buddy_label("&Attendees", self.attendees), self._attendee_row)
        self._form = form
        footer = QHBoxLayout()
        footer.addWidget(self.saved_label)
        footer.addStretch(1)
        footer.addWidget(self.word_count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addLayout(footer)

        self.title.textEdited.connect(self._changed)
        self.site.textEdited.connect(self._changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.memo_type.currentIndexChanged.connect(self._changed)
        self.occurred.edited.connect(self._changed)
        self.ended.edited.connect(self._changed)
        self.has_end.toggled.connect(self._end_toggled)
        self.body.textChanged.connect(self._changed)
        self.body.actor_chosen.connect(
            lambda name: self.link_requested.emit(name, LinkRole.PRESENT.value)
        )

    # --- state ---------------------------------------------------------------------
    @property
    def entry(self) -> Entry | None:
        return self._entry

    @property
    def entry_id(self) -> str | None:
        return self._entry.id if self._entry else None

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def loading(self) -> bool:
        """Whether the fields are being filled from the journal (nothing typed)."""
        return self._loading

    def set_actor_names(self, names: list[str]) -> None:
        self.body.set_actor_names(names)
        self.attendees.set_names(names)

    def set_works(self, works: list[tuple[str, str]]) -> None:
        """The bibliography's works, which `@` offers in a memo (``work_choices``)."""
        self.body.set_works(works)

    def set_sites(self, sites: list[str]) -> None:
        self._site_names.setStringList(sites)

    def load(self, entry: Entry | None) -> bool:
        """Show ``entry``, saving the one shown before; False when that save was refused."""
        switching = self._entry is not None and (entry is None or entry.id != self._entry.id)
        if switching and not self.commit():
            return False
        place = None if switching or entry is None else self._place()
        self._entry = entry
        self._dirty = False
        self.attendees.forget_typing()
        self._quiet.stop()
        self._cap.stop()
        self._loading = True
        try:
            self._fill(entry)
            if place is not None:
                place.put_back(self.body)
        finally:
            self._loading = False
        self.setEnabled(entry is not None)
        self._update_word_count()
        return True

    def _place(self) -> ReadingPlace:
        cursor = self.body.textCursor()
        return ReadingPlace(
            self.body.toPlainText(),
            cursor.anchor(),
            cursor.position(),
            self.body.verticalScrollBar().value(),
            {line: line.cursorPosition() for line in (self.title, self.site) if line.hasFocus()},
        )

    def _fill(self, entry: Entry | None) -> None:
        if entry is None:
            for line in (self.title, self.site, self.attendees):
                line.clear()
            self.body.setPlainText("")
            self.saved_label.clear()
            return
        self.title.setText(entry.title)
        self.kind.setCurrentIndex(self.kind.findData(entry.kind.value))
        if entry.memo_type is not None:
            self.memo_type.setCurrentIndex(self.memo_type.findData(entry.memo_type.value))
        self.occurred.set_moment(to_minute(entry.occurred_at))
        self.has_end.setChecked(entry.ended_at is not None)
        self.ended.set_moment(to_minute(entry.ended_at or entry.occurred_at))
        self.ended.setEnabled(entry.ended_at is not None)
        self.site.setText(entry.site)
        self.attendees.show_names(a.name for a in entry.actors)
        if self.body.toPlainText() != entry.body:
            self.body.setPlainText(entry.body)
        self.body.clear_highlights()
        read_only = entry.deleted_at is not None
        for line in (self.title, self.site, self.attendees):
            line.setReadOnly(read_only)
        self.body.setReadOnly(read_only)
        for widget in (self.kind, self.memo_type, self.occurred, self.has_end):
            widget.setEnabled(not read_only)
        self.ended.setEnabled(not read_only and self.has_end.isChecked())
        self._show_kind(entry.kind)
        self.saved_label.setText(
            "In the trash (read only)"
            if read_only
            else f"Saved {short_date(entry.updated_at.astimezone())}"
        )

    def _show_kind(self, kind: EntryKind) -> None:
        self.memo_type.setVisible(kind is EntryKind.MEMO)
        self.body.offer_works(kind is EntryKind.MEMO)
        meeting = kind is EntryKind.MEETING
        self._form.setRowVisible(self._attendee_row, meeting)
        self.body.setPlaceholderText(MEETING_PROMPT if meeting else "Write…")

    def refresh_links(self, entry: Entry) -> None:
        """Take over links changed elsewhere (inspector, undo) without touching the text."""
        if self._entry is None or entry.id != self._entry.id:
            return
        self._entry = entry if not self._dirty else with_links(self._entry, entry)
        if not (self.attendees.hasFocus() or self.attendees.typed):  # names being typed
            self.attendees.show_names(a.name for a in entry.actors)

    def save_soon(self) -> None:
        """Save once the current event is handled: the entry changed elsewhere while
        something is typed, and the researcher is asked now rather than at the autosave."""
        QTimer.singleShot(0, self, self.save_now)

    # --- changes and saving --------------------------------------------------------
    def _changed(self, *_: Any) -> None:
        if self._loading or self._entry is None:
            return
        self._dirty = True
        self.saved_label.setText("Editing…")
        self._update_word_count()
        self._quiet.start()
        if not self._cap.isActive():
            self._cap.start()

    def _kind_changed(self) -> None:
        self._show_kind(EntryKind(self.kind.currentData()))
        self._changed()

    def _end_toggled(self, on: bool) -> None:
        self.ended.setEnabled(on)
        self._changed()

    def pending_changes(self) -> dict[str, Any]:
        """The fields that differ from the saved entry."""
        entry = self._entry
        if entry is None:
            return {}
        changes: dict[str, Any] = {}
        if self.title.text().strip() != entry.title:
            changes["title"] = self.title.text()
        body = self.body.toPlainText()
        if body != entry.body:
            changes["body"] = body
        if self.site.text().strip() != entry.site:
            changes["site"] = self.site.text()
        kind = EntryKind(self.kind.currentData())
        memo_type = MemoType(self.memo_type.currentData()) if kind is EntryKind.MEMO else None
        if kind is not entry.kind or memo_type != entry.memo_type:
            changes["kind"] = kind.value
            changes["memo_type"] = memo_type.value if memo_type else None
        occurred = self.occurred.moment()  # None: not understood, so not saved
        if occurred is not None and occurred != to_minute(entry.occurred_at):
            changes["occurred_at"] = occurred
        if not self.has_end.isChecked():
            if entry.ended_at is not None:
                changes["ended_at"] = None
        else:
            ended = self.ended.moment()
            saved = to_minute(entry.ended_at) if entry.ended_at is not None else None
            if ended is not None and ended != saved:
                changes["ended_at"] = ended
        return changes

    def date_problems(self) -> list[str]:
        """The When and Ends values typed that do not parse, and why (not saved)."""
        return [
            f"{label}: “{field.text()}” was not saved: {field.problem()}"
            for label, field in self._date_fields()
            if field.problem() is not None
        ]

    def _date_fields(self) -> list[tuple[str, MomentField]]:
        """When, and Ends when the entry has an end: the date fields a save reads."""
        ends = [("Ends", self.ended)] if self.has_end.isChecked() else []
        return [("When", self.occurred), *ends]

    def commit(self) -> bool:
        """Save what is typed and link the attendees typed: the editor's flush.

        The autosave timers only save (:meth:`save_now`): a name half typed in Attendees
        during a pause must not become an actor. Everything else that ends the typing
        commits the names too: focus leaving the field or the editor, another entry
        opened, any action, the window closing.
        """
        if not self.save_now():
            return False
        self._link_attendees()
        for problem in self.date_problems():
            self.message.emit(problem)
        return True

    def save_now(self) -> bool:
        """Commit what is typed; False when it was refused (the runner shows why).

        The typed text is kept either way.
        """
        if self._resolving:
            return False
        self._quiet.stop()
        self._cap.stop()
        if self._entry is None or not self._dirty:
            return True
        changes = self.pending_changes()
        self._dirty = False
        if not changes:
            self.saved_label.setText("Saved")
            self._note_unsaved_dates()
            return True
        base, text_saved = self._entry, []
        storage: list[StorageError] = []
        conflicts: list[EditConflict] = []

        def save() -> Outcome[Entry] | None:
            try:
                return self._journal.entries.update(
                    base.id, autosave=True, base=base, placed=self._placed(base, changes), **changes
                )
            except EditConflict as conflict:  # newer words elsewhere: the researcher decides
                conflicts.append(conflict)
                return None
            except StorageError as error:  # the disk, not the text: nothing else to try
                storage.append(error)
                raise
            except FieldjournalError:
                text_saved.extend(self._save_text_only(base, changes))
                raise

        outcome = self._ops.run(save, initiator=self, flush=False)
        if conflicts:
            return self._settle_conflict(base, changes)
        if outcome is None:
            self._dirty = True
            self.saved_label.setText("Not saved")
            if storage:
                self._storage_failed(storage[0])
            elif text_saved:
                self._entry = text_saved[0]  # the refused fields still differ from it
                self.saved_label.setText("Text saved; fix the highlighted problem to save the rest")
            return False
        self._took(outcome, base, changes)
        self._note_unsaved_dates()
        return True

    def _note_unsaved_dates(self) -> None:
        """ "Saved" must not claim a date that was not understood (shown beside it)."""
        unread = [label for label, field in self._date_fields() if field.problem() is not None]
        if unread:
            self.saved_label.setText(f"Saved, except {' and '.join(unread)}: not understood")

    def _placed(self, base: Entry, changes: dict[str, Any]) -> dict[str, Segment | None]:
        """The segments the typing moved, where it took them (see ``segments_moved``):
        only those the entry had, and only on their own words in the text saved."""
        if "body" not in changes:
            return {}
        body, known = changes["body"], {s.id for s in base.segments}
        return {
            key: place
            for key, place in self.segments_moved().items()
            if key in known and (place is None or body[place.start : place.end] == place.text)
        }

    def _took(self, outcome: Outcome[Entry], base: Entry, changes: dict[str, Any]) -> None:
        """A save went through: show it, and what was changed elsewhere beside it."""
        entry = self._entry = outcome.value
        self.saved_label.setText(f"Saved {short_date(entry.updated_at.astimezone())}")
        self._report_dropped(outcome.changes)
        if any(f not in changes and getattr(entry, f) != getattr(base, f) for f in SHOWN_FIELDS):
            self.load(entry)  # a site or a time changed elsewhere while the body was typed
        self.saved.emit(entry)

    def _settle_conflict(self, base: Entry, changes: dict[str, Any]) -> bool:
        """A field this save changes was changed elsewhere since ``base``: ask which stays.

        Keep mine saves what is typed over the newer text (which becomes a revision);
        take theirs shows the newer text; keep both (also when the dialog is closed) puts
        what is typed in a new entry and shows the newer text here.
        """
        self._dirty = True  # until it is settled, what is typed is not saved
        self._resolving = True
        try:
            theirs = self._journal.get_entry(base.id)
            mine = text_of(changes.get("title", base.title), changes.get("body", base.body))
            choice, _ = ConflictDialog.ask(
                theirs.label, mine, text_of(theirs.title, theirs.body), self
            )
        finally:
            self._resolving = False
        if choice is Resolution.KEEP_MINE:
            outcome = self._ops.run(
                lambda: self._journal.entries.update(base.id, base=theirs, **changes),
                initiator=self,
                flush=False,
            )
            if outcome is None:
                self.saved_label.setText("Not saved")
                self._cap.start()
                return False
            self._dirty = False
            self._took(outcome, theirs, changes)
            return True
        if choice is Resolution.KEEP_BOTH:
            copy = self._ops.run(
                lambda: self._journal.entries.add(**copy_of(base, changes)),
                initiator=self,
                flush=False,
            )
            if copy is None:
                self.saved_label.setText("Not saved")
                self._cap.start()
                return False
            self.message.emit(
                f"What you typed is kept as a new entry, “{copy.value.label}”; "
                "this one shows the newer text"
            )
        self.load(theirs)
        return True

    def took_saved(self, outcome: Outcome[Entry]) -> None:
        """The window's history saved the body itself (it undid or redid typing, with
        the segments' places): what is shown is saved."""
        self._quiet.stop()
        self._cap.stop()
        self._dirty = False
        entry = self._entry = outcome.value
        self.saved_label.setText(f"Saved {short_date(entry.updated_at.astimezone())}")
        self._update_word_count()
        self._report_dropped(outcome.changes)
        self.saved.emit(entry)

    def keep_typing_of_removed(self) -> Entry | None:
        """The open entry was deleted for good elsewhere: what is typed in it and not yet
        saved becomes a new entry (returned), instead of a save that can never succeed."""
        base = self._entry
        if base is None or not self._dirty:
            return None
        changes = self.pending_changes()
        if not changes:
            return None
        self._quiet.stop()
        self._cap.stop()
        self._entry, self._dirty = None, False  # nothing left to save into
        copy = self._ops.run(
            lambda: self._journal.entries.add(**copy_of(base, changes)),
            initiator=self,
            flush=False,
        )
        if copy is None:  # refused (the disk): keep showing the words, to be copied
            self._entry, self._dirty = base, True
            return None
        return copy.value

    def _storage_failed(self, error: StorageError) -> None:
        """The disk is full, the file is locked...: the text stays here and is tried again.

        The autosave timer tries again (the runner puts each refusal in the status bar),
        so the text is saved as soon as there is room; switching entries and closing wait
        for it. A damaged journal is read-only: no retry, the words stay to be copied.
        """
        self.saved_label.setText("Not saved: " + _first_clause(str(error)))
        if not isinstance(error, JournalDamaged):
            self._cap.start()

    def _save_text_only(self, base: Entry, changes: dict[str, Any]) -> list[Entry]:
        """A refused field (say, an end before the start) must not cost the typed text."""
        text = {k: v for k, v in changes.items() if k in ("title", "body")}
        if not text or len(text) == len(changes):
            return []
        try:
            return [self._journal.entries.update(base.id, autosave=True, base=base, **text).value]
        except FieldjournalError:
            return []  # the runner reports the first error

    def _report_dropped(self, changes: ChangeSet) -> None:
        if changes.dropped_segments:
            paths = sorted({s.code_path for s in changes.dropped_segments})
            count = len(changes.dropped_segments)
            self.message.emit(
                f"Your edit deleted all the words of {counted(count, 'coded passage')} "
                f"({', '.join(paths)}); "
                "they were removed. Undo the typing to bring the words back."
            )

    # --- meetings ------------------------------------------------------------------
    def _insert_structure(self) -> None:
        cursor = self.body.textCursor()
        cursor.insertText(MEETING_HEADINGS)
        self.body.setFocus()

    def _link_attendees(self) -> None:
        """Link every named attendee not linked yet (as present)."""
        if self._entry is None:
            return
        for name in self.attendees.take_unlinked(a.name for a in self._entry.actors):
            self.link_requested.emit(name, LinkRole.PRESENT.value)

    def _update_word_count(self) -> None:
        words = len(self.body.toPlainText().split())
        self.word_count.setText(counted(words, "word"))


def to_minute(moment: datetime) -> datetime:
    """The fields show and edit minutes: compare what is saved at the same precision."""
    return moment.replace(second=0, microsecond=0)


def _first_clause(message: str) -> str:
    """``the disk is full`` of ``the disk is full: ...``, for the save state."""
    return message.split(":", 1)[0].split(" (", 1)[0]
