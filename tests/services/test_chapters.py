"""Chapters stored in the journal: import, list, edit, delete, and excerpt resolution."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
from sqlalchemy import event

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.domain.errors import AmbiguousId, InvalidInput, NotFound
from fieldjournal.domain.records import ChangeSet
from fieldjournal.exchange.chapter_blocks import ExcerptBlock, Placeholder
from tests.chapter_field import Field, chapter_text, options


def test_import_list_show_update_delete(journal: Journal, field: Field) -> None:
    seen: list[ChangeSet] = []
    journal.subscribe(seen.append)
    chapter = journal.import_chapter(chapter_text(field))
    assert chapter.title == "Delivery arms"
    assert [s.heading for s in chapter.sections] == [
        "",
        "Being the delivery arm",
        "Goodwill",
        "Memo",
    ]
    assert journal.get_chapter(chapter.id[:8]) == chapter
    assert [c.id for c in journal.list_chapters()] == [chapter.id]
    assert journal.chapter_text(chapter.id) == chapter_text(field)

    reordered = [chapter.sections[0], chapter.sections[3], chapter.sections[1]]
    updated = journal.update_chapter(chapter.id, title="Arms", sections=reordered)
    assert [s.heading for s in updated.sections] == ["", "Memo", "Being the delivery arm"]
    assert journal.get_chapter(chapter.id).title == "Arms"
    assert seen and all(change.chapters for change in seen)

    journal.delete_chapter(chapter.id[:9])
    assert journal.list_chapters() == []
    with pytest.raises(NotFound):
        journal.get_chapter(chapter.id)


def test_outline_rules_are_enforced(journal: Journal) -> None:
    with pytest.raises(InvalidInput, match="level 4"):
        journal.add_chapter("T", [Section("Deep", 4)])
    with pytest.raises(InvalidInput, match="section 2 needs a heading"):
        journal.add_chapter("T", [Section("A"), Section("")])
    with pytest.raises(InvalidInput, match="too short"):
        journal.get_chapter("abc")
    with pytest.raises(InvalidInput, match="control character U\\+0000"):
        journal.add_chapter("T", [Section("A", 1, "bad \x00 nul")])


def test_ambiguous_prefix_is_refused(journal: Journal) -> None:
    a = journal.add_chapter("A")
    b = journal.add_chapter("B")
    common = 0
    while a.id[common] == b.id[common]:
        common += 1
    if common >= 8:
        with pytest.raises(AmbiguousId):
            journal.get_chapter(a.id[:common])
    assert journal.get_chapter(a.id[: max(common + 1, 8)]).title == "A"


def test_quote_that_is_not_in_the_note_names_the_entry(journal: Journal, field: Field) -> None:
    sections = [Section("S", 1, f"[[quote:{field.board[:8]}|we were the delivery arm]]")]
    with pytest.raises(InvalidInput, match=r"not in entry 'Partnership board' \("):
        journal.compile_chapter("T", sections)


def test_references_stay_live(journal: Journal, field: Field) -> None:
    sections = [Section("S", 1, f"[[entry:{field.memo}]]")]
    before = journal.compile_chapter("T", sections, options(real_names=True))
    journal.update_entry(field.memo, body="Rewritten memo.")
    after = journal.compile_chapter("T", sections, options(real_names=True))
    texts = [b.paragraphs for b in (*before.blocks, *after.blocks) if isinstance(b, ExcerptBlock)]
    assert texts == [(field_memo_text(),), ("Rewritten memo.",)]
    journal.delete_entry(field.memo)
    with pytest.raises(InvalidInput, match="in the trash"):
        journal.compile_chapter("T", sections)


def field_memo_text() -> str:
    from tests.chapter_field import MEMO

    return MEMO


def test_code_token_takes_segments_and_coded_entries_oldest_first_each_passage_once(
    journal: Journal, field: Field
) -> None:
    later = journal.add_entry(
        title="Later", body="Trust came up again.", occurred_at="2017-01-01", codes=["Trust"]
    )
    passage = journal.code_segment(later.id, "Trust", 0, 5)  # inside the entry coded whole
    memo = journal.code_segment(field.memo, "Trust/Delivery arm", 0, 9)
    compiled = journal.compile_chapter("T", [Section("S", 1, "[[code:Trust]]")])
    excerpts = [b for b in compiled.blocks if isinstance(b, ExcerptBlock)]
    # the board is coded whole (System trust): its Delivery arm segment is not quoted again
    assert [b.note_id for b in excerpts] == [field.board, field.memo, later.id]
    assert "we are the delivery arm" in "\n".join(excerpts[0].paragraphs)
    assert excerpts[1].paragraphs == (memo.text,)
    assert excerpts[2].paragraphs == ("Trust came up again.",)
    assert passage.entry_id == later.id


def test_a_code_report_quotes_each_passage_once(journal: Journal, field: Field) -> None:
    journal.code_segment(field.board, "Trust/System trust", 0, 13)  # coded whole already
    draft = journal.chapters.report_draft("Trust")
    system = next(s for s in draft.sections if s.heading == "Trust/System trust")
    assert system.body == f"[[entry:{field.board}]]"


def test_withheld_excerpts_become_placeholders_with_a_warning(
    journal: Journal, field: Field
) -> None:
    compiled = journal.compile_chapter("T", [Section("S", 1, f"[[entry:{field.drop_in}]]")])
    (placeholder,) = [b for b in compiled.blocks if isinstance(b, Placeholder)]
    assert "not consented" in placeholder.text
    assert "Idris" not in placeholder.text and "Brannock" in placeholder.text
    assert compiled.warnings == (
        "excerpt of 'Lunch club drop-in' (12 May 2016, id "
        f"{field.drop_in[:8]}) withheld: Idris Penhallow (no quotes, linked)",
    )


def test_generated_pseudonyms_are_stable_and_reported(journal: Journal, field: Field) -> None:
    sections = [Section("S", 1, f"[[entry:{field.board}]]")]
    first = journal.compile_chapter("T", sections)
    journal.add_actor("Aled Trevenna")  # a newcomer must not renumber Zoë
    second = journal.compile_chapter("T", sections)
    assert first.generated == second.generated == (("Zoë Okafor", "[Participant 1]"),)
    text = "\n".join(p for b in second.blocks if isinstance(b, ExcerptBlock) for p in b.paragraphs)
    assert "[Participant 1] nodded." in text


def test_a_compiler_can_run_again_without_doubling(journal: Journal, field: Field) -> None:
    from fieldjournal.services.chapter_service import ExportOptions

    sections = (Section("S", 1, f"[[entry:{field.memo}]]"),)
    compiler = journal.chapters.compiler("T", sections, ExportOptions())
    first = compiler.result
    assert list(compiler.steps())[-1].done == 1
    assert compiler.result == first and first.excerpt_count == 1


def _queries_to_compile(journal: Journal, first: int, excerpts: int) -> int:
    """SQL statements a compile of notes ``first`` to ``first + excerpts`` runs (each quoted
    whole, by its words and by a coded segment)."""
    lines, tokens = [], []
    for n in range(first, first + excerpts):
        entry_id, segment_id = str(uuid.UUID(int=2 * n + 1)), str(uuid.UUID(int=2 * n + 2))
        body = f"The board met, {n} times over. Tea was served."
        entry = {"type": "entry", "id": entry_id, "kind": "fieldnote", "title": f"Visit {n}"}
        entry |= {"body": body, "occurred_at": "2016-04-05T10:00+01:00"}
        segment = {"type": "segment", "id": segment_id, "entry": entry_id, "code": "Trust"}
        lines += [json.dumps(entry), json.dumps(segment | {"start": 4, "end": 9})]
        tokens += [f"[[entry:{entry_id}]]", f"[[quote:{entry_id}|{n} times over]]"]
        tokens.append(f"[[segment:{segment_id}]]")
    journal.import_lines(lines)
    section = Section("Quotes", 1, "\n\n".join(tokens))
    statements: list[object] = []

    def count(*args: object) -> None:
        if threading.current_thread() is here:  # not the indexer catching up meanwhile
            statements.append(args[2])

    here = threading.current_thread()

    engine = journal.database.read_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        compiled = journal.compile_chapter("Ch", [section], options())
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert compiled.excerpt_count == 3 * excerpts
    return len(statements)


def test_resolving_excerpts_reads_the_journal_in_batches_not_per_excerpt(
    journal: Journal,
) -> None:
    """A 500-excerpt chapter once ran three queries per excerpt; now the count is flat."""
    journal.add_actor("Gwen Tallis", consent="no_quotes")
    assert _queries_to_compile(journal, 0, 40) == _queries_to_compile(journal, 40, 4)
