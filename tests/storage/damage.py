"""Ways to damage a copy of a journal's database, as disks and crashes do.

Used by the damaged-journal tests (storage, services, CLI end to end). The pages to damage
are found on the intact file with SQLite's ``dbstat`` table (or a table's root page where
``dbstat`` is not compiled in), then bytes are flipped in place: in the b-tree page header
and cell pointers, so that SQLite's checks see it, as they would a torn or rotten sector.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

PAGE_HEADER_BYTES = (1, 3, 5, 9, 13, 17, 21)  # free-block, cell count, content start, pointers


def pages_of(db: Path, name: str, kind: str = "leaf") -> list[int]:
    """Page numbers of a table's or an index's b-tree (``kind``: leaf, internal or any)."""
    conn = sqlite3.connect(db)
    try:
        try:
            rows = conn.execute(
                "SELECT pageno, pagetype FROM dbstat WHERE name = ? ORDER BY pageno", (name,)
            ).fetchall()
            return [int(p) for p, t in rows if kind in ("any", t)]
        except sqlite3.OperationalError:  # no dbstat: the root page stands for them all
            root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,))
            return [int(root.fetchone()[0])]
    finally:
        conn.close()


def page_size(db: Path) -> int:
    with db.open("rb") as f:
        f.seek(16)
        raw = int.from_bytes(f.read(2), "big")
    return 65536 if raw == 1 else raw


def flip(db: Path, page: int, offsets: tuple[int, ...] = PAGE_HEADER_BYTES) -> None:
    """Invert the bits of a few bytes of ``page`` (1-based; page 1's b-tree starts at 100)."""
    start = (page - 1) * page_size(db) + (100 if page == 1 else 0)
    with db.open("r+b") as f:
        for offset in offsets:
            f.seek(start + offset)
            byte = f.read(1)
            f.seek(start + offset)
            f.write(bytes([byte[0] ^ 0xFF]))


def truncate_to_half(db: Path) -> None:
    size = db.stat().st_size
    with db.open("r+b") as f:
        f.truncate(size // 2)


def flip_pages_of(name: str, which: int = 1, kind: str = "leaf") -> Callable[[Path], None]:
    """Damage the ``which``-th page (by position among the b-tree's pages) of ``name``."""

    def damage(db: Path) -> None:
        pages = pages_of(db, name, kind)
        flip(db, pages[min(which, len(pages) - 1)])

    return damage


def flip_header(db: Path) -> None:
    """The page-size field of the file header: SQLite no longer knows how to read it."""
    flip(db, 1, offsets=())
    with db.open("r+b") as f:
        f.seek(16)
        f.write(b"\x12\x34")


def garble_schema_text(db: Path) -> None:
    """A byte of the schema's SQL made invalid UTF-8 (Python's driver then cannot even
    decode SQLite's "malformed database schema" message)."""
    data = bytearray(db.read_bytes())
    at = data.index(b"NULL", 100)  # in the first table's CREATE statement
    data[at + 1] = 0xAA
    db.write_bytes(bytes(data))


# Each kind of damage the probe in issue 10 tried, and then some: by name, for test ids.
DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated to half": truncate_to_half,
    "entry table leaf": flip_pages_of("entry", 2),
    "entry table interior": flip_pages_of("entry", 0, "internal"),
    "timeline index leaf": flip_pages_of("ix_entry_timeline", 0),
    "entry id index leaf": flip_pages_of("sqlite_autoindex_entry_1", 0),
    "entry-actor table leaf": flip_pages_of("entry_actor", 0),
    "revision table leaf": flip_pages_of("revision", 0, "any"),
    "schema page": flip_pages_of("sqlite_schema", 1),
    "file header": flip_header,
    "schema text garbled": garble_schema_text,
}


def damaged_copy(source: Path, target_dir: Path, damage: Callable[[Path], None]) -> Path:
    """A copy of the journal folder ``source`` whose database has been damaged."""
    shutil.copytree(source, target_dir)
    db = target_dir / "journal.db"
    damage(db)
    return db


def fill_sample_journal(folder: Path, entries: int = 120) -> dict[str, Any]:
    """A journal of fictional notes spread over many pages; what it holds, for checks.

    Every tenth body is longer than a page (overflow pages); entries have actors, codes,
    coded segments and an earlier revision; a memo links to an entry.
    """
    from fieldjournal import Journal

    ids: list[str] = []
    with Journal.open(folder, search=False) as journal:
        journal.add_actor("Mill Lane Trust", kind="organisation", pseudonym="The Trust")
        journal.add_actor("Ada Brennan", affiliation="Mill Lane Trust", aliases=["Addie"])
        for i in range(entries):
            words = "the board met at Eastgate hub and Ada spoke. " * (120 if i % 10 == 0 else 8)
            entry = journal.add_entry(
                title=f"Note {i}",
                body=f"{words}end of note {i}",
                occurred_at=f"2016-04-{1 + i % 28:02d}T10:{i % 60:02d}+01:00",
                site="Eastgate hub",
                actors=["Ada Brennan"],
                codes=["Trust/System trust"] if i % 2 else [],
            )
            ids.append(entry.id)
            if i % 3 == 0:
                journal.code_segment(entry.id, "Power/Voice", 0, 9)
            if i % 7 == 0:
                journal.update_entry(entry.id, body=f"{words}revised end of note {i}")
        memo = journal.add_entry(kind="memo", title="On voice", body="Who speaks first.")
        journal.link_memo(memo.id, "entry", ids[0])
        ids.append(memo.id)
    conn = sqlite3.connect(folder / "journal.db")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"entries": ids}
