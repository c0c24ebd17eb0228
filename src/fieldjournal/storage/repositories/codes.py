"""Code rows: the codebook as a tree whose paths are kept denormalised for lookup."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldjournal.domain.codepaths import SEPARATOR, split_path
from fieldjournal.domain.errors import InvalidInput, NotFound
from fieldjournal.domain.records import Code
from fieldjournal.domain.timeutil import now
from fieldjournal.storage.models import CodeRow, EntryCodeRow, SegmentRow
from fieldjournal.storage.repositories.ids import new_id

PALETTE = (
    "#f2c94c",
    "#6fcf97",
    "#56ccf2",
    "#bb6bd9",
    "#eb5757",
    "#f2994a",
    "#2d9cdb",
    "#27ae60",
    "#9b51e0",
    "#e0b0ff",
)


def find(session: Session, path: str) -> CodeRow | None:
    return session.scalar(select(CodeRow).where(CodeRow.path == SEPARATOR.join(split_path(path))))


def get(session: Session, path_or_id: str) -> CodeRow:
    row = session.get(CodeRow, path_or_id) or find(session, path_or_id)
    if row is None:
        raise NotFound(f"no code {path_or_id!r} in the codebook")
    return row


def missing(session: Session, path: str) -> list[str]:
    """The prefixes of ``path`` (itself included) that ``ensure`` would create, top first."""
    parts = split_path(path)
    prefixes = [SEPARATOR.join(parts[: depth + 1]) for depth in range(len(parts))]
    return [p for p in prefixes if find(session, p) is None]


def ensure(
    session: Session, path: str, *, colour: str | None = None, leaf_id: str | None = None
) -> CodeRow:
    """The code at ``path``, creating it and any missing ancestors."""
    parent: CodeRow | None = None
    parts = split_path(path)
    for depth in range(len(parts)):
        sub = SEPARATOR.join(parts[: depth + 1])
        row = session.scalar(select(CodeRow).where(CodeRow.path == sub))
        if row is None:
            count = session.scalar(select(func.count()).select_from(CodeRow)) or 0
            leaf = depth == len(parts) - 1
            row = CodeRow(
                id=leaf_id if (leaf and leaf_id) else new_id(),
                parent_id=parent.id if parent else None,
                name=parts[depth],
                path=sub,
                description="",
                colour=colour if (colour and depth == len(parts) - 1) else PALETTE[count % 10],
                created_at=now(),
            )
            session.add(row)
            session.flush()
        parent = row
    assert parent is not None
    return parent


def subtree(session: Session, row: CodeRow) -> list[CodeRow]:
    """``row`` and all its descendants."""
    prefix = row.path + SEPARATOR
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [
        row,
        *session.scalars(select(CodeRow).where(CodeRow.path.like(escaped + "%", escape="\\"))),
    ]


def repath(session: Session, row: CodeRow, new_path: str) -> None:
    """Give ``row`` a new path and rewrite its descendants' paths to match."""
    old = row.path
    members = [(member, member.path) for member in subtree(session, row)]
    # Two passes so the unique index never sees a transient duplicate.
    for member, _ in members:
        member.path = "\x00" + member.id
    session.flush()
    for member, path in members:
        member.path = new_path + path[len(old) :]
    session.flush()


def counts(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    entries = dict(
        session.execute(
            select(EntryCodeRow.code_id, func.count()).group_by(EntryCodeRow.code_id)
        ).all()
    )
    segments = dict(
        session.execute(select(SegmentRow.code_id, func.count()).group_by(SegmentRow.code_id)).all()
    )
    return entries, segments


def to_record(
    row: CodeRow,
    entry_count: int = 0,
    segment_count: int = 0,
    totals: tuple[int, int] | None = None,
) -> Code:
    return Code(
        id=row.id,
        path=row.path,
        description=row.description,
        colour=row.colour,
        entry_count=entry_count,
        segment_count=segment_count,
        codable=row.codable,
        entries_under=totals[0] if totals else None,
        segments_under=totals[1] if totals else None,
    )


def check_codable(row: CodeRow) -> CodeRow:
    """``row`` itself, or a refusal when it is a category (it only groups codes)."""
    if not row.codable:
        raise InvalidInput(
            f"{row.path} is a category: it groups codes and is not applied itself; "
            "use one of its codes, or make it codable"
        )
    return row


def all_records(session: Session) -> list[Code]:
    entries, segments = counts(session)
    rows = list(session.scalars(select(CodeRow).order_by(CodeRow.path)))
    under = totals(session, rows, segments)
    return [to_record(r, entries.get(r.id, 0), segments.get(r.id, 0), under[r.path]) for r in rows]


def totals(
    session: Session, rows: list[CodeRow], segments: dict[str, int]
) -> dict[str, tuple[int, int]]:
    """Per code path, the distinct entries and the passages coded with it or a code under
    it: an entry coded with a code and its child counts once."""
    path_of = {r.id: r.path for r in rows}
    coded: dict[str, set[str]] = {r.path: set() for r in rows}
    passages = dict.fromkeys(coded, 0)
    for code_id, entry_id in session.execute(select(EntryCodeRow.code_id, EntryCodeRow.entry_id)):
        for path in _ancestry(path_of[code_id]):
            coded[path].add(entry_id)
    for code_id, number in segments.items():
        for path in _ancestry(path_of[code_id]):
            passages[path] += number
    return {path: (len(coded[path]), passages[path]) for path in coded}


def _ancestry(path: str) -> list[str]:
    """``a/b/c`` → ``a/b/c``, ``a/b``, ``a``."""
    parts = path.split(SEPARATOR)
    return [SEPARATOR.join(parts[:n]) for n in range(len(parts), 0, -1)]
