"""Chapters: drafts stored in the journal, compiled and exported to pseudonymised DOCX.

An export reads the journal (actors' names, the notes the excerpts quote) and then works
outside any transaction: compile to blocks, draw them as DOCX, check the file for real
names, and only then move it into place. Generated pseudonyms (``[Participant 7]``) are
numbered once and kept, so every export names the same actor the same way.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldjournal.domain.analysis import FigureRef
from fieldjournal.domain.chapters import (
    Chapter,
    ChapterDraft,
    ChapterSummary,
    ExcerptRef,
    Section,
)
from fieldjournal.domain.enums import ActorKind, EntryKind
from fieldjournal.domain.errors import EditConflict, InvalidInput
from fieldjournal.domain.pseudonyms import (
    NameRule,
    NameSubstitution,
)
from fieldjournal.domain.records import Actor, ChangeSet, Outcome
from fieldjournal.domain.timeutil import now
from fieldjournal.exchange.chapter_blocks import (
    CitationStyle,
    Compiled,
    Progress,
    ResolvedExcerpts,
)
from fieldjournal.exchange.chapter_compiler import ChapterCompiler, CompileOptions, document_text
from fieldjournal.exchange.chapter_prose import check_draft, excerpt_refs, figure_refs
from fieldjournal.exchange.citations import cited_keys
from fieldjournal.exchange.csl_render import CslRenderer, remember_rendered, rendered_to_save
from fieldjournal.exchange.docx_writer import DocxWriter
from fieldjournal.exchange.markdown_chapter import parse_chapter, serialise_chapter
from fieldjournal.exchange.names.docx_scan import deliver
from fieldjournal.exchange.names.leak_check import LeakCheck
from fieldjournal.exchange.names.replacer import Pseudonymiser
from fieldjournal.services.context import ServiceContext
from fieldjournal.services.excerpt_resolver import ExcerptResolver, NameFinder
from fieldjournal.services.name_rules import substitution
from fieldjournal.services.reference_service import ReferenceService
from fieldjournal.storage.models import (
    ChapterRow,
    CodeRow,
    EntryCodeRow,
    EntryRow,
    Meta,
    ReferenceRow,
    SegmentRow,
)
from fieldjournal.storage.repositories import actors as actor_repo
from fieldjournal.storage.repositories import chapters as chapter_repo
from fieldjournal.storage.repositories import codes as code_repo
from fieldjournal.storage.repositories import references as reference_repo
from fieldjournal.storage.repositories.ids import new_id


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How to export: names, author, sources appendix, citation form, document time."""

    real_names: bool = False
    author: str = ""
    sources: bool = False
    citation: CitationStyle = field(default_factory=CitationStyle)
    timestamp: datetime | None = None
    style: str = "apa"  # the CSL style of literature citations: a shipped style's name or a path


@dataclass(frozen=True, slots=True)
class ExportReport:
    path: Path
    excerpts: int
    real_names: bool
    warnings: tuple[str, ...] = ()
    generated: tuple[tuple[str, str], ...] = field(default=())
    withheld: tuple[str, ...] = field(default=())  # each excerpt left out, and why


ExportSteps = Generator[Progress, None, ExportReport]


RENDERED_KEY = "rendered_citations"  # works citeproc rendered: render key -> fields
RENDERED_MAX = 2000


def _content(chapter: Chapter) -> tuple[str, tuple[Section, ...]]:
    """What a reader of the chapter sees: its title and outline, not when it was saved."""
    return chapter.title, chapter.sections


