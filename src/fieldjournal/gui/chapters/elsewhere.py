"""The open chapter changed elsewhere while the chapter editor shows it.

A script, another window or a later tool may write the chapter the researcher is drafting.
Every save says which chapter it began from (``base``), so the journal refuses one that
would write over newer text unseen, and the researcher chooses, as for entries: keep mine
(written over the newer text), take theirs (what was typed is dropped), keep both (what was
typed becomes a new chapter; the editor shows the newer one). Closing the dialog keeps
both. With nothing typed, the editor shows the newer chapter as soon as it is told, on the
same section and place. A chapter deleted elsewhere while typed in becomes a new chapter
of what was typed; nothing typed is ever lost to a save that can never succeed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from fieldjournal.domain.chapters import Chapter, Section
from fieldjournal.domain.errors import EditConflict, NotFound
from fieldjournal.gui.editor.conflict_dialog import ConflictDialog, Resolution

if TYPE_CHECKING:
    from fieldjournal.gui.chapters.editor import ChapterEditor


def chapter_text(title: str, sections: Sequence[Section]) -> str:
    """A chapter as the conflict dialog shows it: the title, then headings and prose."""
    parts = [title]
    for section in sections:
        if section.heading:
            parts.append(f"{'#' * section.level} {section.heading}")
        if section.body:
            parts.append(section.body)
    return "\n\n".join(parts)


def copy_title(title: str) -> str:
    """The title of the chapter that keeps what was typed (as an entry's copy is named)."""
    return f"{title} (my version)" if title.strip() else "My version"


class ChapterGuard(QObject):
    """Saves the editor's draft without overwriting newer text, and follows the chapter
    when it changes elsewhere. ``base`` is the chapter as last read or saved."""

    def __init__(self, editor: ChapterEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.base: Chapter | None = None
        self.resolving = False  # the dialog is open: no other save until it is answered
        self._look_pending = False

    # --- saving --------------------------------------------------------------------------
    def save(self, title: str, sections: list[Section]) -> Chapter | None:
        """Write the draft over ``base``; the chapter now shown, or None when refused."""
        editor, base = self.editor, self.base
        if base is None or self.resolving:
            return None
        conflicts: list[EditConflict] = []
        gone: list[NotFound] = []

        def update() -> Chapter | None:
            try:
                return editor.journal.update_chapter(
                    base.id, title=title, sections=sections, base=base
                )
            except EditConflict as conflict:  # newer text elsewhere: the researcher decides
                conflicts.append(conflict)
            except NotFound as missing:  # deleted elsewhere: keep the typing as a new one
                gone.append(missing)
            return None

        chapter = editor.ops.run(update, initiator=editor)
        if conflicts:
            return self._settle(base, title, sections)
        if gone:
            return self._keep_as_new(title, sections, deleted=True)
        if chapter is not None:
            editor.took(chapter)
        return chapter

    def _settle(self, base: Chapter, title: str, sections: list[Section]) -> Chapter | None:
        editor = self.editor
        try:
            theirs = editor.journal.get_chapter(base.id)
        except NotFound:
            return self._keep_as_new(title, sections, deleted=True)
        self.resolving = True
        try:
            choice, _ = ConflictDialog.ask(
                theirs.title,
                chapter_text(title, sections),
                chapter_text(theirs.title, theirs.sections),
                editor,
                "chapter",
            )
        finally:
            self.resolving = False
        if choice is Resolution.KEEP_MINE:
            chapter = editor.ops.run(
                lambda: editor.journal.update_chapter(
                    base.id, title=title, sections=sections, base=theirs
                ),
                initiator=editor,
            )
            if chapter is not None:
                editor.took(chapter)
            return chapter
        if choice is Resolution.KEEP_BOTH:
            copy = self._add_copy(title, sections)
            if copy is None:
                return None
            editor.show_newer(theirs)
            editor.status.setText(
                f"What you typed is kept as a new chapter, “{copy.title}”; "
                "this one shows the newer text."
            )
            return theirs
        editor.show_newer(theirs)
        editor.status.setText("This chapter shows the newer text; what you typed was dropped.")
        return theirs

    def _keep_as_new(self, title: str, sections: list[Section], *, deleted: bool) -> Chapter | None:
        copy = self._add_copy(title, sections)
        if copy is None:
            return None
        self.editor.refresh_chapters()
        self.editor.show_newer(copy)
        if deleted:
            self.editor.status.setText(
                f"This chapter was deleted elsewhere; what you typed is kept as “{copy.title}”."
            )
        return copy

    def _add_copy(self, title: str, sections: list[Section]) -> Chapter | None:
        editor = self.editor
        named = copy_title(title)
        return editor.ops.run(lambda: editor.journal.add_chapter(named, sections), initiator=editor)

    # --- told of changes -------------------------------------------------------------------
    def changed_elsewhere(self) -> None:
        """Chapters changed outside this editor: look once the current event is handled
        (several commits told at once are one look)."""
        if not self._look_pending:
            self._look_pending = True
            QTimer.singleShot(0, self, self.look)

    def look(self) -> None:
        """Show the stored chapter if it moved and nothing is typed; ask if something is."""
        self._look_pending = False
        editor, base = self.editor, self.base
        if base is None or self.resolving:
            return
        try:
            stored = editor.journal.get_chapter(base.id)
        except NotFound:
            self._deleted(editor.is_modified)
            return
        if (stored.title, stored.sections) == (base.title, base.sections):
            return
        if editor.is_modified():
            editor.save()  # refused as stale: the researcher chooses now
        else:
            editor.show_newer(stored)
            editor.status.setText("This chapter was changed elsewhere; it shows the newer text.")

    def _deleted(self, typed: Callable[[], bool]) -> None:
        editor = self.editor
        if typed():
            editor.save()  # finds it gone: what is typed becomes a new chapter
            return
        title = self.base.title if self.base is not None else "The chapter"
        editor.forget()
        editor.status.setText(f"{title} was deleted elsewhere.")
