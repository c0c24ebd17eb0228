"""The Analysis window (Ctrl+7): pick a view and filters; see the chart and its numbers.

matplotlib is imported when the window first draws, not when the app starts. Clicking a
bar, cell, node or edge (or a row of the table) asks for the entries behind that mark;
the main window lists them in the search panel. The chart follows the journal: what any
window (or a script) commits redraws it, a moment after the last change so a burst of
saves draws once (a longer moment while another window is in use: the researcher typing
a note is not held up between autosaves); a changed option redraws at once, a typed
filter when typing pauses.
The window shows real names, as the app does everywhere; Export… writes the chart
pseudonymised unless asked otherwise, like the command line and chapter figures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.analysis import (
    ActivityBy,
    Arrangement,
    Behind,
    ChartData,
    ChartFilter,
    ChartOptions,
    ChartView,
    Cooccurrence,
    Mark,
    Period,
)
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.domain.filenames import file_name
from fieldjournal.domain.wording import counted
from fieldjournal.gui.analysis.export_dialog import ChartExportDialog
from fieldjournal.gui.analysis.table_model import ChartTableModel
from fieldjournal.gui.operations import Changed, Operations
from fieldjournal.gui.widgets.errors import message_for, show_error

ExportAsker = Callable[[QWidget, Path], tuple[tuple[Path, bool] | None, bool]]
AFTER_CHANGES_MS = 800  # the journal changed: redraw once the saves have settled
# ... and longer when the researcher works in another window: counting and drawing a large
# journal holds the app for a moment, which must not fall between two autosaves of a note.
AFTER_CHANGES_ELSEWHERE_MS = 3000
AFTER_TYPING_MS = 500  # a filter is being typed: redraw when typing pauses


def ask_export(parent: QWidget, suggested: Path) -> tuple[tuple[Path, bool] | None, bool]:
    return ChartExportDialog.get_export(suggested, parent)


class AnalysisWindow(QWidget):
    entries_requested = Signal(object, str)  # Behind: entries and passages; what they are behind

    def __init__(self, journal: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.journal = journal
        self.setWindowTitle("Analysis")
        self.view = QComboBox()
        self.view.setAccessibleName("Chart")
        for view in ChartView:
            self.view.addItem(view.label, view)
        self.since, self.until = QLineEdit(), QLineEdit()
        self.since.setPlaceholderText("from (YYYY-MM-DD)")
        self.until.setPlaceholderText("until (YYYY-MM-DD)")
        self.code = QLineEdit()
        self.code.setPlaceholderText("codes, separated by commas")
        self.code.setToolTip(
            "One code: its own uses and each child's, a series each. "
            "Several: a series per code, with its sub-codes."
        )
        self.actor = QLineEdit()
        self.actor.setPlaceholderText("actors, separated by commas")
        self.site = QLineEdit()
        self.site.setPlaceholderText("sites, separated by commas")
        self.kinds = {kind: QCheckBox(kind.label) for kind in EntryKind}
        self.period = QComboBox()
        for period in Period:
            self.period.addItem(f"per {period.value}", period)
        self.by = QComboBox()
        for split in ActivityBy:
            self.by.addItem(f"by {split.value}", split)
        self.arrangement = QComboBox()
        self.arrangement.setAccessibleName("Arrangement")
        self.arrangement.addItem("stacked", Arrangement.STACKED)
        self.arrangement.addItem("small multiples", Arrangement.MULTIPLES)
        self.cooccurrence = QComboBox()
        self.cooccurrence.addItem("in the same entry", Cooccurrence.ENTRY)
        self.cooccurrence.addItem("overlapping passages", Cooccurrence.SEGMENTS)
        self.gap = QSpinBox()  # passages this near still co-occur (0: they must overlap)
        self.gap.setAccessibleName("Passages apart by at most")
        self.gap.setRange(0, 100_000)
        self.gap.setSingleStep(50)
        self.gap.setPrefix("or within ")
        self.gap.setSuffix(" characters")
        self.export_button = QPushButton("&Export…")
        self.export_button.setToolTip("The chart as PNG (300 dpi), SVG or PDF, or its numbers")
        self.ask_export: ExportAsker = ask_export
        self.export_folder = Path.home()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Analysis message")

        form = QFormLayout()
        form.addRow("View", self.view)
        dates = QHBoxLayout()
        dates.addWidget(self.since)
        dates.addWidget(self.until)
        form.addRow("Dates", dates)
        kinds = QHBoxLayout()
        for box in self.kinds.values():
            kinds.addWidget(box)
        form.addRow("Kinds", kinds)
        form.addRow("Code", self.code)
        form.addRow("Actors", self.actor)
        form.addRow("Sites", self.site)
        options = self._options_row = QHBoxLayout()
        for combo in (self.period, self.by, self.arrangement, self.cooccurrence, self.gap):
            options.addWidget(combo)
        form.addRow("Count", options)
        form.addRow(self.export_button)
        form.addRow(self.message)
        controls = QWidget()
        controls.setLayout(form)

        self.table_model = ChartTableModel()
        self.table = QTableView()
        self.table.setAccessibleName("The chart's numbers")
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._row_chosen)
        self.table.doubleClicked.connect(self._row_chosen)
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.table)
        copy.activated.connect(self.copy_table)
        self.chart_page = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_page)
        self.canvas: Any = None
        self.drawn: Any = None
        self.pages = QTabWidget()
        self.pages.addTab(self.chart_page, "Chart")
        self.pages.addTab(self.table, "Table")
        splitter = QSplitter()
        splitter.addWidget(controls)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.data: ChartData | None = None
        self._flt, self._options = ChartFilter(), ChartOptions()
        self._stale = False  # the journal changed while the window was hidden
        self._exporting = False
        self.error_box: QMessageBox | None = None  # the last refusal shown
        self._asked = self._answered = 0  # counts asked for, and the latest one answered
        # Its own runner, as the chapter editor has: every commit reaches it, and the
        # counts and the export run on a worker thread with a refusal said in one place.
        self.ops = Operations(journal, self)
        self.ops.changed.connect(self._journal_changed)
        self.ops.failed.connect(self._failed)
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.timeout.connect(self.redraw)
        self.export_button.clicked.connect(self.export)
        self.view.currentIndexChanged.connect(self.redraw)
        for combo in (self.period, self.by, self.arrangement, self.cooccurrence):
            combo.currentIndexChanged.connect(self.redraw)
        self.gap.valueChanged.connect(lambda _value: self._redraw_soon(AFTER_TYPING_MS))
        for field in (self.since, self.until, self.code, self.actor, self.site):
            field.returnPressed.connect(self.redraw)
            field.textEdited.connect(lambda _text: self._redraw_soon(AFTER_TYPING_MS))
        for box in self.kinds.values():
            box.toggled.connect(self.redraw)
        self._show_options(self.current_view())
        self.resize(1100, 640)

    # --- what to count ---------------------------------------------------------------
    def current_view(self) -> ChartView:
        return ChartView(self.view.currentData())  # Qt hands the enum back as its string

    def _show_options(self, view: ChartView) -> None:
        """Only the options of ``view`` (set before the window is first laid out, so the
        hidden ones do not widen the controls at the chart's expense)."""
        self.period.setVisible(view is ChartView.CODES_OVER_TIME)
        self.by.setVisible(view is ChartView.ACTIVITY)
        self.arrangement.setVisible(view in (ChartView.CODES_OVER_TIME, ChartView.ACTIVITY))
        self.cooccurrence.setVisible(view is ChartView.COOCCURRENCE)
        segments = Cooccurrence(self.cooccurrence.currentData()) is Cooccurrence.SEGMENTS
        self.gap.setVisible(view is ChartView.COOCCURRENCE and segments)
        self._options_row.invalidate()  # a window not yet shown keeps the old widths else

    def current_filter(self) -> ChartFilter:
        return ChartFilter.of(
            since=self.since.text().strip() or None,
            until=self.until.text().strip() or None,
            kinds=[kind for kind, box in self.kinds.items() if box.isChecked()],
            sites=self.site.text().split(","),
            code=self.code.text().split(","),
            actors=self.actor.text().split(","),
        )

    def current_options(self) -> ChartOptions:
        return ChartOptions(
            period=Period(self.period.currentData()),
            by=ActivityBy(self.by.currentData()),
            cooccurrence=Cooccurrence(self.cooccurrence.currentData()),
            gap=self.gap.value(),
            arrangement=Arrangement(self.arrangement.currentData()),
        )

    @property
    def counting(self) -> bool:
        """A count is on its way (the chart shown is the one before it)."""
        return self._answered < self._asked

    def redraw(self) -> None:
        """Count the current view through the runner on a worker thread (a large journal
        takes a moment), then draw it here; a filter that cannot be read, or a count
        refused, is said in the window's message (the runner's ``failed``)."""
        self.settle.stop()
        self._stale = False
        view = self.current_view()
        self._show_options(view)
        try:
            flt, options = self.current_filter(), self.current_options()
        except FieldjournalError as error:
            self.ops.report(error)
            return
        self._asked += 1
        asked, journal = self._asked, self.journal
        task = self.ops.run_in_background(
            lambda: journal.chart(view, flt, options, real_names=True),
            done=lambda data: self._counted(asked, flt, options, data),
            failed=lambda _error: self._count_ended(asked),
            flush=False,  # a read: what is typed elsewhere is saved by its own window
            loud=False,
        )
        if task is None:
            self._count_ended(asked)

    def _count_ended(self, asked: int) -> None:
        self._answered = max(self._answered, asked)

    def _counted(
        self, asked: int, flt: ChartFilter, options: ChartOptions, data: ChartData
    ) -> None:
        if asked < self._asked:
            return  # a later count is on its way: only the latest is drawn
        self._count_ended(asked)
        self._flt, self._options = flt, options
        self.data = data
        passages = data.view not in (ChartView.ACTIVITY, ChartView.NETWORK)
        self._say(
            f"{counted(len(data.marks), 'mark')}, {data.total:,} counted. "
            f"Click one to list its entries{' and passages' if passages else ''}."
        )
        self.table_model.show(data)
        self._draw(data)

    def _draw(self, data: ChartData) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        from fieldjournal.exchange.charts.figure import draw

        if self.canvas is None:
            self.canvas = FigureCanvasQTAgg(Figure())
            self.canvas.setAccessibleName("Chart")
            self.canvas.mpl_connect("pick_event", self._picked)
            self.chart_layout.addWidget(self.canvas)
        self.canvas.figure.clear()
        self.drawn = draw(data, self.canvas.figure)
        self.canvas.draw_idle()

    # --- from a mark to its entries --------------------------------------------------
    def _picked(self, event: Any) -> None:
        if self.drawn is None:
            return
        if event.artist in self.drawn.by_position:  # stacked steps: the period under the mouse
            index = round(event.mouseevent.xdata)
        else:
            index = int(event.ind[0]) if getattr(event, "ind", None) is not None else 0
        mark = self.drawn.mark_of(event.artist, index)
        if mark is not None:
            self.show_entries(mark)

    def _row_chosen(self, index: QModelIndex) -> None:
        mark = self.table_model.mark(index.row())
        if mark is not None:
            self.show_entries(mark)

    def behind(self, mark: Mark) -> Behind:
        """The entries and passages behind ``mark`` as counted (a network node has no
        second key): one read of the journal, which may run on a worker thread."""
        return self.journal.behind(
            self.current_view(), mark.first_key, mark.second_key or None, self._flt, self._options
        )

    def show_entries(self, mark: Mark) -> None:
        """Ask for the entries and passages behind ``mark`` to be listed."""
        described = f"{mark.first} × {mark.second}" if mark.second else mark.first
        label = f"{self.current_view().label.lower()}: {described}"
        self.entries_requested.emit(self.behind(mark), label)

    def copy_table(self) -> None:
        QGuiApplication.clipboard().setText(self.table_model.as_text())

    # --- following the journal -------------------------------------------------------
    def _journal_changed(self, changed: Changed) -> None:
        """What was counted changed (entries, their actors, codes or codings): redraw."""
        c = changed.changes
        if c.entries or c.removed_entries or c.actors or c.codes or c.segments:
            if self.isVisible():
                here = self.isActiveWindow()
                self._redraw_soon(AFTER_CHANGES_MS if here else AFTER_CHANGES_ELSEWHERE_MS)
            else:
                self._stale = True

    def _redraw_soon(self, delay_ms: int) -> None:
        self.settle.start(delay_ms)  # restarted by each change: one redraw after the last

    # --- export ----------------------------------------------------------------------
    def suggested_file(self) -> Path:
        return self.export_folder / file_name(self.current_view().label, ".png", "chart")

    def export(self) -> bool:
        """Ask where, then write the chart as drawn (its view, filters and options) on a
        worker thread; False when nothing was started."""
        if self._exporting or self.data is None:
            return False
        chosen, accepted = self.ask_export(self, self.suggested_file())
        if not accepted or chosen is None:
            return False
        target, real_names = chosen
        view, flt, options = self.data.view, self._flt, self._options
        self._exporting = True
        self.export_button.setEnabled(False)
        self._say(f"Writing {target.name}…")

        def write() -> Any:
            return self.journal.export_chart(view, target, flt, options, real_names=real_names)

        task = self.ops.run_in_background(write, done=self._exported, failed=self._not_exported)
        if task is None:
            self._not_exported(None)
            return False
        self.export_folder = target.parent
        return True

    def _exported(self, report: Any) -> None:
        self._exporting = False
        self.export_button.setEnabled(True)
        names = "with REAL NAMES" if report.real_names else "pseudonymised"
        self._say(f"Wrote {report.path} ({counted(report.marks, 'mark')}, {names}).")

    def _not_exported(self, _error: BaseException | None) -> None:
        self._exporting = False
        self.export_button.setEnabled(True)

    def _failed(self, error: BaseException, loud: bool, _initiator: object) -> None:
        """A filter that cannot be read or a refused export (a real name found, a full
        disk) is said here and, for the export the researcher waited for, in a message."""
        self._say(message_for(error))
        if loud:
            self.error_box = show_error(self, error)

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.data is None or self._stale:
            self.redraw()

    def closeEvent(self, event: Any) -> None:
        self.settle.stop()
        self.ops.wait()  # a count or export in flight finishes (an export writes at the end)
        self.ops.close()
        super().closeEvent(event)


def open_analysis_window(journal: Any, parent: QWidget | None = None) -> AnalysisWindow:
    """Open (and show) the Analysis window; the main window calls this from its menu."""
    window = AnalysisWindow(journal, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window
