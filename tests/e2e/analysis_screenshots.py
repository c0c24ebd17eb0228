"""Screenshots of the Analysis window, one per view, on a journal given on the command line.

Not a test: run it by hand on the benchmark journal (made by tests/perf/bench_charts.py;
fictional names only) and look at the pictures:

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/e2e/analysis_screenshots.py JOURNAL OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fieldjournal import Journal
from fieldjournal.domain.analysis import Arrangement, ChartView
from fieldjournal.gui.analysis.window import AnalysisWindow


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
            app.processEvents()
            window.canvas.draw()
            window.grab().save(str(out / f"analysis-{name}.png"))
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
