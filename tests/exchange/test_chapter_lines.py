"""A citation's kind, date and site repeat across a chapter's excerpts: the compiler makes
each line once, and what it reports stays what every excerpt contributed."""

from __future__ import annotations

from datetime import UTC, datetime

from fieldjournal.domain.chapters import ExcerptKind, ExcerptRef, Section
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.pseudonyms import NameRule
from fieldjournal.exchange.chapter_blocks import Excerpt, ExcerptBlock, Note
from fieldjournal.exchange.chapter_compiler import ChapterCompiler
from fieldjournal.exchange.names.replacer import Pseudonymiser

RULES = [NameRule("Margaret Holloway", ("Margaret Holloway",), "[Participant 3]", generated=True)]


def compile_two(site: str) -> tuple[list[str], tuple[str, ...], list[str]]:
    refs = [ExcerptRef(ExcerptKind.ENTRY, f"{n:08d}") for n in range(2)]
    resolved: dict[ExcerptRef, tuple[Excerpt, ...]] = {
        ref: (
            Excerpt(
                Note(
                    ref.target, EntryKind.MEETING, "Board", datetime(2016, 3, 3, tzinfo=UTC), site
                ),
                "The board met.",
            ),
        )
        for ref in refs
    }
    body = "\n\n".join(ref.token for ref in refs)
    names = Pseudonymiser(RULES)
    compiled = ChapterCompiler("Trust", [Section("One", 1, body)], resolved, names).result
    citations = [b.citation for b in compiled.blocks if isinstance(b, ExcerptBlock)]
    return citations, compiled.warnings, [r.actor for r in names.generated_used()]


def test_each_excerpt_counts_its_removed_characters() -> None:
    citations, warnings, _ = compile_two("Mill\x07brook\x08 offices")
    assert len(citations) == 2 and all("Millbrook offices" in c for c in citations)
    assert any("4 control characters" in w for w in warnings), warnings  # two each


def test_a_name_in_a_repeated_site_is_replaced_in_every_citation_and_counted_used() -> None:
    citations, _, used = compile_two("Margaret Holloway's kitchen")
    assert len(citations) == 2
    assert all("[Participant 3]" in c and "Holloway" not in c for c in citations)
    assert used == ["Margaret Holloway"]


def test_a_token_sharing_its_line_with_words_is_reported_where_it_stands() -> None:
    """Words typed on a token's line make it prose: printed as it stands, quoting nothing.
    The preview and the export report say so, with the line; a token alone is quiet."""
    alone = ExcerptRef(ExcerptKind.ENTRY, "00000002")
    note = Note(alone.target, EntryKind.MEETING, "Board", datetime(2016, 3, 3, tzinfo=UTC), "")
    body = f"Opening words.\n\n[[entry:00000001]] and what I typed after it\n\n{alone.token}"
    names = Pseudonymiser(RULES)
    resolved: dict[ExcerptRef, tuple[Excerpt, ...]] = {alone: (Excerpt(note, "The board met."),)}
    compiled = ChapterCompiler("Trust", [Section("One", 1, body)], resolved, names).result
    found = [w for w in compiled.warnings if "excerpt token" in w]
    assert len(found) == 1 and "line 3" in found[0], compiled.warnings