class ChapterService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._rendered_loaded: str | None = None
        self._rendered_kept: set[str] = set()  # render keys the journal holds

    # --- drafts -------------------------------------------------------------------------
    def add(self, draft: ChapterDraft) -> Outcome[Chapter]:
        clean = check_draft(draft)
        moment = now()
        with self.ctx.db.writing() as session:
            row = ChapterRow(id=new_id(), title=clean.title, created_at=moment, updated_at=moment)
            session.add(row)
            chapter_repo.set_sections(row, clean.sections)
            session.flush()
            record = chapter_repo.record(row)
        return Outcome(record, self.ctx.committed(ChangeSet(chapters=True)))

    def import_text(self, text: str, default_title: str = "") -> Outcome[Chapter]:
        """Store a chapter written in its text form (light Markdown with excerpt tokens)."""
        return self.add(parse_chapter(text, default_title))

    def all(self) -> list[ChapterSummary]:
        """Chapters, most recently changed first."""
        with self.ctx.db.reading() as session:
            return chapter_repo.summaries(session)

    def get(self, chapter_id: str) -> Chapter:
        with self.ctx.db.reading() as session:
            return chapter_repo.record(chapter_repo.get(session, chapter_id))

    def text(self, chapter_id: str) -> str:
        """The chapter in its text form, as ``import_text`` reads it."""
        chapter = self.get(chapter_id)
        return serialise_chapter(chapter.title, chapter.sections)

    def update(
        self,
        chapter_id: str,
        *,
        title: str | None = None,
        sections: tuple[Section, ...] | list[Section] | None = None,
        base: Chapter | None = None,
    ) -> Outcome[Chapter]:
        """Change the title and/or the outline.

        ``base`` is the chapter as the editor last read it: if the stored chapter has
        moved on since (a script, another window) and this change would replace it with
        something else, nothing is changed and ``EditConflict`` says so, so newer text
        is never overwritten unseen.
        """
        with self.ctx.db.writing() as session:
            row = chapter_repo.get(session, chapter_id)
            current = chapter_repo.record(row)
            clean = check_draft(
                ChapterDraft(
                    current.title if title is None else title,
                    current.sections if sections is None else tuple(sections),
                )
            )
            if base is not None and _content(current) != _content(base):
                unchanged = clean.title == current.title and (
                    sections is None or clean.sections == current.sections
                )
                if not unchanged:
                    raise EditConflict(
                        f"the chapter {current.title!r} was changed elsewhere since it was opened",
                        ("title", "sections"),
                    )
            row.title = clean.title
            if sections is not None:
                chapter_repo.set_sections(row, clean.sections)
            row.updated_at = now()
            session.flush()
            record = chapter_repo.record(row)
        return Outcome(record, self.ctx.committed(ChangeSet(chapters=True)))

    def delete(self, chapter_id: str) -> Outcome[str]:
        with self.ctx.db.writing() as session:
            row = chapter_repo.get(session, chapter_id)
            session.delete(row)
        return Outcome(row.id, self.ctx.committed(ChangeSet(chapters=True)))

    # --- names ----------------------------------------------------------------------------
    def names(self, real_names: bool) -> NameSubstitution:
        """The substitution an export uses; numbers generated pseudonyms on first need."""
        return substitution(self.ctx, real_names)

    # --- compiling and exporting ----------------------------------------------------------
    def compiler(
        self,
        title: str,
        sections: tuple[Section, ...],
        options: ExportOptions,
        names: NameSubstitution | None = None,
        *,
        problems_in_place: bool = False,
    ) -> ChapterCompiler:
        keep = problems_in_place
        refs = [ref for s in sections for ref in excerpt_refs(s.body, keep_bad=keep)]
        figure_refs_ = [  # a body that never says "figure" holds no figure token: not parsed again
            ref
            for s in sections
            if "figure" in s.body.lower()
            for ref in figure_refs(s.body, keep_bad=keep)
        ]
        problems: dict[ExcerptRef, str] | None = {} if keep else None
        figure_problems: dict[FigureRef, str] | None = {} if keep else None
        substitution = names or self.names(options.real_names)
        with self.ctx.db.reading() as session:
            named = _withholding_names(actor_repo.all_records(session))
            excerpts = ExcerptResolver(session, named).resolve_all(refs, problems)
        figures: dict[FigureRef, bytes] = {}
        if figure_refs_:  # the charts and their libraries load only for a chapter with figures
            from fieldjournal.services.analysis_service import AnalysisService
            from fieldjournal.services.figure_drawing import draw_figures

            analysis = AnalysisService(self.ctx)
            figures = draw_figures(analysis, figure_refs_, substitution, figure_problems)
        compile_options = CompileOptions(
            citation=options.citation,
            sources=options.sources,
            references=self._references(sections, excerpts, options.style),
        )
        every_problem: dict[ExcerptRef | FigureRef, str] | None = None
        if problems is not None and figure_problems is not None:
            every_problem = {}
            every_problem.update(problems.items())
            every_problem.update(figure_problems.items())
        return ChapterCompiler(
            title, sections, excerpts, substitution, compile_options, every_problem, figures
        )

    def _references(
        self, sections: tuple[Section, ...], excerpts: ResolvedExcerpts, style: str
    ) -> CslRenderer | None:
        """A renderer over the works the draft and the memos it quotes cite (None when
        they cite none)."""
        texts = [s.body for s in sections]
        texts += [
            e.text for found in excerpts.values() for e in found if e.note.kind is EntryKind.MEMO
        ]
        keys = {key for text in texts if "@" in text for key in cited_keys(text)}
        if not keys:
            return None
        with self.ctx.db.reading() as session:
            rows = session.scalars(select(ReferenceRow).where(ReferenceRow.citekey.in_(keys)))
            items = {row.citekey: reference_repo.record(row).item for row in rows}
            saved = session.get(Meta, RENDERED_KEY)
        if saved is not None and saved.value != self._rendered_loaded:
            self._rendered_loaded = saved.value
            kept = json.loads(saved.value)
            self._rendered_kept = set(kept)
            remember_rendered(kept)
        return CslRenderer(style, items)

    def _keep_rendered(self, renderer: CslRenderer | None) -> None:
        """Works this export used that the journal does not hold yet are kept in it, so
        the next export (a new process, from the command line) renders none of them again."""
        if renderer is None:
            return
        new = {known: w for known, w in renderer.used.items() if known not in self._rendered_kept}
        if not new:
            return
        with self.ctx.db.writing() as session:
            row = session.get(Meta, RENDERED_KEY)
            kept = json.loads(row.value) if row is not None else {}
            kept.update(rendered_to_save(new))
            if len(kept) > RENDERED_MAX:  # the oldest go first
                kept = dict(list(kept.items())[-RENDERED_MAX:])
            value = json.dumps(kept, ensure_ascii=False)
            if row is None:
                session.add(Meta(key=RENDERED_KEY, value=value))
            else:
                row.value = value
        self._rendered_loaded = value
        self._rendered_kept = set(kept)

    def compile(
        self,
        title: str,
        sections: tuple[Section, ...],
        options: ExportOptions,
        *,
        problems_in_place: bool = False,
    ) -> Compiled:
        """Compile a draft (saved or not), for a preview or a test; a preview marks each
        reference that cannot be quoted where it stands (``problems_in_place``)."""
        return self.compiler(title, sections, options, problems_in_place=problems_in_place).result

    def export_steps(
        self, title: str, sections: tuple[Section, ...], target: Path, options: ExportOptions
    ) -> ExportSteps:
        """Export, yielding progress; the generator's return value is the report."""
        target = Path(target)
        if not target.parent.is_dir():
            raise InvalidInput(f"cannot write {target}: the folder {target.parent} does not exist")
        ReferenceService(self.ctx).refresh()  # a linked bibliography may have changed
        names = self.names(options.real_names)
        compiler = self.compiler(title, sections, options, names)
        yield from compiler.steps()
        self._keep_rendered(compiler.options.references)
        compiled = compiler.result
        author = names.apply(" ".join(document_text(options.author)[0].split()))
        writer = DocxWriter(compiled, author=author, timestamp=options.timestamp)
        yield from writer.steps()
        check = LeakCheck(names.rules) if isinstance(names, Pseudonymiser) else None
        deliver(writer.to_bytes(), target, check)
        yield Progress("check", 1, 1)
        return ExportReport(
            target,
            compiled.excerpt_count,
            options.real_names,
            compiled.warnings,
            compiled.generated,
            compiled.withheld,
        )

    def chapter_export_steps(
        self, chapter_id: str, target: Path, options: ExportOptions
    ) -> ExportSteps:
        chapter = self.get(chapter_id)
        return self.export_steps(chapter.title, chapter.sections, target, options)

    # --- code retrieval reports -------------------------------------------------------------
    def report_draft(self, path: str) -> ChapterDraft:
        """A code report as a chapter: one section per code (root first), its excerpts in order.

        Each section quotes only what is coded with that very code; sub-codes follow as
        deeper sections, so the report groups every excerpt under its sub-code.
        """
        with self.ctx.db.reading() as session:
            root = code_repo.get(session, path)
            codes = sorted(code_repo.subtree(session, root), key=lambda c: c.path.split("/"))
            sections = []
            for code in codes:
                tokens = self._code_tokens(session, code)
                depth = code.path.count("/") - root.path.count("/")
                body = "\n\n".join([*([code.description] if code.description else []), *tokens])
                sections.append(Section(code.path, min(depth + 1, 3), body or "No excerpts."))
        return ChapterDraft(f"Code report: {root.path}", tuple(sections))

    @staticmethod
    def _code_tokens(session: Session, code: CodeRow) -> list[str]:
        """Tokens of what is coded with exactly ``code`` (segments, whole entries), oldest
        first; each passage once: an entry coded as a whole is quoted whole, and not again
        for the segments of it coded the same."""
        live = EntryRow.deleted_at.is_(None)
        segments = session.execute(
            select(EntryRow.occurred_at, EntryRow.id, SegmentRow.start, SegmentRow.id)
            .join(EntryRow, EntryRow.id == SegmentRow.entry_id)
            .where((SegmentRow.code_id == code.id) & live)
        )
        entries = session.execute(
            select(EntryRow.occurred_at, EntryRow.id)
            .join(EntryCodeRow, EntryCodeRow.entry_id == EntryRow.id)
            .where((EntryCodeRow.code_id == code.id) & live)
        )
        found = [(at, eid, -1, f"[[entry:{eid}]]") for at, eid in entries]
        whole = {eid for _, eid, _, _ in found}
        found += [
            (at, eid, start, f"[[segment:{sid}]]")
            for at, eid, start, sid in segments
            if eid not in whole
        ]
        return [token for *_, token in sorted(found)]

    def export_report(self, path: str, target: Path, options: ExportOptions) -> ExportSteps:
        draft = self.report_draft(path)
        return self.export_steps(draft.title, draft.sections, target, options)


def _withholding_names(actors: list[Actor]) -> NameFinder | None:
    """Finds, in a note's text, actors whose consent keeps the note from being quoted."""
    rules = [
        NameRule(
            actor.name,
            actor.all_names,
            "[withheld]",
            generated=True,
            person=actor.kind is ActorKind.PERSON,
            common_word=actor.common_word,
        )
        for actor in actors
        if not actor.consent.may_quote
    ]
    return Pseudonymiser(rules, check_pseudonyms=False).find if rules else None


def drain(steps: ExportSteps) -> ExportReport:
    """Run an export to the end without following its progress."""
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            report: ExportReport = stop.value
            return report


__all__ = ["ChapterService", "ExportOptions", "ExportReport", "drain"]
