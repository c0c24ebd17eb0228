"""Read every row that can still be read from a damaged journal database.

Two passes per table. First SQLite itself, by rowid: a scan in rowid order that, when it
meets a damaged page, starts again a little further on (further each time it fails), so
one bad leaf costs only its own rows. Then, for a table where that pass met damage, the
page scan (``page_scan``) finds rows on leaf pages that SQLite could not reach through
the damaged interior pages; a row is taken from there only if the first pass did not
read its rowid and it has the table's shape (column count, types, a UUID where the
schema has one). Which rows could not be read is counted, and for entries named by id
wherever an index still lists them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fieldjournal.storage.damage import header_problem
from fieldjournal.storage.page_scan import Value, loose_rows

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_PROBES = 48  # a restart after rowid + 2**47 would be past any journal


def _uuid(v: Value) -> bool:
    return isinstance(v, str) and bool(_UUID.match(v))


def _text(v: Value) -> bool:
    return isinstance(v, str)


def _int(v: Value) -> bool:
    return isinstance(v, int)


def _opt(check: Callable[[Value], bool]) -> Callable[[Value], bool]:
    return lambda v: v is None or check(v)


def _flag(v: Value) -> bool:
    return v in (0, 1)


def _any(v: Value) -> bool:
    return True


# The tables the exchange format is made from, in column order (schema 0005), with what
# each column must hold for a loose row to be taken as that table's. A loose row is the
# first table's that it fits, so a table comes before those its rows would also fit
# (an entry-actor link would fit an alias).
COLUMNS: dict[str, tuple[tuple[str, Callable[[Value], bool]], ...]] = {
    "actor": (
        ("id", _uuid), ("name", _text), ("name_key", _text), ("kind", _text),
        ("sector", _opt(_text)), ("role", _text), ("affiliation_id", _opt(_uuid)),
        ("pseudonym", _text), ("consent", _text), ("notes", _text),
        ("created_at", _text), ("updated_at", _text), ("common_word", _flag),
    ),
    "code": (
        ("id", _uuid), ("parent_id", _opt(_uuid)), ("name", _text), ("path", _text),
        ("description", _text), ("colour", _text), ("created_at", _text),
        ("codable", _flag),
    ),
    "entry": (
        ("id", _uuid), ("kind", lambda v: v in ("fieldnote", "meeting", "memo")),
        ("memo_type", _opt(_text)), ("title", _text), ("body", _text),
        ("occurred_at", _text), ("occurred_offset", _int), ("ended_at", _opt(_text)),
        ("ended_offset", _opt(_int)), ("site", _text), ("created_at", _text),
        ("updated_at", _text), ("deleted_at", _opt(_text)), ("version", _int),
    ),
    "entry_actor": (
        ("entry_id", _uuid), ("actor_id", _uuid),
        ("role", lambda v: v in ("present", "mentioned")), ("position", _int),
    ),
    "actor_alias": (
        ("actor_id", _uuid), ("alias", _text), ("alias_key", _text), ("position", _int),
    ),
    "entry_code": (("entry_id", _uuid), ("code_id", _uuid), ("position", _int)),
    "segment": (
        ("id", _uuid), ("entry_id", _uuid), ("code_id", _uuid), ("start", _int),
        ("end", _int), ("memo", _text), ("created_at", _text),
    ),
    "memo_link": (
        ("memo_id", _uuid), ("target_type", lambda v: v in ("entry", "actor", "code")),
        ("target_id", _uuid),
    ),
    # ``id`` is the rowid (INTEGER PRIMARY KEY): stored as NULL in the record.
    "revision": (
        ("id", _opt(_int)), ("entry_id", _uuid), ("title", _text), ("body", _text),
        ("saved_at", _text),
    ),
}  # fmt: skip
ID_INDEXES = {"entry": "sqlite_autoindex_entry_1", "actor": "sqlite_autoindex_actor_1"}


@dataclass
class TableSalvage:
    """What could be read of one table: rows by rowid, and what stood in the way."""

    name: str
    rows: dict[int, dict[str, Value]] = field(default_factory=dict)
    damaged: bool = False
    from_pages: int = 0
    known_ids: set[str] | None = None  # ids an index still lists (entries, actors)
    highest_rowid: int = 0


@dataclass
class RawSalvage:
    tables: dict[str, TableSalvage]
    problems: list[str]


def _matches(table: str, values: tuple[Value, ...]) -> bool:
    columns = COLUMNS[table]
    return len(values) == len(columns) and all(
        check(v) for (_, check), v in zip(columns, values, strict=True)
    )


def _connect(path: Path) -> sqlite3.Connection | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=15)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except (sqlite3.Error, UnicodeDecodeError):  # the latter: a schema garbled past decoding
        return None


def _sql_pass(conn: sqlite3.Connection, out: TableSalvage) -> None:
    """Scan by rowid; after a damaged page, restart further on, doubling the step."""
    names = ", ".join(f'"{c}"' for c, _ in COLUMNS[out.name])
    query = f'SELECT rowid, {names} FROM "{out.name}" WHERE rowid > ? ORDER BY rowid'
    after, step, probes = -(2**63), 1, 0
    while probes < MAX_PROBES:
        try:
            for row in conn.execute(query, (after,)):
                rowid = int(row[0])
                out.rows[rowid] = dict(zip((c for c, _ in COLUMNS[out.name]), row[1:], strict=True))
                after, step = rowid, 1
            return
        except sqlite3.DatabaseError:
            out.damaged = True
            if after == -(2**63):
                after = 0
            after += step
            step *= 2
            probes += 1


def _known_ids(conn: sqlite3.Connection, out: TableSalvage) -> None:
    index = ID_INDEXES.get(out.name)
    if index is None:
        return
    try:
        rows = conn.execute(f'SELECT id, rowid FROM "{out.name}" INDEXED BY {index}').fetchall()
    except sqlite3.Error:
        return
    out.known_ids = {str(r[0]) for r in rows if isinstance(r[0], str)}
    out.highest_rowid = max((int(r[1]) for r in rows), default=0)


def read_all(path: Path) -> RawSalvage:
    """Every row of the exchange format's tables that can still be read from ``path``."""
    tables = {name: TableSalvage(name) for name in COLUMNS}
    problems: list[str] = []
    conn = _connect(path)
    if conn is None:
        problems.append("SQLite could not open the file at all: every row was read from its pages")
        for table in tables.values():
            table.damaged = True
    else:
        try:
            for table in tables.values():
                _sql_pass(conn, table)
                _known_ids(conn, table)
        finally:
            conn.close()
    if any(t.damaged for t in tables.values()):
        _page_pass(path, tables)
    problem = header_problem(path)
    if problem is not None and "cut short" in problem:
        problems.append(f"{problem}: what was on the missing part cannot be counted")
    return RawSalvage(tables, problems)


def _page_pass(path: Path, tables: dict[str, TableSalvage]) -> None:
    for row in loose_rows(path):
        name = next((t for t in COLUMNS if _matches(t, row.values)), None)
        table = tables.get(name) if name else None
        if table is None or not table.damaged or row.rowid in table.rows:
            continue
        values = dict(zip((c for c, _ in COLUMNS[table.name]), row.values, strict=True))
        if table.name == "revision":
            values["id"] = row.rowid
        table.rows[row.rowid] = values
        table.from_pages += 1
