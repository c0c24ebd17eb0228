"""Show excerpt tokens in the prose editor: valid ones tinted, malformed ones in red."""

from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.chapter_tokens import parse_token


def _format(colour: str, background: str = "") -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if background:
        fmt.setBackground(QColor(background))
    return fmt


class TokenHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.valid = _format("#1d5c8c", "#eaf2fa")
        self.invalid = _format("#a33", "#fbeaea")

    def highlightBlock(self, text: str) -> None:
        try:
            ref = parse_token(text)
        except InvalidInput:
            self.setFormat(0, len(text), self.invalid)
            return
        if ref is not None:
            self.setFormat(0, len(text), self.valid)
