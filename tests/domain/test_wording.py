"""Counts read as English: "1 entry", "2 entries", everywhere the CLI and the app print one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fieldjournal.domain.wording import counted, plural

SOURCE = Path(__file__).resolve().parents[2] / "src" / "fieldjournal"


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [
        (0, "entry", "0 entries"),
        (1, "entry", "1 entry"),
        (2, "entry", "2 entries"),
        (1_204, "coded passage", "1,204 coded passages"),
        (1, "person", "1 person"),
        (3, "person", "3 people"),
        (2, "match", "2 matches"),
        (2, "memo link", "2 memo links"),
        (2, "day", "2 days"),
        (1, "minute", "1 minute"),
    ],
)
def test_counted_is_singular_for_exactly_one(count: int, noun: str, text: str) -> None:
    assert counted(count, noun) == text


def test_an_explicit_plural_wins() -> None:
    assert counted(2, "index", "indices") == "2 indices"
    assert plural("index") == "indexes"


# A number in braces straight before a plural noun, or "(s)": the forms "1 entries" came from.
BARE_COUNT = re.compile(
    r"\{[^{}]*\} (entries|actors|codes|segments|sections|words|excerpts|records|problems"
    r"|people|codings|passages|revisions|minutes|hits|chapters)\b|\w\(s\)[ ;,.:!?'\"]"
)


def test_no_count_is_printed_without_counted() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}: {line.strip()}"
        for path in sorted(SOURCE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BARE_COUNT.search(line)
    ]
    assert found == []
