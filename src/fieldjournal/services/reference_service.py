"""References: import bibliography files, keep linked ones current, list the works.

A linked file (Zotero's Better BibTeX rewrites it on every change) is read again when its
modification time moved and its content hash differs from what was last read: on open,
and before a chapter is exported. The journal keeps its own copy of every work, so it
stays whole when the file is gone.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select

from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.errors import InvalidInput, NotFound
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.records import ChangeSet
from fieldjournal.domain.references import CitedBy, EntryProblem, Reference, ReferenceImport
from fieldjournal.domain.timeutil import now
from fieldjournal.exchange.bibliography import ReadBibliography, read_file
from fieldjournal.exchange.citations import cited_keys
from fieldjournal.exchange.csl_render import style_path
from fieldjournal.services.context import ServiceContext
from fieldjournal.storage.models import ChapterSectionRow, EntryRow, Meta, ReferenceRow
from fieldjournal.storage.repositories import chapters as chapter_repo
from fieldjournal.storage.repositories import entries as entry_repo
from fieldjournal.storage.repositories import references as reference_repo

STYLE_KEY = "citation_style"
DEFAULT_STYLE = "apa"


class ReferenceService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def all(self) -> list[Reference]:
        """Every work, by citekey."""
        with self.ctx.db.reading() as session:
            return reference_repo.all_records(session)

    def get(self, citekey: str) -> Reference:
        with self.ctx.db.reading() as session:
            row = session.get(ReferenceRow, citekey)
            if row is None:
                raise NotFound(f"no reference with citekey {citekey}")
            return reference_repo.record(row)

    def cited_by(self, citekey: str) -> CitedBy:
        """The memos and chapters that cite ``citekey``, as a reference's page lists them.

        SQL finds the texts holding ``@citekey``; the citation parser keeps those that
        cite it (not ``@citekey2020b``, an e-mail address or an excerpt token)."""
        self.get(citekey)  # an unknown key is refused
        mention = f"@{citekey}"
        with self.ctx.db.reading() as session:
            memos = session.execute(
                select(EntryRow.id, EntryRow.body).where(
                    (EntryRow.kind == EntryKind.MEMO.value)
                    & EntryRow.deleted_at.is_(None)
                    & EntryRow.body.contains(mention, autoescape=True)
                )
            )
            memo_ids = {i for i, body in memos if citekey in cited_keys(body)}
            sections = session.execute(
                select(ChapterSectionRow.chapter_id, ChapterSectionRow.body).where(
                    ChapterSectionRow.body.contains(mention, autoescape=True)
                )
            )
            chapter_ids = {i for i, body in sections if citekey in cited_keys(body)}
            found = entry_repo.summaries(session, EntryQuery.of(kind="memo")) if memo_ids else []
            chapters = [c for c in chapter_repo.summaries(session) if c.id in chapter_ids]
        return CitedBy(
            tuple(sorted((m for m in found if m.id in memo_ids), key=lambda m: m.occurred_at)),
            tuple(sorted(chapters, key=lambda c: c.title.casefold())),
        )

    def import_file(self, path: Path) -> ReferenceImport:
        """Read a ``.bib`` or CSL-JSON file into the journal; bad entries are reported."""
        source = _resolved(path)
        return self._store(read_file(source), str(source))

    def link(self, path: Path) -> ReferenceImport:
        """Import a file and keep it linked: ``refresh`` reads it again when it changes."""
        source = _resolved(path)
        data = source.read_bytes()
        mtime_ns = source.stat().st_mtime_ns
        report = self._store(read_file(source), str(source))
        with self.ctx.db.writing() as session:
            reference_repo.set_link(
                session, str(source), mtime_ns, hashlib.sha256(data).hexdigest(), now()
            )
        return report

    def refresh(self) -> list[ReferenceImport]:
        """Read again each linked file that changed since it was last read.

        A linked file that is gone or unreadable is reported as a problem (its works stay).
        """
        if self.ctx.db.damage is not None:
            return []
        with self.ctx.db.reading() as session:
            linked = [(r.path, r.mtime_ns, r.sha256) for r in reference_repo.links(session)]
        reports: list[ReferenceImport] = []
        for path, mtime_ns, sha256 in linked:
            source = Path(path)
            try:
                stat = source.stat()
                if stat.st_mtime_ns == mtime_ns:
                    continue
                digest = hashlib.sha256(source.read_bytes()).hexdigest()
                read = None if digest == sha256 else read_file(source)
            except (OSError, InvalidInput) as error:
                problem = EntryProblem("", 0, f"the linked file cannot be read: {error}")
                reports.append(ReferenceImport(problems=(problem,), source=path))
                continue
            report = ReferenceImport(source=path) if read is None else self._store(read, path)
            with self.ctx.db.writing() as session:
                reference_repo.set_link(session, path, stat.st_mtime_ns, digest, now())
            if read is not None:
                reports.append(report)
        return reports

    def style(self) -> str:
        """The journal's citation style (a shipped style's name or a .csl path): the
        app's preview and export dialog start from it."""
        with self.ctx.db.reading() as session:
            row = session.get(Meta, STYLE_KEY)
            return row.value if row is not None else DEFAULT_STYLE

    def set_style(self, style: str) -> str:
        """Keep ``style`` as the journal's citation style (refused if it is no style)."""
        style_path(style)
        with self.ctx.db.writing() as session:
            row = session.get(Meta, STYLE_KEY)
            if row is None:
                session.add(Meta(key=STYLE_KEY, value=style))
            else:
                row.value = style
        self.ctx.committed(ChangeSet(references=True))
        return style

    def linked_files(self) -> list[str]:
        with self.ctx.db.reading() as session:
            return [row.path for row in reference_repo.links(session)]

    def _store(self, read: ReadBibliography, source: str) -> ReferenceImport:
        with self.ctx.db.writing() as session:
            added, updated, unchanged = reference_repo.upsert(session, read.items, source, now())
        if added or updated:
            self.ctx.committed(ChangeSet(references=True))
        return ReferenceImport(tuple(added), tuple(updated), unchanged, read.problems, source)


def _resolved(path: Path) -> Path:
    source = Path(path).expanduser().resolve()
    if not source.is_file():
        raise InvalidInput(f"cannot read {path}: no such file")
    return source


__all__ = ["ReferenceService"]
