"""Offered export file names are valid on every platform (Windows is the strictest)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from fieldjournal.domain.filenames import MAX_STEM, file_name

WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
DEVICES = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(10)),
    *(f"LPT{n}" for n in range(10)),
}


def test_names_people_give_chapters_and_codes() -> None:
    assert file_name("Trust: a study", ".docx") == "Trust - a study.docx"
    assert file_name("Code report: Trust/System trust", ".docx") == (
        "Code report - Trust - System trust.docx"
    )
    assert file_name("Chapter 3. ", ".docx") == "Chapter 3.docx"
    assert file_name("", ".docx", "chapter") == "chapter.docx"
    assert file_name("con", ".docx") == "con export.docx"
    assert file_name("../../etc/passwd", ".jsonl") == "etc - passwd.jsonl"
    assert file_name("Café in Zürich", ".docx") == "Café in Zürich.docx"


@given(st.text())
def test_any_title_gives_a_valid_name(title: str) -> None:
    name = file_name(title, ".docx")
    stem = name.removesuffix(".docx")
    assert name.endswith(".docx") and stem
    assert not WINDOWS_FORBIDDEN.search(name)
    assert stem == stem.strip(" .") and len(stem) <= MAX_STEM
    assert stem.split(".")[0].upper() not in DEVICES
    assert not stem.startswith(".")
