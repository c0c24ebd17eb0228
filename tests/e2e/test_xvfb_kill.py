"""`kill -9` loses at most two seconds of typing: the installed app in a real X server."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fieldjournal import Journal
from tests.e2e.xserver import app_environment, missing_tools, wait_for_window, xdotool, xvfb

pytestmark = pytest.mark.xvfb
FIELDJOURNAL = Path(sys.executable).parent / "fieldjournal"
TYPED = "Ann said the delivery arm was ready"


@pytest.mark.skipif(bool(missing_tools()), reason=f"needs {', '.join(missing_tools())}")
@pytest.mark.skipif(not FIELDJOURNAL.exists(), reason="the fieldjournal command is not installed")
def test_text_typed_into_a_new_fieldnote_survives_sigkill_three_seconds_later(
    tmp_path: Path,
) -> None:
    journal_dir = tmp_path / "site-visit"
    with xvfb() as display:
        app = subprocess.Popen(
            [str(FIELDJOURNAL), "--journal", str(journal_dir)],
            env=app_environment(display, tmp_path / "home"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            window = wait_for_window(display, "Fieldjournal")
            xdotool(display, "windowfocus", "--sync", window)
            entry_id = _new_fieldnote(display, journal_dir)
            xdotool(display, "type", "--delay", "40", TYPED)
            time.sleep(3)
            app.send_signal(signal.SIGKILL)
            app.wait(timeout=10)
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
    assert app.returncode == -signal.SIGKILL
    with Journal.open(journal_dir, create=False) as journal:
        assert journal.get_entry(entry_id).body == TYPED


def _new_fieldnote(display: str, journal_dir: Path, timeout: float = 60) -> str:
    """Press Ctrl+N once and wait for the new entry: the app keeps a Ctrl+N pressed while
    the journal opens in the background (``gui/early_keys.py``), and a second press once
    it is open would start a second entry. Pressed again only after a long wait."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        xdotool(display, "key", "ctrl+n")
        pressed = time.monotonic()
        while time.monotonic() - pressed < 20:
            time.sleep(0.3)
            if (journal_dir / "journal.db").exists():
                with Journal.open(journal_dir, create=False, search=False) as journal:
                    entries = journal.list_entries()
                if entries:
                    time.sleep(0.3)  # the new entry's editor takes the focus
                    return entries[0].id
    raise TimeoutError("Ctrl+N created no entry")
