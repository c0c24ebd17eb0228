"""Chapter rows, their sections, and the numbers of generated pseudonyms."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldjournal.domain.chapters import Chapter, ChapterSummary, Section
from fieldjournal.domain.errors import NotFound
from fieldjournal.storage.models import (
    ActorRow,
    ChapterRow,
    ChapterSectionRow,
    GeneratedPseudonymRow,
)
from fieldjournal.storage.repositories.ids import resolve


def get(session: Session, chapter_id: str) -> ChapterRow:
    row = session.get(ChapterRow, resolve(session, ChapterRow.id, chapter_id, "chapter"))
    if row is None:
        raise NotFound(f"no chapter with id {chapter_id}")
    return row


def set_sections(row: ChapterRow, sections: Iterable[Section]) -> None:
    row.sections.clear()
    for position, section in enumerate(sections):
        row.sections.append(
            ChapterSectionRow(
                position=position, level=section.level, heading=section.heading, body=section.body
            )
        )


def record(row: ChapterRow) -> Chapter:
    sections = tuple(Section(s.heading, s.level, s.body) for s in row.sections)
    return Chapter(row.id, row.title, sections, row.created_at, row.updated_at)


def summaries(session: Session) -> list[ChapterSummary]:
    counted = select(ChapterSectionRow.chapter_id, func.count()).group_by(
        ChapterSectionRow.chapter_id
    )
    counts: dict[str, int] = {chapter_id: n for chapter_id, n in session.execute(counted)}
    rows = session.scalars(select(ChapterRow).order_by(ChapterRow.updated_at.desc()))
    return [ChapterSummary(r.id, r.title, counts.get(r.id, 0), r.updated_at) for r in rows]


def generated_numbers(session: Session) -> dict[str, int]:
    query = select(GeneratedPseudonymRow.actor_id, GeneratedPseudonymRow.number)
    return {actor_id: number for actor_id, number in session.execute(query)}


def assign_generated_numbers(session: Session) -> bool:
    """Number every actor without a pseudonym that has no number yet; True if any was new."""
    known = generated_numbers(session)
    missing = session.scalars(
        select(ActorRow.id)
        .where(ActorRow.pseudonym == "")
        .order_by(ActorRow.created_at, ActorRow.name_key)
    ).all()
    missing = [actor_id for actor_id in missing if actor_id not in known]
    following = max(known.values(), default=0) + 1
    for number, actor_id in enumerate(missing, start=following):
        session.add(GeneratedPseudonymRow(actor_id=actor_id, number=number))
    session.flush()
    return bool(missing)
