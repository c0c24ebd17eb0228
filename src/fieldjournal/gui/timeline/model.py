"""The journal's entries newest first, with month headings, loaded a page at a time.

A 50,000-entry journal opens as fast as an empty one: only ``count_entries`` and the
first page are read; the view asks for more (``canFetchMore``/``fetchMore``) as it
scrolls. Rows are a flat list in which a month heading precedes that month's entries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.records import ChangeSet, Entry, EntrySummary
from fieldjournal.domain.text import first_line
from fieldjournal.domain.timeutil import parse_datetime
from fieldjournal.gui.widgets.entry_drag import ENTRY_MIME, entry_mime
from fieldjournal.gui.widgets.formatting import month_key, month_label, short_date
from fieldjournal.gui.widgets.icons import kind_icon

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
HEADING_ROLE = Qt.ItemDataRole.UserRole + 3
# More changed entries than this (an import) reload the list instead of updating rows.
BULK_CHANGES = 100

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class MonthHeading:
    key: tuple[int, int]
    label: str


@dataclass
class _Rows:
    items: list[MonthHeading | EntrySummary] = field(default_factory=list)
    loaded: int = 0  # entry summaries fetched so far (headings not counted)

    def append_page(self, page: list[EntrySummary]) -> list[MonthHeading | EntrySummary]:
        last = next(
            (r for r in reversed(self.items) if isinstance(r, EntrySummary)),
            None,
        )
        added: list[MonthHeading | EntrySummary] = []
        for summary in page:
            key = month_key(summary.occurred_at)
            if last is None or month_key(last.occurred_at) != key:
                added.append(MonthHeading(key, month_label(summary.occurred_at)))
            added.append(summary)
            last = summary
        return added


def summary_of(entry: Entry) -> EntrySummary:
    """The list view of a full entry (to update one row without a query)."""
    return EntrySummary(
        id=entry.id,
        kind=entry.kind,
        title=entry.title,
        occurred_at=entry.occurred_at,
        site=entry.site,
        memo_type=entry.memo_type,
        first_line=first_line(entry.body),
        updated_at=entry.updated_at,
        deleted_at=entry.deleted_at,
        actors=tuple(entry.actor_names),
        codes=entry.codes,
    )


class TimelineModel(QAbstractListModel):
    PAGE = 200

    def __init__(self, journal: Journal, flt: EntryQuery | None = None) -> None:
        super().__init__()
        self._journal = journal
        self._filter = flt or EntryQuery()
        self._rows = _Rows()
        self._fetching = False
        self._total: int | None = None  # counted when a view first asks (hidden tabs never do)

    # --- Qt model interface --------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows.items)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self._fetching and self._rows.loaded < self.total

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        page = self._journal.list_entries(self._filter, limit=self.PAGE, offset=self._rows.loaded)
        if not page:
            self._total = self._rows.loaded
            return
        added = self._rows.append_page(page)
        first = len(self._rows.items)
        self._fetching = True  # views may ask for more while rows are being inserted
        try:
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            self._rows.items.extend(added)
            self._rows.loaded += len(page)
            self.endInsertRows()
        finally:
            self._fetching = False

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._rows.items[index.row()], MonthHeading):
            return Qt.ItemFlag.ItemNeverHasChildren  # not enabled: arrow keys skip headings
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled  # onto a memo's About list
        )

    def mimeTypes(self) -> list[str]:
        return [ENTRY_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = [str(index.data(ENTRY_ID_ROLE)) for index in indexes if index.data(ENTRY_ID_ROLE)]
        return entry_mime(ids)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.LinkAction | Qt.DropAction.CopyAction

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows.items):
            return None
        row = self._rows.items[index.row()]
        if isinstance(row, MonthHeading):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return row.label
            if role == HEADING_ROLE:
                return True
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(row.kind)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            where = f", {row.site}" if row.site else ""
            return f"{row.kind.label}, {short_date(row.occurred_at)}{where}: {row.label}"
        if role == ENTRY_ID_ROLE:
            return row.id
        if role == SUMMARY_ROLE:
            return row
        if role == HEADING_ROLE:
            return False
        return None

    # --- queries and refresh -------------------------------------------------------
    @property
    def total(self) -> int:
        if self._total is None:
            self._total = self._journal.count_entries(self._filter)
        return self._total

    @property
    def counted(self) -> bool:
        return self._total is not None

    @property
    def filter(self) -> EntryQuery:
        return self._filter

    def set_filter(self, flt: EntryQuery) -> None:
        self._filter = flt
        self.reload(keep_loaded=False)

    def row_of(self, entry_id: str) -> int:
        for number, row in enumerate(self._rows.items):
            if isinstance(row, EntrySummary) and row.id == entry_id:
                return number
        return -1

    def entry_ids(self) -> list[str]:
        return [r.id for r in self._rows.items if isinstance(r, EntrySummary)]

    def reload(self, *, keep_loaded: bool = True) -> None:
        """Read the list again, as far as it had been scrolled."""
        wanted = max(self._rows.loaded, self.PAGE) if keep_loaded else self.PAGE
        self.beginResetModel()
        self._rows = _Rows()
        self._total = self._journal.count_entries(self._filter)
        page = self._journal.list_entries(self._filter, limit=wanted, offset=0)
        self._rows.items = self._rows.append_page(page)
        self._rows.loaded = len(page)
        self.endResetModel()

    def apply_changes(self, changes: ChangeSet, fresh: Mapping[str, Entry] | None = None) -> None:
        """Update rows in place when only their text changed; read the list again otherwise.

        ``fresh`` holds the entries as the change left them (the operation handed them
        back): those are never read again. Others that neither are in the list nor belong
        in it (a fieldnote saved while this lists memos) cost one lookup and no reload.
        """
        if changes.removed_entries and any(self.row_of(i) >= 0 for i in changes.removed_entries):
            self.reload()
            return
        touched = set(changes.entries) - set(changes.removed_entries)
        if not touched:
            return
        if not self.counted:
            return  # never shown: it will read the fresh list when it is
        if len(touched) > BULK_CHANGES:
            self.reload()  # an import: one page read beats looking up every entry
            return
        handed = {i: e for i, e in (fresh or {}).items() if i in touched}
        missing = sorted(touched - handed.keys())
        entries = list(handed.values()) + (self._journal.get_entries(missing) if missing else [])
        updates = []
        for entry in entries:
            number = self.row_of(entry.id)
            belongs = self._filter_matches(entry)
            if number < 0:
                if belongs and self._beyond_loaded(entry):
                    self._total = None  # it arrives with a later page; recount lazily
                elif belongs:
                    self.reload()
                    return
                continue
            old = self._rows.items[number]
            assert isinstance(old, EntrySummary)
            if not belongs or old.occurred_at != entry.occurred_at:
                self.reload()
                return
            updates.append((number, summary_of(entry)))
        for number, summary in updates:
            self._rows.items[number] = summary
            index = self.index(number, 0)
            self.dataChanged.emit(index, index)

    def _beyond_loaded(self, entry: Entry) -> bool:
        """Older than every loaded row while more remain: a later page will bring it."""
        if self._rows.loaded >= self.total:
            return False
        last = next((r for r in reversed(self._rows.items) if isinstance(r, EntrySummary)), None)
        return last is not None and entry.occurred_at < last.occurred_at

    def _filter_matches(self, entry: Entry) -> bool:
        """Whether ``entry`` belongs in this list (the same rules as ``list_entries``)."""
        flt = self._filter
        if (entry.deleted_at is not None) != flt.trashed:
            return False
        if flt.kind is not None and entry.kind != EntryKind(flt.kind):
            return False
        if flt.site and entry.site.casefold() != flt.site.strip().casefold():
            return False
        if flt.actor and flt.actor.casefold() not in {n.casefold() for n in entry.actor_names}:
            return False
        if flt.code:
            paths = set(entry.codes) | {s.code_path for s in entry.segments}
            if not any(p == flt.code or p.startswith(flt.code + "/") for p in paths):
                return False
        moment = entry.occurred_at
        if flt.since and moment < parse_datetime(flt.since):
            return False
        return not (flt.until and moment > parse_datetime(flt.until))
