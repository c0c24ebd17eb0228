"""The body exactly as the journal keeps it, through Qt's text document and back.

A ``QTextDocument`` holds text as blocks: it takes ``\\n``, ``\\r``, ``\\r\\n`` and U+2029
alike as a block break, and ``toPlainText()`` writes every block break as ``\\n``, U+2028
as ``\\n`` and a no-break space as a space. A body is stored exactly as typed (pasted
minutes bring form feeds, U+2028 and U+2029 with them), so an entry opened and saved
again must not change. Here, each character other than ``\\n`` that the document would
take as a block break stands in the document as a private-use character of its own,
and the text is read back from the document's raw text (which keeps U+2028, the
no-break space and every control as they are). One character stands for one, so every
position (a coded segment's, a search match's) is the same in the editor and in the
journal.

A body holding these two private-use characters itself would read them back as what
they stand for; no script writes with them.
"""

from __future__ import annotations

PARAGRAPH_SEPARATOR = "\u2029"  # also what the raw text holds for each block break
STAND_INS = {"\r": "\ue00d", PARAGRAPH_SEPARATOR: "\ue029"}
_INTO = str.maketrans(STAND_INS)
_OUT = str.maketrans({PARAGRAPH_SEPARATOR: "\n", **{v: k for k, v in STAND_INS.items()}})


def to_document(text: str) -> str:
    """``text`` as it is given to the document (``setPlainText``, ``insertText``)."""
    return text.translate(_INTO)


def from_document(raw: str) -> str:
    """The journal's text from the document's raw text (``toRawText``, ``selectedText``)."""
    return raw.translate(_OUT)
