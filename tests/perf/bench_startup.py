"""Startup: how long until the window is on screen, for a 50,000-entry journal vs bare Qt,
and how much CPU the command line takes for ``--version`` and a small ``list`` vs bare Python.

Both are measured in one run, alternating, in a private Xvfb: from process start until
xdotool sees the window mapped. The 50k journal is generated once through the facade's
``import_lines`` and cached under ``tests/perf/results/``. A second, in-process figure
says how long the journal then takes to be usable (open, count, first page, workspace).

The command line's figure is CPU time (user + system) of the whole process, alternating
with ``python -c pass``, median of ``--cli-rounds``; ``--cli-only`` needs no X server.

Run: ``.venv/bin/python tests/perf/bench_startup.py [--rounds 5] [--cli-only]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.e2e.xserver import app_environment, missing_tools, wait_for_window, xvfb  # noqa: E402

RESULTS = ROOT / "tests" / "perf" / "results"
JOURNAL = RESULTS / "startup-50k"
ENTRIES = 50_000
FIELDJOURNAL = Path(sys.executable).parent / "fieldjournal"
CLI_RATIO = 8  # `fieldjournal --version` vs `python -c pass`, CPU: 5 now, 55-60 with every module
BARE = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "w = QMainWindow()\n"
    "w.setWindowTitle('bare-window')\n"
    "w.resize(1280, 800)\n"
    "w.show()\n"
    "app.exec()\n"
)
WORDS = [
    "board",
    "trust",
    "volunteers",
    "carers",
    "lunch",
    "club",
    "delivery",
    "arm",
    "programme",
    "commissioning",
    "council",
    "practice",
    "pilot",
    "meeting",
    "agenda",
    "decision",
    "tea",
    "minutes",
    "partnership",
    "voice",
    "community",
    "transport",
    "referral",
    "budget",
    "evaluation",
    "chair",
    "funding",
    "network",
]
SITES = ("Millbrook CVS", "Eastgate Surgery", "Town Hall annexe", "Riverside lunch club")


def synthetic_lines(count: int) -> Iterator[str]:
    rng = random.Random(7)
    start = datetime(2015, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    for actor in ("Ann Example", "Bilal Moorcroft", "Carol Fenwick", "Dev Ashworth"):
        yield json.dumps({"type": "actor", "name": actor})
    for n in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 300)))
        yield json.dumps(
            {
                "type": "entry",
                "kind": rng.choice(("fieldnote", "fieldnote", "meeting", "memo")),
                "title": f"Visit {n}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                "body": body,
                "occurred_at": (start + timedelta(minutes=47 * n)).isoformat(),
                "site": rng.choice(SITES),
                "actors": rng.sample(
                    ["Ann Example", "Bilal Moorcroft", "Carol Fenwick", "Dev Ashworth"], 2
                ),
            }
        )


def ensure_journal() -> Path:
    marker = JOURNAL / "indexed"
    if marker.exists():
        return JOURNAL
    from fieldjournal import Journal

    RESULTS.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    if not (JOURNAL / "journal.db").exists():
        with Journal.open(JOURNAL, search=False) as journal:
            journal.import_lines(synthetic_lines(ENTRIES))
            assert journal.count_entries() == ENTRIES
    imported = time.perf_counter() - began
    with Journal.open(JOURNAL) as journal:  # build the search index once, as a user's is
        while journal.search("board", limit=1).indexing or journal.index_status().busy:
            time.sleep(1)
    indexed = time.perf_counter() - began - imported
    marker.write_text(f"imported in {imported:.1f} s, indexed in {indexed:.1f} s\n")
    return JOURNAL


def time_to_window(command: list[str], display: str, home: Path, title: str) -> float:
    began = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=app_environment(display, home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_window(display, title, timeout=60)
        return time.perf_counter() - began
    finally:
        process.terminate()
        process.wait(timeout=30)


def time_to_usable(journal_dir: Path) -> float:
    """In process, offscreen: open the journal and mount the workspace with its first page."""
    code = (
        "import time, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtCore import QSettings\n"
        "app = QApplication([])\n"
        "from fieldjournal.gui.main_window import MainWindow\n"
        "from fieldjournal.gui.settings import AppSettings\n"
        "from fieldjournal.app import open_journal\n"
        f"settings = AppSettings(QSettings({str(journal_dir.parent / 'bench.ini')!r}, "
        "QSettings.Format.IniFormat))\n"
        "w = MainWindow(settings, open_journal); w.show(); app.processEvents()\n"
        "t = time.perf_counter()\n"
        f"w.open_journal({str(journal_dir)!r}); w.wait_until_open()\n"
        "while w.workspace is None or w.workspace.timeline.model.rowCount() == 0:\n"
        "    app.processEvents()\n"
        "print(time.perf_counter() - t)\n"
        "w.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def cpu_seconds(command: list[str], env: dict[str, str]) -> float:
    """User + system CPU of one run of the command, start to exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def command_line_cpu(rounds: int) -> dict[str, float]:
    """``fieldjournal --version`` and ``list`` of a 3-entry journal, against bare Python."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HOME": tmp, "XDG_DATA_HOME": tmp, "XDG_STATE_HOME": tmp}
        journal = str(Path(tmp) / "journal")
        for n in range(3):
            cpu_seconds([str(FIELDJOURNAL), "--journal", journal, "add", "--body", f"tea {n}"], env)
        commands = {
            "bare_python": [sys.executable, "-c", "pass"],
            "version": [str(FIELDJOURNAL), "--version"],
            "list": [str(FIELDJOURNAL), "--journal", journal, "list"],
        }
        runs: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                runs[name].append(cpu_seconds(command, env))
    medians = {name: statistics.median(values) for name, values in runs.items()}
    return {
        "cli_bare_python_cpu_s": round(medians["bare_python"], 3),
        "cli_version_cpu_s": round(medians["version"], 3),
        "cli_list_cpu_s": round(medians["list"], 3),
        "cli_version_ratio": round(medians["version"] / medians["bare_python"], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cli-rounds", type=int, default=10)
    parser.add_argument("--cli-only", action="store_true", help="only the command line's figure")
    args = parser.parse_args()
    cli = command_line_cpu(args.cli_rounds)
    cli_ok = cli["cli_version_ratio"] < CLI_RATIO
    if args.cli_only:
        print(json.dumps(cli, indent=2))
        return 0 if cli_ok else 1
    if missing_tools():
        print(f"needs {', '.join(missing_tools())}", file=sys.stderr)
        return 2
    journal_dir = ensure_journal()
    bare: list[float] = []
    app: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, xvfb() as display:
        home = Path(tmp)
        command = [str(FIELDJOURNAL), "--journal", str(journal_dir)]
        time_to_window(command, display, home, "Fieldjournal")  # warm the file cache
        for _ in range(args.rounds):
            bare.append(time_to_window([sys.executable, "-c", BARE], display, home, "bare-window"))
            app.append(time_to_window(command, display, home, "Fieldjournal"))
    usable = statistics.median(time_to_usable(journal_dir) for _ in range(3))
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    report = {
        "entries": ENTRIES,
        "rounds": args.rounds,
        "bare_window_s": [round(v, 3) for v in bare],
        "fieldjournal_window_s": [round(v, 3) for v in app],
        "bare_median_s": round(bare_median, 3),
        "fieldjournal_median_s": round(app_median, 3),
        "ratio": round(app_median / bare_median, 2),
        "journal_usable_after_window_s": round(usable, 3),
        **cli,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "startup.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0 if report["ratio"] < 1.5 and cli_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
