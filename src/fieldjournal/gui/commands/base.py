"""What every undoable edit shares: it is an action of the window's :class:`Operations`.

Commands keep ids, names, paths and words, never row objects, so they still work after
the entry or the codebook changed in between. Each ``apply`` and ``revert`` is one service
call, and it learns what to undo from the call's ``Outcome`` (what it created, what it
replaced) rather than by looking things up first. Push a command with :func:`push`: the
first run happens before it reaches the stack, so a refused edit leaves no dead entry in
the history. Undo and redo run through the runner too: what is typed is saved first, a
failure is reported where every refused action is, and the command is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from fieldjournal.domain.errors import FieldjournalError

if TYPE_CHECKING:
    from fieldjournal.domain.records import Outcome
    from fieldjournal.gui.operations import Operations


def push(stack: QUndoStack, command: JournalCommand, *, initiator: object | None = None) -> bool:
    """Run ``command`` once as an action, then put it on ``stack``; False if refused."""
    if command.ops.run(command.first_run, initiator=initiator or command) is None:
        return False
    stack.push(command)
    return True


class JournalCommand(QUndoCommand):
    """Base of every structural edit; subclasses write ``apply`` and ``revert``."""

    def __init__(self, ops: Operations, text: str) -> None:
        super().__init__(text)
        self.ops = ops
        self.journal = ops.journal
        self._done = False

    def first_run(self) -> list[Outcome[Any] | None]:
        """Apply, inside the runner; the outcome goes with it, so the screens get its records."""
        done = [self.apply()]
        self._done = True
        return done

    def redo(self) -> None:
        if self._done:
            return  # already applied by push()
        self._replay(self.apply, undoing=False)
        self._done = True

    def undo(self) -> None:
        self._replay(self.revert, undoing=True)
        self._done = False

    def refusal(self, undoing: bool) -> str:
        """How a failed replay of this step begins, so the message says which step failed."""
        return f"Cannot {self.text().lower()}"

    def _replay(self, step: Callable[[], Outcome[Any] | None], *, undoing: bool) -> None:
        def run() -> list[Outcome[Any] | None]:
            try:
                return [step()]
            except FieldjournalError as error:  # say which step of the history failed
                raise FieldjournalError(f"{self.refusal(undoing)}: {error}") from error

        if self.ops.run(run, initiator=self) is None:
            self.setObsolete(True)  # the runner said why; the stack drops the command

    def apply(self) -> Outcome[Any] | None:
        """The edit: one service call, whose outcome says what to undo."""
        raise NotImplementedError

    def revert(self) -> Outcome[Any] | None:
        """Its inverse: one service call (None when there was nothing to undo)."""
        raise NotImplementedError
