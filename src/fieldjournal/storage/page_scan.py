"""Read rows straight from a database file's pages, without trusting its b-trees.

When a table's interior pages, the schema page or the file header are damaged, SQLite
cannot reach rows that are still intact on their leaf pages. This reads every page of
the file, keeps those that look like table leaves (type 0x0D) and decodes each cell
(rowid, record, overflow chain) as SQLite's file format describes it. What comes back is
raw: rows of any table, in no order, perhaps stale copies from freed pages. The salvage
reader decides which table a row belongs to and prefers what SQLite itself could read.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TABLE_LEAF = 0x0D
PAGE_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)
Value = int | float | str | bytes | None


@dataclass(frozen=True, slots=True)
class LooseRow:
    page: int
    rowid: int
    values: tuple[Value, ...]


class _Bad(Exception):
    """A cell that does not decode; it is skipped."""


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        if pos + i >= len(data):
            raise _Bad("varint past the end")
        byte = data[pos + i]
        if i == 8:
            return (value << 8) | byte, pos + 9
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, pos + i + 1
    raise _Bad("varint")  # pragma: no cover - the loop always returns


def _value(serial: int, data: bytes, pos: int) -> tuple[Value, int]:
    if serial == 0:
        return None, pos
    if 1 <= serial <= 6:
        width = (1, 2, 3, 4, 6, 8)[serial - 1]
        raw = data[pos : pos + width]
        if len(raw) != width:
            raise _Bad("integer past the end")
        return int.from_bytes(raw, "big", signed=True), pos + width
    if serial == 7:
        raw = data[pos : pos + 8]
        if len(raw) != 8:
            raise _Bad("float past the end")
        return float(struct.unpack(">d", raw)[0]), pos + 8
    if serial in (8, 9):
        return serial - 8, pos
    if serial >= 12:
        length = (serial - 12) // 2
        raw = data[pos : pos + length]
        if len(raw) != length:
            raise _Bad("text past the end")
        if serial % 2:
            try:
                return raw.decode("utf-8"), pos + length
            except UnicodeDecodeError:
                raise _Bad("text that is not UTF-8") from None
        return bytes(raw), pos + length
    raise _Bad("reserved serial type")


def decode_record(payload: bytes) -> tuple[Value, ...]:
    header_size, pos = _varint(payload, 0)
    if header_size > len(payload) or header_size < 1:
        raise _Bad("record header size")
    serials = []
    while pos < header_size:
        serial, pos = _varint(payload, pos)
        serials.append(serial)
    values: list[Value] = []
    pos = header_size
    for serial in serials:
        value, pos = _value(serial, payload, pos)
        values.append(value)
    return tuple(values)


class PageFile:
    """The file as pages (1-based), with a page size taken from the header or guessed."""

    def __init__(self, path: Path, page_size: int, reserved: int = 0) -> None:
        self.data = path.read_bytes()
        self.page_size = page_size
        self.usable = page_size - reserved
        self.count = len(self.data) // page_size

    def page(self, number: int) -> bytes:
        start = (number - 1) * self.page_size
        return self.data[start : start + self.page_size]

    def payload(self, page: bytes, pos: int, length: int) -> bytes:
        """A cell's payload: what is on the page, then its overflow chain."""
        usable = self.usable
        if length <= usable - 35:
            local = length
        else:
            minimum = (usable - 12) * 32 // 255 - 23
            local = minimum + (length - minimum) % (usable - 4)
            if local > usable - 35:
                local = minimum
        out = bytearray(page[pos : pos + local])
        if len(out) != local:
            raise _Bad("cell past the end of its page")
        if local == length:
            return bytes(out)
        next_page = int.from_bytes(page[pos + local : pos + local + 4], "big")
        hops = 0
        while len(out) < length:
            hops += 1
            if not 1 <= next_page <= self.count or hops > self.count:
                raise _Bad("overflow chain broken")
            overflow = self.page(next_page)
            next_page = int.from_bytes(overflow[:4], "big")
            out += overflow[4 : 4 + min(usable - 4, length - len(out))]
        return bytes(out)

    def leaf_rows(self, number: int) -> Iterator[LooseRow]:
        page = self.page(number)
        offset = 100 if number == 1 else 0
        if len(page) < offset + 8 or page[offset] != TABLE_LEAF:
            return
        cells = int.from_bytes(page[offset + 3 : offset + 5], "big")
        for i in range(min(cells, self.page_size // 4)):
            at = offset + 8 + 2 * i
            pointer = int.from_bytes(page[at : at + 2], "big")
            if not offset + 8 <= pointer < len(page):
                continue
            try:
                length, pos = _varint(page, pointer)
                rowid, pos = _varint(page, pos)
                if length > len(self.data):
                    raise _Bad("payload longer than the file")
                values = decode_record(self.payload(page, pos, length))
            except _Bad:
                continue
            yield LooseRow(number, rowid, values)


def header_page_size(path: Path) -> tuple[int, int] | None:
    """The page size and reserved bytes the header gives, if they are plausible."""
    with path.open("rb") as f:
        header = f.read(100)
    if len(header) < 100:
        return None
    raw = int.from_bytes(header[16:18], "big")
    size = 65536 if raw == 1 else raw
    if size < 512 or size & (size - 1):
        return None
    return size, header[20]


def loose_rows(path: Path, page_size: int | None = None, reserved: int = 0) -> list[LooseRow]:
    """Every row on every table-leaf page of the file (stale copies included)."""
    if page_size is None:
        given = header_page_size(path)
        candidates = [given] if given else [(size, 0) for size in PAGE_SIZES]
    else:
        candidates = [(page_size, reserved)]
    best: list[LooseRow] = []
    for size, spare in candidates:
        pages = PageFile(path, size, spare)
        rows = [row for n in range(1, pages.count + 1) for row in pages.leaf_rows(n)]
        if len(rows) > len(best):
            best = rows
    return best
