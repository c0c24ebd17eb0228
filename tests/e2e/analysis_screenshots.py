"""Screenshots of the Analysis window, one per view, on a journal given on the command line.

Not a test: run it by hand on the benchmark journal (made by tests/perf/bench_charts.py;
fictional names only) and look at the pictures. The last one is the main window with the
entries and coded passages behind one bar of codes over time listed in its search panel:

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/e2e/analysis_screenshots.py JOURNAL OUT_DIR
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fieldjournal import Journal
from fieldjournal.app import open_journal
from fieldjournal.domain.analysis import Arrangement, ChartView
from fieldjournal.gui.analysis.window import AnalysisWindow
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.settings import AppSettings


def wait_for_count(app: QCoreApplication, window: AnalysisWindow) -> None:
    while window.counting:  # counted on a worker thread, then drawn here
        app.processEvents()
    app.processEvents()


def mark_in_search(app: QCoreApplication, journal: Journal, out: Path) -> None:
    """The main window, its search panel listing what one bar of Trust counts."""
    with tempfile.TemporaryDirectory() as settings_dir:
        settings = QSettings(str(Path(settings_dir) / "settings.ini"), QSettings.Format.IniFormat)
        main = MainWindow(AppSettings(settings), open_journal)
        main.resize(1600, 900)
        main.attach(journal)
        main.show()
        main.open_analysis()
        analysis = main._analysis_window
        assert isinstance(analysis, AnalysisWindow)
        wait_for_count(app, analysis)
        assert analysis.data is not None
        mark = next(m for m in analysis.data.marks if m.second == "Trust")
        analysis.show_entries(mark)
        analysis.hide()
        assert main.workspace is not None
        main.workspace.search.passages.open_passage(0)  # opened at the passage, selected
        for _ in range(30):
            app.processEvents()
        main.grab().save(str(out / "analysis-mark-passages.png"))
        analysis.close()
        main.workspace.shutdown()
        main.workspace = None
        main.journal = None
        main.close()


def main() -> int:
    journal_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    with Journal.open(journal_dir, search=False, create=False) as journal:
        window = AnalysisWindow(journal)
        window.resize(1280, 720)
        window.show()
        shots = [(view, Arrangement.STACKED, view.value) for view in ChartView]
        shots.append(
            (ChartView.CODES_OVER_TIME, Arrangement.MULTIPLES, "codes-over-time-multiples")
        )
        for view, arrangement, name in shots:
            window.code.setText("Trust" if view is ChartView.CODES_OVER_TIME else "")
            window.view.setCurrentIndex(window.view.findData(view))
            window.arrangement.setCurrentIndex(window.arrangement.findData(arrangement))
            window.redraw()
            wait_for_count(app, window)
            window.canvas.draw()
            window.grab().save(str(out / f"analysis-{name}.png"))
        window.close()
    with Journal.open(journal_dir, create=False) as journal:  # the main window searches
        mark_in_search(app, journal, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
