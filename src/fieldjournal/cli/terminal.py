"""What reaches the terminal: the researcher's text, never the terminal's commands.

A note pasted from an e-mail or a web page can hold ESC sequences and other control
characters; printed raw they would recolour the terminal, move the cursor, rewrite what
was printed before or set the window's title. While a command runs, its human output
(stdout and stderr) goes through :class:`Visible`, which writes each control character
(C0 and C1 except newline and tab, DEL), each Unicode line or paragraph separator and
each bidirectional override or isolate as an escape that can be read
(``\\x1b``, ``\\u2028``): the text is shown, none of it is obeyed.

Data goes out unchanged: JSON (``print_json``: its escapes are JSON's own, so it stays
JSON) and the exchange format written to stdout use :func:`raw_stdout`; the progress bar
writes its carriage returns to :func:`raw_stderr`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

# Controls but \t and \n; Unicode line and paragraph separators; bidi embeddings,
# overrides and isolates (they reorder what is shown around them).
_SHOWN_ESCAPED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every character a terminal would obey written as an escape."""
    return _SHOWN_ESCAPED.sub(_escape, text)


def json_safe(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with the characters a terminal would obey
    written as JSON escapes: the same JSON value, and safe to show."""
    return _SHOWN_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class Visible:
    """A text stream that writes through ``visible``; everything else is the stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.raw = stream

    def write(self, text: str) -> int:
        self.raw.write(visible(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def raw_stdout() -> TextIO:
    """Standard output as it is, for data (JSON, the exchange format)."""
    return _raw(sys.stdout)


def raw_stderr() -> TextIO:
    """Standard error as it is, for the progress bar's carriage returns."""
    return _raw(sys.stderr)


def _raw(stream: Any) -> TextIO:
    raw: TextIO = stream.raw if isinstance(stream, Visible) else stream
    return raw


@contextmanager
def shown_visibly() -> Iterator[None]:
    """For the length of a command: what it prints, it prints visibly."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Visible(out), Visible(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
