"""The exchange format keeps every line-breaking and control character.

Records are split at ``\\n`` only; U+2028, U+2029, U+0085, U+000B, U+000C, U+001C-U+001E
and every other control but NUL (which the journal stores as they are) survive export ->
import into a fresh journal -> export unchanged in every field, never split into broken
records; NUL, which storage cannot keep, is refused with the line's number; JSON nested
too deeply is refused the same way instead of exhausting Python's recursion.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldjournal import Journal
from fieldjournal.domain.errors import ImportFailed
from fieldjournal.domain.text import SPACE_SEPARATORS
from fieldjournal.exchange.jsonl import MAX_DEPTH, dump, parse_line, split_records

ALL_BREAKS = "\x85\u2028\u2029\x0b\x0c\x1c\x1d\x1e"

# Any text the journal stores, with the line breaks over-represented: every control
# character but NUL, and no lone surrogates.
stored_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(ALL_BREAKS + "\n\r\t "),
        st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    ),
    max_size=40,
)
one_line = stored_text.map(lambda t: t.translate({10: " ", 13: " ", 9: " "})).filter(
    lambda t: t.strip(" ") == t and t.strip() != ""
)


def test_records_are_split_only_at_newlines() -> None:
    text = '{"a":"x\u2028y"}\n{"b":"\x85"}\r\n\n'
    assert split_records(text) == ['{"a":"x\u2028y"}', '{"b":"\x85"}\r', ""]
    assert len(text.splitlines()) == 5  # what import used to do: records cut in pieces
    assert json.loads(split_records(text)[1]) == {"b": "\x85"}


def test_an_exported_line_holds_no_line_break_of_any_kind() -> None:
    line = dump({"type": "entry", "body": f"a{ALL_BREAKS}\nb"})
    assert len(line.splitlines()) == 1
    assert json.loads(line)["body"] == f"a{ALL_BREAKS}\nb"


@settings(max_examples=25)
@given(body=stored_text, title=one_line, name=one_line, memo=stored_text)
def test_line_breaks_survive_export_import_export(
    new_journal: Callable[[Path], Journal],
    tmp_path_factory: pytest.TempPathFactory,
    body: str,
    title: str,
    name: str,
    memo: str,
) -> None:
    folder = tmp_path_factory.mktemp("breaks")
    # A code name keeps its line separators too (only spaces and tabs fold between words).
    code = "Trust/" + name.translate({ord(c): "-" for c in "/ \t" + SPACE_SEPARATORS})
    with new_journal(folder / "a") as journal:
        journal.add_actor(name, notes=memo, role=title, pseudonym=title)
        assert journal.add_code(code, description=memo).path == code
        entry = journal.add_entry(
            title=title, body=body + "x", site=title, actors=[name], codes=[code]
        )
        journal.code_segment(entry.id, code, 0, len(body) + 1, memo=memo)
        journal.update_entry(entry.id, body=memo + "y")  # the first body becomes a revision
        first = list(journal.export_lines())
    text = "".join(line + "\n" for line in first)
    with new_journal(folder / "b") as copy:
        copy.import_lines(split_records(text))
        again = list(copy.export_lines())
    assert again == first
    bodies = [json.loads(line).get("body") for line in first]
    assert memo + "y" in bodies and body + "x" in bodies


def test_nul_is_refused_with_the_line_number() -> None:
    line = json.dumps({"type": "entry", "kind": "memo", "occurred_at": "2016-04-05", "body": "\0"})
    with pytest.raises(ImportFailed) as caught:
        parse_line(line, 7)
    assert str(caught.value).startswith("line 7: entry: body contains the control character")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_deep_nesting_is_refused_with_the_line_number(depth: int) -> None:
    line = '{"type": "entry", "actors": ' + "[" * depth + "]" * depth + "}"
    with pytest.raises(ImportFailed) as caught:
        parse_line(line, 3)
    assert str(caught.value).startswith("line 3: the JSON is nested more than")


def test_brackets_inside_strings_are_not_nesting() -> None:
    line = json.dumps(
        {"type": "entry", "kind": "memo", "occurred_at": "2016-04-05", "body": "[[[[" * 50}
    )
    record = parse_line(line, 1)
    assert record is not None


def test_a_whole_file_with_separators_imports(journal: Journal, tmp_path: Path) -> None:
    journal.add_entry(title="Town hall", body=f"first{ALL_BREAKS}\x07\x1bend")
    out = tmp_path / "out.jsonl"
    out.write_text("".join(line + "\n" for line in journal.export_lines()), encoding="utf-8")
    with Journal.open(tmp_path / "copy") as copy:
        copy.import_lines(split_records(out.read_text(encoding="utf-8")))
        assert copy.list_entries()[0].title == "Town hall"
        assert [e.body for e in copy.get_entries([journal.list_entries()[0].id])] == [
            f"first{ALL_BREAKS}\x07\x1bend"
        ]
