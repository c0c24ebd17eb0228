"""Any sequence of add / edit / delete / restore leaves search equal to a scan of the database."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Literal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldjournal import Journal
from fieldjournal.search.analysis import stem

WORDS = ["trust", "trusting", "belt", "café", "cafe", "sector", "voluntary", "ﻣﺮﺣﺒﺎ", "board"]
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join)
actions = st.lists(
    st.one_of(
        st.tuples(st.just("add"), texts, st.sampled_from(["fieldnote", "memo"])),
        st.tuples(st.just("edit"), st.integers(0, 20), texts),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("restore"), st.integers(0, 20)),
    ),
    min_size=1,
    max_size=12,
)
Step = (
    tuple[Literal["add"], str, str]
    | tuple[Literal["edit"], int, str]
    | tuple[Literal["delete", "restore"], int]
)


def scan(journal: Journal, word: str, kind: str | None) -> set[str]:
    """Brute force: live entries whose title or body holds a word with the same stem."""
    wanted = stem(word)
    out = set()
    for summary in journal.list_entries(kind=kind):
        entry = journal.get_entry(summary.id)
        words = re.findall(r"\w+", f"{entry.title} {entry.body}")
        if any(stem(w) == wanted for w in words):
            out.add(entry.id)
    return out


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(actions)
def test_search_equals_a_scan_of_the_database(steps: list[Step]) -> None:
    with tempfile.TemporaryDirectory() as folder, Journal.open(Path(folder) / "j") as journal:
        ids: list[str] = []
        for step in steps:
            if step[0] == "add":
                ids.append(journal.add_entry(title="n", body=str(step[1]), kind=str(step[2])).id)
            elif ids and step[0] == "edit":
                entry_id = ids[int(step[1]) % len(ids)]
                if journal.get_entry(entry_id).deleted_at is None:
                    journal.update_entry(entry_id, body=str(step[2]))
            elif ids and step[0] == "delete":
                entry_id = ids[int(step[1]) % len(ids)]
                if journal.get_entry(entry_id).deleted_at is None:
                    journal.delete_entry(entry_id)
            elif ids and step[0] == "restore":
                entry_id = ids[int(step[1]) % len(ids)]
                if journal.get_entry(entry_id).deleted_at is not None:
                    journal.restore_entry(entry_id)
        for word in ["trust", "cafe", "belt", "ﻣﺮﺣﺒﺎ"]:
            for kind in (None, "memo"):
                found = journal.search(word, kind=kind, limit=1000)
                assert {h.id for h in found.hits} == scan(journal, word, kind), (word, kind)
                assert found.total == len(found.hits)
        everything = journal.search("", limit=1000)
        assert [h.id for h in everything.hits] == [s.id for s in journal.list_entries()]
