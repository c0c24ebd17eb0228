"""Drive the installed app in a private Xvfb by keyboard and take screenshots.

Not a test: run it by hand (``.venv/bin/python tests/e2e/take_screenshots.py OUT_DIR``)
to look at the real window. The demo journal holds fictional people and places only.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from fieldjournal import Journal  # noqa: E402
from fieldjournal.domain.records import Entry  # noqa: E402
from tests.e2e.xserver import app_environment, wait_for_window, xdotool, xvfb  # noqa: E402

FIELDJOURNAL = Path(sys.executable).parent / "fieldjournal"

NOTES = [
    (
        "meeting",
        "Programme board, April",
        "2016-04-05T10:30+01:00",
        "Millbrook CVS offices",
        ["Ann Example", "Bilal Moorcroft", "Carol Fenwick"],
        "## Agenda\nQ1 figures; the lunch club referrals; volunteer expenses.\n\n"
        "## Who said what\nAnn (chair) opened by thanking 'our partners in the voluntary "
        "sector, who are really the delivery arm of this programme'. Carol looked at the "
        "table. Bilal said the CCG 'trusts the numbers, not the stories'.\n\n"
        "## Decisions\nReferral form to be shortened. Carol to bring two carers' accounts "
        "to the next board.",
    ),
    (
        "fieldnote",
        "Lunch club at Riverside",
        "2016-04-07T12:15+01:00",
        "Riverside lunch club",
        ["Dev Ashworth"],
        "Twenty-two at the tables today. Dev runs the kitchen like a ship. He told me the "
        "council's new form 'asks us to count the soup'. Two volunteers new this week, both "
        "referred by the surgery.\n\nI was introduced as 'the man from the CCG' again.",
    ),
    (
        "memo",
        "Who do they think I am?",
        "2016-04-07T19:40+01:00",
        "",
        [],
        "Third time this month I was introduced as 'from the CCG'. My access depends on being "
        "seen as close to the programme; my analysis depends on not being it.",
    ),
    (
        "fieldnote",
        "Corridor conversation after the board",
        "2016-03-22T11:50+00:00",
        "Town Hall annexe",
        ["Carol Fenwick"],
        "Carol, by the lifts: 'They want us to make things happen, then they want the "
        "credit.' She laughed, but she meant it. The delivery arm again, from the other side.",
    ),
    (
        "fieldnote",
        "Carers' network drop-in",
        "2016-03-15T14:00+00:00",
        "Eastgate Surgery",
        ["Ann Example"],
        "Small room, eight carers, one social worker. Questions mostly about respite. Ann "
        "dropped in for ten minutes and left before the tea.",
    ),
]


def demo_journal(path: Path) -> None:
    with Journal.open(path) as journal:
        for name, sector in (
            ("Ann Example", "nhs"),
            ("Bilal Moorcroft", "nhs"),
            ("Carol Fenwick", "voluntary"),
            ("Dev Ashworth", "community"),
        ):
            journal.add_actor(name, sector=sector)
        for code, colour in (
            ("Trust/System trust", "#3d7cc9"),
            ("Trust/Interpersonal trust", "#7fb0e8"),
            ("Power/Transmission belt", "#c7682e"),
            ("Leadership/Directive", "#2e9a6b"),
            ("Researcher position", "#7b5ea7"),
        ):
            journal.add_code(code, colour=colour)
        ids = []
        for kind, title, when, site, actors, body in NOTES:
            entry = journal.add_entry(
                kind=kind, title=title, occurred_at=when, site=site, actors=actors, body=body
            )
            ids.append(entry)
        board = ids[0]
        _code_words(journal, board, "Power/Transmission belt", "our partners", "programme")
        _code_words(journal, board, "Trust/System trust", "the CCG 'trusts", "stories")
        journal.add_entry_code(board.id, "Leadership/Directive")
        journal.link_memo(ids[2].id, "entry", ids[1].id)
        _code_words(journal, ids[3], "Power/Transmission belt", "They want", "credit")
        _code_words(journal, ids[1], "Researcher position", "I was introduced", "again")


def _code_words(journal: Journal, entry: Entry, path: str, first: str, last: str) -> None:
    """Code the words from ``first`` up to and including ``last``."""
    start = entry.body.index(first)
    end = entry.body.index(last, start) + len(last)
    journal.code_segment(entry.id, path, start, end)


def shot(display: str, out: Path, name: str) -> Path:
    target = out / f"{name}.png"
    subprocess.run(
        ["import", "-display", display, "-window", "root", str(target)],
        check=True,
        timeout=30,
    )
    return target


def key(display: str, *keys: str, pause: float = 0.4) -> None:
    for k in keys:
        xdotool(display, "key", k)
        time.sleep(pause)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/perf/results/screens").resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, xvfb("1400x880x24") as display:
        journal = Path(tmp) / "mcp-study"
        demo_journal(journal)
        app = subprocess.Popen(
            [str(FIELDJOURNAL), "--journal", str(journal)],
            env=app_environment(display, Path(tmp) / "home"),
        )
        try:
            window = wait_for_window(display, "Fieldjournal")
            xdotool(display, "windowmove", window, "0", "0")
            xdotool(display, "windowsize", window, "1400", "880")
            xdotool(display, "windowfocus", "--sync", window)
            time.sleep(2.5)
            key(display, "ctrl+1", "Down", "Down")
            shot(display, out, "main")
            key(display, "ctrl+5")
            shot(display, out, "codebook")
            key(display, "ctrl+1", "Up", "ctrl+e", "ctrl+Home")
            key(display, *["ctrl+shift+Right"] * 5, pause=0.1)
            key(display, "ctrl+shift+c", pause=0.8)
            shot(display, out, "coding")
            key(display, "Escape")
            xdotool(display, "windowfocus", "--sync", window)  # no window manager gives it back
            key(display, "ctrl+f")
            xdotool(display, "type", "--delay", "30", "delivery arm")
            time.sleep(1.2)
            shot(display, out, "search")
            key(display, "Return")
            time.sleep(0.5)
            shot(display, out, "search-opened")
            key(display, "ctrl+n")
            xdotool(display, "type", "--delay", "20", "Met @Car")
            time.sleep(0.8)
            shot(display, out, "capture-at")
            key(display, "Return", "ctrl+s")
            shot(display, out, "capture-linked")
            for extra in sys.argv[2:]:
                key(display, extra)
                shot(display, out, f"extra-{extra.replace('+', '-')}")
        finally:
            xdotool(display, "key", "ctrl+q")
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
