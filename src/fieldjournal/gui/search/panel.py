"""Search as you type: debounced queries, snippets, counts and facet filters.

Enter in the query (or on a hit) and a click open the entry with the matched words
highlighted in its body. The query language is the search index's own.

Entries listed from a chart's mark come with the coded passages behind it, in a list of
their own below (see ``passages``), each ready to open or to put in a chapter.

Results shown while the index is still catching up (after an import, a repair or a
rebuild) are looked at again every few seconds, and shown anew once they change.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.records import ChangeSet, EntrySummary, Segment
from fieldjournal.domain.search import SearchHit, SearchResults
from fieldjournal.domain.wording import counted
from fieldjournal.gui.search.delegate import SearchDelegate
from fieldjournal.gui.search.model import (
    ENTRY_ID_ROLE,
    SearchModel,
    SearchSource,
    matched_terms,
)
from fieldjournal.gui.search.passages import PassageList
from fieldjournal.gui.widgets.empty_state import EmptyState
from fieldjournal.gui.widgets.formatting import short_date

DEBOUNCE_MS = 250
RECHECK_MS = 2000  # while the shown results are incomplete, how often to look again
FACETS = (("kind", "All kinds"), ("actor", "Any actor"), ("code", "Any code"))


class SearchPanel(QWidget):
    entry_requested = Signal(str, list)  # entry id, words to highlight
    passage_requested = Signal(str, int, int)  # entry id, start, end: open it selected
    excerpt_requested = Signal(str)  # an excerpt token to put in the chapter

    def __init__(self, journal: SearchSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.query = QLineEdit()
        self.query.setPlaceholderText('Search…  e.g. "delivery arm"')
        self.query.setAccessibleName("Search query")
        self.query.setClearButtonEnabled(True)
        self.setFocusProxy(self.query)
        self.facets: dict[str, QComboBox] = {}
        facet_row = QGridLayout()
        for column, (name, everything) in enumerate(FACETS):
            combo = QComboBox()
            combo.setAccessibleName(f"Search facet {name}")
            combo.addItem(everything, None)
            combo.currentIndexChanged.connect(self._facet_changed)
            self.facets[name] = combo
            facet_row.addWidget(combo, 0, column)
        self.summary = QLabel()
        self.summary.setAccessibleName("Search result count")
        self.summary.setWordWrap(True)
        self.model = SearchModel(journal)
        self.results = QListView()
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(SearchDelegate(self.results))
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.activated.connect(self._open_index)
        self.results.clicked.connect(self._open_index)
        self._refused = False  # the query could not be read (said in the summary)
        self.empty = EmptyState(self.results, self._empty_hint)
        self.passages = PassageList()
        self.passages.hide()
        self.passages.passage_requested.connect(self.passage_requested)
        self.passages.excerpt_requested.connect(self.excerpt_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.query)
        layout.addLayout(facet_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.passages, 1)

        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)
        self._recheck = QTimer(self, singleShot=True, interval=RECHECK_MS)
        self._recheck.timeout.connect(self._look_again)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.query.returnPressed.connect(self._open_first)
        self.query.installEventFilter(self)
        self._filling_facets = False
        self._stale = False

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def current_query(self) -> EntryQuery:
        """The words typed and the facets picked, as the query the search takes."""
        return EntryQuery.of(
            text=self.query.text().strip(),
            kind=self.facets["kind"].currentData(),
            actor=self.facets["actor"].currentData(),
            code=self.facets["code"].currentData(),
        )

    def run_now(self) -> SearchResults | None:
        self._timer.stop()
        self._recheck.stop()
        self._refused = False
        self.passages.clear()  # a search of its own: no mark's passages
        try:
            query = self.current_query()
            if not query.set_fields():
                self.model.clear()
                self.summary.setText("")
                return None
            results = self.model.run(query)
        except FieldjournalError as error:  # shown where the query is typed, not in a dialog
            self._refused = True
            self.model.clear()
            self.summary.setText(str(error))
            return None
        self._show_summary(results)
        self._fill_facets(results)
        if self.model.rowCount() and not self.results.currentIndex().isValid():
            self.results.setCurrentIndex(self.model.index(0, 0))
        if results.indexing:
            self._recheck.start()
        return results

    def _empty_hint(self) -> str:
        results = self.model.results
        if self._refused:
            return ""
        if results is None:
            return (
                "Type words to find them in every entry's title and text, as you type.\n\n"
                '"quoted words" match as a phrase; the lists above narrow to a kind, '
                "an actor or a code. Enter opens the first hit, Up and Down move."
            )
        text = f"Nothing matches “{results.query}”" if results.query else "Nothing matches"
        if any(combo.currentData() is not None for combo in self.facets.values()):
            text += " with these filters"
        if results.indexing:
            return f"{text} yet: the search index is still catching up."
        return f"{text}.\n\nTry fewer or other words, or a word's start followed by *."

    def _look_again(self) -> None:
        """The shown results were incomplete: show them anew once they change.

        Only the count is asked for; the list the researcher may be reading is left alone
        until there is something new in it, or the index has caught up.
        """
        shown = self.model.results
        if shown is None or self.query.text().strip() != shown.query:
            return  # cleared, or a new query is on its way
        if not self.isVisible():
            self._stale = True  # looked at again when next shown
            return
        try:
            fresh = self._journal.search(self.current_query(), limit=0)
        except FieldjournalError:
            return
        if fresh.total != shown.total or not fresh.indexing:
            self.run_now()
        else:
            self._recheck.start()

    def apply_changes(self, changes: ChangeSet) -> None:
        """Entries changed: run the query again (now if shown, else when next shown)."""
        if not (changes.entries or changes.removed_entries) or self.model.results is None:
            return
        if self.isVisible():
            self._timer.start()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._timer.start()

    def show_listed(
        self,
        entries: list[EntrySummary],
        description: str,
        passages: tuple[Segment, ...] | list[Segment] = (),
    ) -> None:
        """List these entries (oldest first) as hits, e.g. the ones behind a chart's mark,
        and the coded passages behind it below them; typing a query searches again."""
        self._timer.stop()
        self._recheck.stop()
        self.model.show(
            [
                SearchHit(
                    id=e.id,
                    title=e.title,
                    kind=e.kind,
                    occurred_at=e.occurred_at,
                    score=0.0,
                    snippet=e.first_line,
                    snippet_html=escape(e.first_line),
                    site=e.site,
                    first_line=e.first_line,
                )
                for e in sorted(entries, key=lambda e: e.occurred_at)
            ]
        )
        self.summary.setText(f"{counted(len(entries), 'entry')} behind {description}")
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0, 0))
        sources = {e.id: f"{e.label}, {short_date(e.occurred_at)}" for e in entries}
        self.passages.show_passages(passages, sources, description)

    def _show_summary(self, results: SearchResults) -> None:
        count = results.total
        parts = [counted(count, "entry")]
        if results.indexing:
            parts.append("(still indexing: more may appear)")
        if results.notice:
            parts.append(f"— {results.notice}")
        self.summary.setText(" ".join(parts))

    def _fill_facets(self, results: SearchResults) -> None:
        self._filling_facets = True
        try:
            for name, combo in self.facets.items():
                chosen = combo.currentData()
                counts = results.facets.get(name, {})
                while combo.count() > 1:
                    combo.removeItem(1)
                for value, number in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                    label = _facet_label(name, value)
                    combo.addItem(f"{label} ({number:,})", value)
                if chosen is not None:
                    found = combo.findData(chosen)
                    if found < 0:
                        combo.addItem(f"{chosen} (0)", chosen)
                        found = combo.count() - 1
                    combo.setCurrentIndex(found)
        finally:
            self._filling_facets = False

    def _facet_changed(self) -> None:
        if not self._filling_facets:
            self.run_now()

    def _open_first(self) -> None:
        if self._timer.isActive() or self.model.results is None:
            self.run_now()
        index = self.results.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self._open_index(index)

    def _open_index(self, index: QModelIndex) -> None:
        entry_id = index.data(ENTRY_ID_ROLE)
        if entry_id:
            self.entry_requested.emit(str(entry_id), matched_terms(self.model.hits))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the query move through the hits without leaving it."""
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step and self.model.rowCount():
                row = self.results.currentIndex().row() + step
                row = min(max(row, 0), self.model.rowCount() - 1)
                self.results.setCurrentIndex(self.model.index(row, 0))
                return True
        return super().eventFilter(watched, event)


def _facet_label(name: str, value: str) -> str:
    if name == "kind" and value in set(EntryKind):
        return EntryKind(value).label
    return value
