"""File names offered for exports: valid on Windows, macOS and Linux alike.

A chapter called "Trust: a study" or a code report for "Trust/System trust" must not
offer a name the researcher's file system refuses (``:`` on Windows, ``/`` everywhere) or
one that lands in another folder. Windows is the strictest: no ``<>:"/\\|?*``, no control
characters, no trailing dot or space, no device names (``CON``, ``NUL``, ``COM1``...).
"""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 120  # characters: well inside every file system's 255 bytes, with a suffix
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(10)}


def file_name(title: str, suffix: str, fallback: str = "export") -> str:
    """``title`` made a safe file name ending in ``suffix`` (e.g. ``.docx``)."""
    stem = unicodedata.normalize("NFC", title)
    stem = "".join(" " if unicodedata.category(c) in ("Zl", "Zp", "Cc", "Cf") else c for c in stem)
    stem = _FORBIDDEN.sub(" - ", stem)
    stem = re.sub(r"\s+", " ", stem)
    stem = re.sub(r"( - )+", " - ", stem).strip(" .-")
    stem = stem[:MAX_STEM].rstrip(" .-")
    if not stem or stem.split(".")[0].upper() in _DEVICES:
        stem = f"{stem} {fallback}".strip() if stem else fallback
    return stem + suffix
