"""The open entry (or chapter) was changed elsewhere while the researcher typed in it:
which text stays?

Shown when a save finds that the fields it changes were changed since the editor loaded
them (an import, a script, the command line). Both texts are shown side by side; nothing
is lost whichever is chosen unless the researcher takes the other text over their own, and
closing the dialog keeps both.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class Resolution(Enum):
    KEEP_MINE = "mine"  # save what is typed; the newer text becomes a revision
    TAKE_THEIRS = "theirs"  # show the newer text; what was typed is dropped
    KEEP_BOTH = "both"  # the newer text stays; what was typed becomes a new entry


class ConflictDialog(QDialog):
    def __init__(
        self,
        label: str,
        mine: str,
        theirs: str,
        parent: QWidget | None = None,
        subject: str = "entry",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed elsewhere")
        self.setAccessibleName(f"{subject.capitalize()} changed elsewhere")
        self.choice = Resolution.KEEP_BOTH
        intro = QLabel(
            f"“{label}” was changed elsewhere (an import, a script or the command line) "
            "while you were writing in it. Which text should it keep?"
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        for column, (heading, text, name) in enumerate(
            (("What you typed", mine, "Your text"), ("The newer text", theirs, "Newer text"))
        ):
            view = QPlainTextEdit(text)
            view.setReadOnly(True)
            view.setAccessibleName(name)
            caption = QLabel(f"<b>{heading}</b>")
            caption.setBuddy(view)
            grid.addWidget(caption, 0, column)
            grid.addWidget(view, 1, column)
        buttons = QDialogButtonBox()
        # An entry keeps its revisions; a chapter has none, so its newer text is replaced.
        replaced = "kept as a revision" if subject == "entry" else "replaced by yours"
        self.keep_mine = self._button(
            buttons, "Keep &mine", Resolution.KEEP_MINE, f"the newer text is {replaced}"
        )
        self.take_theirs = self._button(
            buttons, "Take &theirs", Resolution.TAKE_THEIRS, "what you typed is dropped"
        )
        self.keep_both = self._button(
            buttons, "Keep &both", Resolution.KEEP_BOTH, f"what you typed becomes a new {subject}"
        )
        self.keep_both.setDefault(True)
        buttons.rejected.connect(self.reject)  # Escape: keep both, nothing is lost
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def _button(
        self, buttons: QDialogButtonBox, text: str, choice: Resolution, tip: str
    ) -> QPushButton:
        button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setToolTip(tip[0].upper() + tip[1:])
        button.setAccessibleName(text.replace("&", ""))
        button.setAccessibleDescription(tip)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: Resolution) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(
        cls,
        label: str,
        mine: str,
        theirs: str,
        parent: QWidget | None = None,
        subject: str = "entry",
    ) -> tuple[Resolution, bool]:
        """The researcher's choice; ``(KEEP_BOTH, False)`` when the dialog was closed.

        ``subject`` names what changed ("entry", "chapter") in the dialog's words.
        """
        dialog = cls(label, mine, theirs, parent, subject)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return (dialog.choice if accepted else Resolution.KEEP_BOTH), accepted
