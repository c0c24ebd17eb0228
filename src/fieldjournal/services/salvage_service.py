"""Salvage: what can still be read of a damaged journal, as an exchange file.

The rows come from ``storage.salvage`` (SQLite by rowid, then the pages themselves); here
they become the exchange format's records, exactly as ``export`` writes them. Each record
is checked the way ``import`` will check it (the parser, and that what it points at was
salvaged too: a segment's entry and its offsets, a link's actor), so the file imports
into a new journal; what had to be left out is counted, and lost entries are named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.domain.timeutil import with_offset
from fieldjournal.exchange import jsonl
from fieldjournal.exchange.files import write_lines_atomically
from fieldjournal.services.context import ServiceContext
from fieldjournal.storage.page_scan import Value
from fieldjournal.storage.salvage import RawSalvage, TableSalvage, read_all

_STORED = "%Y-%m-%dT%H:%M:%S.%fZ"


@dataclass(frozen=True, slots=True)
class SalvageReport:
    target: Path
    written: dict[str, int]  # records written, by record type
    unreadable: dict[str, int]  # rows known to exist that could not be read, by table
    lost_entries: tuple[str, ...]  # ids of entries an index lists but nothing could read
    left_out: dict[str, int]  # rows read but left out (unusable, or what they need is lost)
    from_pages: int  # rows found by reading pages where SQLite could not reach them
    damaged_tables: tuple[str, ...]
    problems: tuple[str, ...]  # what stood in the way, in words


def _time(text: Value, offset: Value = 0) -> str | None:
    if not isinstance(text, str):
        return None
    moment = datetime.strptime(text, _STORED).replace(tzinfo=UTC)
    return with_offset(moment, offset if isinstance(offset, int) else 0).isoformat()


class SalvageService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def salvage(self, target: Path) -> SalvageReport:
        """Write every record that can still be read to ``target`` (JSON Lines)."""
        raw = read_all(self.ctx.db.path)
        builder = _Records(raw)
        lines = list(builder.lines())
        write_lines_atomically(target, lines)
        tables = raw.tables
        entries = tables["entry"]
        lost = sorted((entries.known_ids or set()) - {str(r["id"]) for r in entries.rows.values()})
        unreadable = {name: _unreadable(t) for name, t in tables.items() if _unreadable(t)}
        if lost:
            unreadable["entry"] = max(unreadable.get("entry", 0), len(lost))
        return SalvageReport(
            target=target,
            written=dict(builder.written),
            unreadable=unreadable,
            lost_entries=tuple(lost),
            left_out=dict(builder.left_out),
            from_pages=sum(t.from_pages for t in tables.values()),
            damaged_tables=tuple(name for name, t in tables.items() if t.damaged),
            problems=tuple(raw.problems),
        )


def _unreadable(table: TableSalvage) -> int:
    """Rows the table had that were not read: known ids missed, or gaps in the rowids."""
    if not table.damaged:
        return 0
    if table.known_ids is not None:
        read = {str(r.get("id")) for r in table.rows.values()}
        return len(table.known_ids - read)
    if table.name == "revision" or not table.rows:
        return 0
    highest = max(max(table.rows), table.highest_rowid)
    return max(0, highest - len(table.rows))


class _Records:
    """Raw rows to exchange records, each checked as ``import`` will check it."""

    def __init__(self, raw: RawSalvage) -> None:
        self.t = {name: list(table.rows.values()) for name, table in raw.tables.items()}
        self.written: Counter[str] = Counter()
        self.left_out: Counter[str] = Counter()
        self.line = 0
        self.actor_names: dict[str, str] = {}
        self.actor_kinds: dict[str, str] = {}
        self.code_paths: dict[str, str] = {}
        self.bodies: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.occurred: dict[str, str] = {}

    def _checked(self, record: dict[str, Any], table: str) -> str | None:
        line = jsonl.dump(record)
        try:
            jsonl.parse_line(line, self.line + 1)
        except (FieldjournalError, ValueError, TypeError):
            self.left_out[table] += 1
            return None
        self.line += 1
        self.written[record["type"]] += 1
        return line

    def lines(self) -> Iterator[str]:
        for produce in (self.actors, self.codes, self.entries, self.segments, self.memos):
            yield from produce()
        yield from self.revisions()

    def actors(self) -> Iterator[str]:
        seen: set[str] = set()
        rows = [r for r in self.t["actor"] if str(r["name_key"]) not in seen]
        for r in rows:
            self.actor_names[str(r["id"])] = str(r["name"])
            self.actor_kinds[str(r["id"])] = str(r["kind"])
        aliases: dict[str, list[tuple[int, str]]] = {}
        for a in self.t["actor_alias"]:
            aliases.setdefault(str(a["actor_id"]), []).append(
                (int(a["position"] or 0), str(a["alias"]))
            )
        for r in sorted(rows, key=lambda r: str(r["name_key"])):
            if str(r["name_key"]) in seen:
                self.left_out["actor"] += 1
                continue
            seen.add(str(r["name_key"]))
            org = self.actor_names.get(str(r["affiliation_id"]))
            if org is not None and self.actor_kinds.get(str(r["affiliation_id"])) != "organisation":
                org = None
            record = {
                "type": "actor",
                "id": r["id"],
                "name": r["name"],
                "kind": r["kind"],
                "sector": r["sector"],
                "role": r["role"],
                "affiliation": org,
                "pseudonym": r["pseudonym"],
                "aliases": [name for _, name in sorted(aliases.get(str(r["id"]), []))],
                "consent": r["consent"],
                "notes": r["notes"],
            }
            line = self._checked(record, "actor")
            if line is None:
                self.actor_names.pop(str(r["id"]), None)
            else:
                yield line

    def codes(self) -> Iterator[str]:
        seen: set[str] = set()
        for r in sorted(self.t["code"], key=lambda r: str(r["path"])):
            if str(r["path"]) in seen:
                self.left_out["code"] += 1
                continue
            record = {
                "type": "code",
                "id": r["id"],
                "path": r["path"],
                "description": r["description"],
                "colour": r["colour"],
            }
            line = self._checked(record, "code")
            if line is not None:
                seen.add(str(r["path"]))
                self.code_paths[str(r["id"])] = str(r["path"])
                yield line

    def entries(self) -> Iterator[str]:
        actors: dict[str, list[tuple[int, Any]]] = {}
        for link in self.t["entry_actor"]:
            name = self.actor_names.get(str(link["actor_id"]))
            if name is None:
                self.left_out["entry_actor"] += 1
                continue
            item: Any = name if link["role"] == "present" else {"name": name, "role": link["role"]}
            actors.setdefault(str(link["entry_id"]), []).append((int(link["position"] or 0), item))
        codes: dict[str, list[tuple[int, str]]] = {}
        for clink in self.t["entry_code"]:
            path = self.code_paths.get(str(clink["code_id"]))
            if path is None:
                self.left_out["entry_code"] += 1
                continue
            codes.setdefault(str(clink["entry_id"]), []).append((int(clink["position"] or 0), path))
        seen: set[str] = set()
        for e in sorted(self.t["entry"], key=lambda e: (str(e["occurred_at"]), str(e["id"]))):
            if str(e["id"]) in seen:
                self.left_out["entry"] += 1
                continue
            try:
                record = {
                    "type": "entry",
                    "id": e["id"],
                    "kind": e["kind"],
                    "memo_type": e["memo_type"],
                    "title": e["title"],
                    "body": e["body"],
                    "occurred_at": _time(e["occurred_at"], e["occurred_offset"]),
                    "ended_at": _time(e["ended_at"], e["ended_offset"]),
                    "site": e["site"],
                    "actors": [
                        item for _, item in sorted(actors.get(str(e["id"]), []), key=lambda p: p[0])
                    ],
                    "codes": [path for _, path in sorted(codes.get(str(e["id"]), []))],
                    "created_at": _time(e["created_at"]),
                    "updated_at": _time(e["updated_at"]),
                    "deleted_at": _time(e["deleted_at"]),
                }
            except ValueError:
                self.left_out["entry"] += 1
                continue
            line = self._checked(record, "entry")
            if line is not None:
                seen.add(str(e["id"]))
                self.bodies[str(e["id"])] = str(e["body"])
                self.kinds[str(e["id"])] = str(e["kind"])
                self.occurred[str(e["id"])] = str(e["occurred_at"])
                yield line

    def segments(self) -> Iterator[str]:
        seen: set[str] = set()

        def order(s: dict[str, Value]) -> tuple[str, str, int, str]:  # as export has it
            entry = str(s["entry_id"])
            start = s["start"] if isinstance(s["start"], int) else 0
            return self.occurred.get(entry, ""), entry, start, str(s["id"])

        for s in sorted(self.t["segment"], key=order):
            body = self.bodies.get(str(s["entry_id"]))
            path = self.code_paths.get(str(s["code_id"]))
            start, end = s["start"], s["end"]
            usable = (
                body is not None
                and path is not None
                and isinstance(start, int)
                and isinstance(end, int)
                and 0 <= start < end <= len(body)
                and str(s["id"]) not in seen
            )
            if not usable:
                self.left_out["segment"] += 1
                continue
            record = {
                "type": "segment",
                "id": s["id"],
                "entry": s["entry_id"],
                "code": path,
                "start": start,
                "end": end,
                "memo": s["memo"],
                "created_at": _safe_time(s["created_at"]),
            }
            line = self._checked(record, "segment")
            if line is not None:
                seen.add(str(s["id"]))
                yield line

    def memos(self) -> Iterator[str]:
        key = ("memo_id", "target_type", "target_id")
        for m in sorted(self.t["memo_link"], key=lambda m: tuple(str(m[k]) for k in key)):
            memo, kind, target_id = str(m["memo_id"]), str(m["target_type"]), str(m["target_id"])
            target = {
                "actor": self.actor_names.get(target_id),
                "code": self.code_paths.get(target_id),
                "entry": target_id if target_id in self.bodies and target_id != memo else None,
            }.get(kind)
            if self.kinds.get(memo) != "memo" or target is None:
                self.left_out["memo_link"] += 1
                continue
            record = {"type": "memo_link", "memo": memo, "target_type": kind, "target": target}
            line = self._checked(record, "memo_link")
            if line is not None:
                yield line

    def revisions(self) -> Iterator[str]:
        rows = sorted(
            self.t["revision"],
            key=lambda r: (
                str(r["entry_id"]),
                str(r["saved_at"]),
                r["id"] if isinstance(r["id"], int) else 0,
            ),
        )
        for r in rows:
            saved = _safe_time(r["saved_at"])
            if str(r["entry_id"]) not in self.bodies or saved is None:
                self.left_out["revision"] += 1
                continue
            record = {
                "type": "revision",
                "entry": r["entry_id"],
                "title": r["title"],
                "body": r["body"],
                "saved_at": saved,
            }
            line = self._checked(record, "revision")
            if line is not None:
                yield line


def _safe_time(text: Value) -> str | None:
    try:
        return _time(text)
    except ValueError:
        return None
