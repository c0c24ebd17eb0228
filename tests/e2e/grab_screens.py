"""Screenshots of the main window and the chapter editor for docs/, by QWidget.grab().

Not a test: run it under Xvfb at the screen size wanted, e.g.
``xvfb-run -s "-screen 0 1024x768x24" .venv/bin/python tests/e2e/grab_screens.py docs``.
Each window fills the screen's available area; the names end in the screen size
(``main-1024x768.png``). The demo journal holds fictional people and places only.

To look at what a researcher with other needs sees (not kept in ``docs/``):
``--all`` also takes the main window with the inspector open and with the actors tab;
``--high-contrast`` uses a white-on-black palette (``tests/high_contrast.py``), as a desktop's
high-contrast theme hands one to Qt; run with ``QT_SCALE_FACTOR=2`` on a screen twice
the size for 200% (the names then end in ``@2x``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from fieldjournal import Journal  # noqa: E402
from fieldjournal.app import make_application, open_journal  # noqa: E402
from fieldjournal.domain.chapters import Section  # noqa: E402
from fieldjournal.gui.main_window import MainWindow  # noqa: E402
from fieldjournal.gui.settings import AppSettings  # noqa: E402
from tests.e2e.take_screenshots import demo_journal  # noqa: E402
from tests.high_contrast import high_contrast_palette  # noqa: E402


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def fill_screen(app: QApplication, widget: QWidget) -> str:
    screen = app.primaryScreen()
    area = screen.availableGeometry()
    widget.setGeometry(area)
    widget.show()
    settle(app)
    scale = round(screen.devicePixelRatio())
    return f"{area.width()}x{area.height()}" + (f"@{scale}x" if scale > 1 else "")


def demo_chapter(journal: Journal) -> None:
    board = next(s for s in journal.list_entries() if s.title == "Programme board, April")
    corridor = next(s for s in journal.list_entries() if s.title.startswith("Corridor"))
    journal.add_chapter(
        "The delivery arm",
        [
            Section(
                "Partners or instruments?",
                1,
                "At the programme board the chair thanked the voluntary sector, and in "
                "the same breath called it the programme's delivery arm:\n\n"
                f"[[quote:{board.id}|our partners in the voluntary sector, who are really "
                "the delivery arm of this programme]]\n\n"
                "Outside the room the phrase came back inverted:\n\n"
                f"[[quote:{corridor.id}|They want us to make things happen, then they want "
                "the credit.]]",
            ),
            Section("Counting the soup", 1, "What the new referral form asks volunteers to count."),
        ],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="docs")
    parser.add_argument("--all", action="store_true", help="the inspector and actors views too")
    parser.add_argument("--high-contrast", action="store_true", help="white on black")
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    app = make_application(["-style", "Fusion"])
    if args.high_contrast:
        app.setPalette(high_contrast_palette())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mcp-study"
        demo_journal(path)
        with Journal.open(path) as journal:
            demo_chapter(journal)
        settings = AppSettings(
            QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        )
        window = MainWindow(settings, open_journal)
        size = fill_screen(app, window)
        window.open_journal(str(path), create=False)
        window.wait_until_open(30)
        settle(app, 200)
        workspace = window.workspace
        assert workspace is not None
        board = next(s for s in workspace.journal.list_entries() if s.title.startswith("Programme"))
        workspace.open_entry(board.id)
        settle(app, 100)
        prefix = "contrast-" if args.high_contrast else ""
        window.grab().save(str(out / f"{prefix}main-{size}.png"))
        if args.all:
            workspace.show_inspector(True)
            settle(app, 50)
            window.grab().save(str(out / f"{prefix}main-inspector-{size}.png"))
            workspace.show_tab(5)  # the actors
            settle(app, 50)
            window.grab().save(str(out / f"{prefix}main-actors-{size}.png"))
        window.open_chapters()
        chapters = window._chapter_window
        assert chapters is not None
        fill_screen(app, chapters)
        settle(app, 100)
        chapters.grab().save(str(out / f"{prefix}chapter-editor-{size}.png"))
        chapters.close()
        window.close()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
