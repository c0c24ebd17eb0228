"""Typed SQLAlchemy models: the journal's source of truth.

Identities are UUID strings (they become REFI-QDA GUIDs and may be given by prefix).
Times are UTC text; where the researcher typed a time, its offset is kept beside it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, MetaData, String, Text, text, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from fieldjournal.storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(36)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}


class Meta(Base):
    """Key/value facts about the journal (its name, the index generation)."""

    __tablename__ = "journal_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class EntryRow(Base):
    __tablename__ = "entry"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    memo_type: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[datetime]
    occurred_offset: Mapped[int] = mapped_column(Integer, default=0)
    ended_at: Mapped[datetime | None]
    ended_offset: Mapped[int | None] = mapped_column(Integer)
    site: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    actor_links: Mapped[list[EntryActorRow]] = relationship(
        back_populates="entry", cascade="all, delete-orphan"
    )
    code_links: Mapped[list[EntryCodeRow]] = relationship(
        back_populates="entry", cascade="all, delete-orphan"
    )
    segments: Mapped[list[SegmentRow]] = relationship(
        back_populates="entry", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_entry_timeline", "deleted_at", "occurred_at"),
        Index("ix_entry_kind", "kind", "occurred_at"),
        # Covers the (id, version) pairs the search index is checked against on open.
        Index("ix_entry_live_versions", "deleted_at", "id", "version"),
    )


class RevisionRow(Base):
    __tablename__ = "revision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime]


class ActorRow(Base):
    __tablename__ = "actor"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="person")
    sector: Mapped[str | None] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(Text, default="")
    affiliation_id: Mapped[str | None] = mapped_column(ForeignKey("actor.id", ondelete="SET NULL"))
    pseudonym: Mapped[str] = mapped_column(Text, default="")
    consent: Mapped[str] = mapped_column(String(16), default="unknown")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Its names are ordinary words: matched only where written as names (schema 0004).
    common_word: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    aliases: Mapped[list[ActorAliasRow]] = relationship(
        cascade="all, delete-orphan", order_by="ActorAliasRow.position"
    )


class ActorAliasRow(Base):
    __tablename__ = "actor_alias"
    actor_id: Mapped[str] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True
    )
    alias: Mapped[str] = mapped_column(Text, primary_key=True)
    alias_key: Mapped[str] = mapped_column(Text, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CodeRow(Base):
    __tablename__ = "code"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text, unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7), default="#f2c94c")
    created_at: Mapped[datetime]
    # False for a category: it groups codes and is not applied itself (REFI-QDA isCodable).
    codable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class EntryActorRow(Base):
    __tablename__ = "entry_actor"
    entry_id: Mapped[str] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[str] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16), default="present")
    position: Mapped[int] = mapped_column(Integer, default=0)
    entry: Mapped[EntryRow] = relationship(back_populates="actor_links")
    actor: Mapped[ActorRow] = relationship()


class EntryCodeRow(Base):
    __tablename__ = "entry_code"
    entry_id: Mapped[str] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True
    )
    code_id: Mapped[str] = mapped_column(
        ForeignKey("code.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    entry: Mapped[EntryRow] = relationship(back_populates="code_links")
    code: Mapped[CodeRow] = relationship()


class SegmentRow(Base):
    __tablename__ = "segment"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    code_id: Mapped[str] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    memo: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    entry: Mapped[EntryRow] = relationship(back_populates="segments")
    code: Mapped[CodeRow] = relationship()

    # The codes of each entry's passages, and where they lie, from the index alone.
    __table_args__ = (Index("ix_segment_entry_code", "entry_id", "code_id", "start", "end"),)


class MemoLinkRow(Base):
    """A memo (an entry of kind memo) is about an entry, an actor or a code."""

    __tablename__ = "memo_link"
    memo_id: Mapped[str] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True
    )
    target_type: Mapped[str] = mapped_column(String(8), primary_key=True)
    target_id: Mapped[str] = mapped_column(ID, primary_key=True)

    __table_args__ = (Index("ix_memo_link_target", "target_type", "target_id"),)


class ChapterRow(Base):
    """A chapter draft: a title and its ordered sections."""

    __tablename__ = "chapter"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    sections: Mapped[list[ChapterSectionRow]] = relationship(
        cascade="all, delete-orphan", order_by="ChapterSectionRow.position"
    )


class ChapterSectionRow(Base):
    __tablename__ = "chapter_section"
    chapter_id: Mapped[str] = mapped_column(
        ForeignKey("chapter.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[int] = mapped_column(Integer, default=1)
    heading: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")


class GeneratedPseudonymRow(Base):
    """The number of an actor's generated pseudonym ``[Participant N]``, kept for every export."""

    __tablename__ = "generated_pseudonym"
    actor_id: Mapped[str] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, unique=True)


class ReferenceRow(Base):
    """A cited work: its citekey and its CSL-JSON item (``source``: the file it came from)."""

    __tablename__ = "reference"
    citekey: Mapped[str] = mapped_column(Text, primary_key=True)
    csl: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]


class ReferenceLinkRow(Base):
    """A linked bibliography file and what it was when last read."""

    __tablename__ = "reference_link"
    path: Mapped[str] = mapped_column(Text, primary_key=True)
    mtime_ns: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    read_at: Mapped[datetime]


__all__ = [
    "ActorAliasRow",
    "ActorRow",
    "Base",
    "ChapterRow",
    "ChapterSectionRow",
    "CodeRow",
    "EntryActorRow",
    "EntryCodeRow",
    "EntryRow",
    "GeneratedPseudonymRow",
    "MemoLinkRow",
    "Meta",
    "ReferenceLinkRow",
    "ReferenceRow",
    "RevisionRow",
    "SegmentRow",
]
