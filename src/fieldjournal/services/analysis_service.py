"""The analysis views: their numbers from SQL aggregates, labelled for a reader.

Labels are pseudonymised unless real names are asked for, like every export: an actor is
named by its pseudonym, and codes and sites pass through the same substitution (a site may
be somebody's house). The keys stay ids, so the entries behind a mark can be listed.
"""

from __future__ import annotations

from sqlalchemy import select

from fieldjournal.domain.analysis import (
    NO_SECTOR,
    NO_SITE,
    ActivityBy,
    Behind,
    ChartData,
    ChartFilter,
    ChartNode,
    ChartOptions,
    ChartView,
    Mark,
    parse_view,
)
from fieldjournal.domain.pseudonyms import NameSubstitution
from fieldjournal.services.context import ServiceContext
from fieldjournal.services.name_rules import substitution
from fieldjournal.storage.models import ActorRow, CodeRow
from fieldjournal.storage.repositories import analysis as analysis_repo
from fieldjournal.storage.repositories import analysis_passages

# Which kind of key each view's two label columns hold.
_KEYS: dict[ChartView, tuple[str, str]] = {
    ChartView.CODES_OVER_TIME: ("period", "code"),
    ChartView.COOCCURRENCE: ("code", "code"),
    ChartView.CODES_BY_ACTOR: ("actor", "code"),
    ChartView.CODES_BY_SECTOR: ("sector", "code"),
    ChartView.NETWORK: ("actor", "actor"),
}


class AnalysisService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def names(self, real_names: bool) -> NameSubstitution:
        """The substitution the labels go through (it numbers generated pseudonyms)."""
        return substitution(self.ctx, real_names)

    def chart(
        self,
        view: ChartView | str,
        flt: ChartFilter | None = None,
        options: ChartOptions | None = None,
        *,
        real_names: bool = False,
        names: NameSubstitution | None = None,
    ) -> ChartData:
        """The view's marks (and the network's nodes), labelled; ``view`` may be named as
        the command line names it (``"network"``), as a script would."""
        view = parse_view(view)
        flt, options = flt or ChartFilter(), options or ChartOptions()
        names = names or self.names(real_names)
        with self.ctx.db.reading() as session:
            counted = analysis_repo.marks(session, view, flt, options)
            sizes = analysis_repo.actor_sizes(session, flt) if view is ChartView.NETWORK else []
            codes = {key: path for key, path in session.execute(select(CodeRow.id, CodeRow.path))}
            actors = {
                actor_id: (name, sector or NO_SECTOR)
                for actor_id, name, sector in session.execute(
                    select(ActorRow.id, ActorRow.name, ActorRow.sector)
                )
            }
        kinds = _KEYS.get(view, ("period", options.by.value))
        said: dict[tuple[str, str], str] = {}

        def label(kind: str, key: str) -> str:
            """Each key's label once: a substitution reads the whole text for every name."""
            if (kind, key) not in said:
                said[kind, key] = labelled(kind, key)
            return said[kind, key]

        def labelled(kind: str, key: str) -> str:
            if kind == "code":
                return names.apply(codes[key])
            if kind == "actor":
                return names.apply(actors[key][0])
            if kind == "sector":
                return key or NO_SECTOR
            if kind == ActivityBy.SITE.value:
                return names.apply(key) if key else NO_SITE
            return key  # a period or an entry kind

        def mark(a: str, b: str, count: int) -> Mark:
            first, second = label(kinds[0], a), label(kinds[1], b)
            if view is ChartView.NETWORK and second.casefold() < first.casefold():
                return Mark(second, first, count, b, a)  # an edge has no direction
            return Mark(first, second, count, a, b)

        marks = tuple(
            sorted(
                (mark(a, b, n) for a, b, n in counted),
                key=lambda m: (m.first.casefold(), m.second.casefold(), m.first_key),
            )
        )
        nodes = tuple(
            ChartNode(actor_id, label("actor", actor_id), actors[actor_id][1], size)
            for actor_id, size in sizes
        )
        return ChartData(view, marks, nodes, options)

    def entries_behind(
        self,
        view: ChartView | str,
        first_key: str,
        second_key: str | None = None,
        flt: ChartFilter | None = None,
        options: ChartOptions | None = None,
    ) -> list[str]:
        """The ids of the entries a mark counts (a network node: ``second_key`` None), oldest
        first; the keys are the mark's ``first_key``/``second_key``."""
        with self.ctx.db.reading() as session:
            return analysis_repo.behind(
                session,
                parse_view(view),
                flt or ChartFilter(),
                options or ChartOptions(),
                first_key,
                second_key,
            )

    def behind(
        self,
        view: ChartView | str,
        first_key: str,
        second_key: str | None = None,
        flt: ChartFilter | None = None,
        options: ChartOptions | None = None,
    ) -> Behind:
        """The entries and coded passages a mark counts, read together (one call, so a
        caller may make it on a worker thread); the keys are the mark's."""
        view, flt, options = parse_view(view), flt or ChartFilter(), options or ChartOptions()
        with self.ctx.db.reading() as session:
            ids = analysis_repo.behind(session, view, flt, options, first_key, second_key)
            found = analysis_passages.passages(session, view, flt, options, first_key, second_key)
        return Behind(tuple(ids), found)


__all__ = ["AnalysisService"]
