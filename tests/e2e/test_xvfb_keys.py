"""Keys a user presses in the installed app on a real X server: Alt+E from the body opens
the Edit menu and types nothing, and the main window's keys (Ctrl+Z, Ctrl+N) work while
the focus is in the inspector floated in its own window."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from fieldjournal import Journal
from tests.e2e.conftest import Cli, installed_command
from tests.e2e.xserver import app_environment, missing_tools, wait_for_window, xdotool, xvfb

pytestmark = pytest.mark.xvfb


def _visible(display: str) -> set[str]:
    return set(xdotool(display, "search", "--onlyvisible", "--name", ".*").split())


def _bodies(journal_dir: Path) -> list[str]:
    """Every entry's body, newest first, as the journal has it now."""
    with Journal.open(journal_dir, create=False, search=False) as journal:
        return [journal.get_entry(e.id).body for e in journal.list_entries()]


def _until(what: Callable[[], bool], seen: Callable[[], object], timeout: float = 10) -> None:
    """Wait until ``what()``; the failure says what was ``seen`` instead."""
    deadline = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < deadline, f"the app did not get there; it shows {seen()!r}"
        time.sleep(0.2)


@pytest.mark.skipif(bool(missing_tools()), reason=f"needs {', '.join(missing_tools())}")
def test_alt_e_opens_edit_and_the_floating_inspector_keeps_the_keys(
    cli: Cli, tmp_path: Path
) -> None:
    Journal.open(cli.journal).close(backup=False)  # made, so the app opens it at once
    with xvfb() as display:
        app = subprocess.Popen(
            [installed_command(), "--journal", str(cli.journal)],
            env=app_environment(display, tmp_path / "home"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            window = wait_for_window(display, "Fieldjournal")
            xdotool(display, "windowfocus", "--sync", window)

            def keys(*names: str) -> None:
                xdotool(display, "key", "--delay", "60", *names)

            def typed(text: str) -> None:
                xdotool(display, "type", "--delay", "30", text)

            def bodies() -> list[str]:
                return _bodies(cli.journal)

            deadline = time.monotonic() + 60
            while not bodies():  # the journal opens in the background; the app keeps
                assert time.monotonic() < deadline, "Ctrl+N made no entry"  # the key
                keys("ctrl+n")  # meanwhile, and a second press would make a second entry
                pressed = time.monotonic()
                while not bodies() and time.monotonic() - pressed < 20:
                    time.sleep(0.2)
            time.sleep(0.3)  # the new entry's body takes the focus
            typed("Soup")
            _until(lambda: bodies() == ["Soup"], bodies)

            before = _visible(display)
            keys("alt+e")  # from the body: the Edit menu opens, no "e" is typed
            _until(lambda: len(_visible(display) - before) == 1, lambda: _visible(display))
            keys("Escape", "Escape")  # the menu closes, then the menu bar lets go
            _until(lambda: _visible(display) <= before, lambda: _visible(display))
            xdotool(display, "windowfocus", "--sync", window)
            typed(" Bread")
            _until(lambda: bodies() == ["Soup Bread"], bodies)  # not "Soupe Bread"

            keys("alt+v", "w")  # View › Inspector in its own window
            inspector = wait_for_window(display, "Inspector")
            xdotool(display, "windowfocus", "--sync", inspector)
            keys("ctrl+z")  # the window's history: the last word typed
            _until(lambda: bodies() == ["Soup "], bodies)
            keys("ctrl+n")  # a new fieldnote, from the inspector's window
            _until(lambda: len(bodies()) == 2, bodies)
            xdotool(display, "windowfocus", "--sync", window)
            keys("ctrl+q")
            app.wait(timeout=20)
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
    assert app.returncode == 0, app.stderr.read().decode() if app.stderr else ""
