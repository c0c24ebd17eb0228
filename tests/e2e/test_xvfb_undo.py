"""A meeting typed, coded, undone and redone by keyboard in the installed app (a real X
server): the coding survives Ctrl+Z and Ctrl+Shift+Z on the same words, with the
attendees linked. Each step is watched in the journal while the app is open (read in
this process: a command takes seconds to start on a busy machine), and the result is
checked through the command line once the app has quit."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fieldjournal import Journal
from fieldjournal.cli.entry_commands import entry_json
from tests.e2e.conftest import Cli, installed_command
from tests.e2e.xserver import app_environment, missing_tools, wait_for_window, xdotool, xvfb

pytestmark = pytest.mark.xvfb
CODE = "Transmission belt"
BODY = "Orla said the CVS is the delivery arm"


@pytest.mark.skipif(bool(missing_tools()), reason=f"needs {', '.join(missing_tools())}")
def test_a_coded_meeting_survives_undo_and_redo(cli: Cli, tmp_path: Path) -> None:
    with Journal.open(cli.journal) as journal:
        journal.add_code(CODE)
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

            meeting = _new_meeting(cli.journal, keys)
            keys("alt+a")  # Attendees, from the body
            typed("Orla Penhale, Sam Okoro")
            keys("Tab")  # leaving the field links them
            keys("ctrl+e")
            typed(BODY)
            keys("ctrl+shift+Left", "ctrl+shift+Left", "ctrl+shift+Left")  # the delivery arm
            keys("ctrl+shift+c")
            wait_for_window(display, "Apply code")
            keys("Return")
            coded = _until(cli.journal, meeting, lambda e: bool(e["segments"]))
            # Xvfb has no window manager to give the focus back once the picker closed
            xdotool(display, "windowfocus", "--sync", window)
            assert [(s["code"], s["text"]) for s in coded["segments"]] == [
                (CODE, "the delivery arm")
            ]

            keys("ctrl+z")  # the coding goes first, the typing stays
            undone = _until(cli.journal, meeting, lambda e: not e["segments"])
            assert undone["body"] == BODY
            keys("ctrl+z")  # then the last word typed
            _until(cli.journal, meeting, lambda e: e["body"] == BODY.removesuffix("arm"))
            keys("ctrl+shift+z", "ctrl+shift+z")
            redone = _until(cli.journal, meeting, lambda e: bool(e["segments"]))
            assert redone["body"] == BODY
            assert redone["segments"][0]["id"] == coded["segments"][0]["id"]
            keys("ctrl+q")
            app.wait(timeout=20)
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
    assert app.returncode == 0, app.stderr.read().decode() if app.stderr else ""
    entry = cli("show", meeting, "--json").json()
    assert entry["kind"] == "meeting"
    assert entry["body"] == BODY
    assert entry["actor_roles"] == {"Orla Penhale": "present", "Sam Okoro": "present"}
    assert [(s["code"], s["text"]) for s in entry["segments"]] == [(CODE, "the delivery arm")]


def _new_meeting(journal_dir: Path, keys: Callable[..., None], timeout: float = 30) -> str:
    """Press Ctrl+Shift+N until the journal (opened in the background) has a meeting;
    the newest one is open in the editor."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        keys("ctrl+shift+n")
        pressed = time.monotonic()
        while time.monotonic() - pressed < 3:
            time.sleep(0.2)
            with Journal.open(journal_dir, create=False) as journal:
                entries = journal.list_entries()
            if entries:
                time.sleep(0.3)  # the new entry's editor takes the focus
                return entries[0].id  # newest first: the one just stamped now
    raise TimeoutError("Ctrl+Shift+N created no meeting")


def _until(
    journal_dir: Path, entry_id: str, done: Callable[[dict[str, Any]], bool], timeout: float = 10
) -> dict[str, Any]:
    """The entry as ``show --json`` has it, once ``done`` (the app saves on its own)."""
    deadline = time.monotonic() + timeout
    while True:
        with Journal.open(journal_dir, create=False) as journal:
            entry = entry_json(journal.get_entry(entry_id))
        if done(entry):
            return entry
        assert time.monotonic() < deadline, json.dumps(entry)
        time.sleep(0.2)
