"""Qt's own options reach Qt when the app starts, and never a command's parser."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence

import pytest

import fieldjournal.cli as cli
from fieldjournal.cli.common import CommandError
from fieldjournal.cli.qt_options import split_qt_options


@pytest.mark.parametrize(
    ("given", "ours", "qt"),
    [
        (["-style", "Fusion"], [], ["-style", "Fusion"]),
        (["-style=Fusion"], [], ["-style", "Fusion"]),
        (["--style", "Fusion", "-reverse"], [], ["-style", "Fusion", "-reverse"]),
        (
            ["--journal", "-odd-folder", "-platform", "xcb"],
            ["--journal", "-odd-folder"],
            ["-platform", "xcb"],
        ),
        (["-qmljsdebugger=port:3768"], [], ["-qmljsdebugger=port:3768"]),
        (["--version"], ["--version"], []),
        # After the command word nothing is Qt's: `list --style` stays the command's mistake.
        (
            ["-style", "Fusion", "list", "-style", "x"],
            ["list", "-style", "x"],
            ["-style", "Fusion"],
        ),
        (["add", "--title", "-reverse"], ["add", "--title", "-reverse"], []),
    ],
)
def test_qt_options_before_the_command_are_set_aside_in_qts_spelling(
    given: list[str], ours: list[str], qt: list[str]
) -> None:
    split = split_qt_options(given)
    assert (split.ours, split.qt) == (ours, qt)


def test_a_qt_option_without_its_value_is_a_usage_error() -> None:
    with pytest.raises(CommandError, match="-platform needs a value") as raised:
        split_qt_options(["-platform"])
    assert raised.value.code == 2


def test_the_app_is_started_with_the_qt_options(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[tuple[str | None, list[str]]] = []

    def fake_start(journal: str | None, qt_options: Sequence[str] = ()) -> int:
        started.append((journal, list(qt_options)))
        return 0

    monkeypatch.setattr(cli, "start_app", fake_start)
    assert cli.main(["-style", "Fusion", "--journal", "/tmp/site"]) == 0
    assert cli.main(["-platform", "offscreen"]) == 0
    assert started == [("/tmp/site", ["-style", "Fusion"]), (None, ["-platform", "offscreen"])]


def test_a_qt_option_with_a_command_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["-style", "Fusion", "list"]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == "fieldjournal: error: -style is an option of the app's window (Qt): not for a command\n"
    )


def test_make_application_hands_the_options_to_qt() -> None:
    """In a process of its own: a test session already has its QApplication.

    Neither is what Qt would pick by itself there: Fusion is the default style, and the
    environment asks for the minimal platform. The app wraps the chosen style in its
    high-contrast proxy, so the style looked at is the one inside it.
    """
    probe = (
        "from fieldjournal.app import make_application\n"
        "app = make_application(['-style', 'Windows', '-platform', 'offscreen'])\n"
        "from PySide6.QtWidgets import QProxyStyle\n"
        "style = app.style()\n"
        "chosen = style.baseStyle() if isinstance(style, QProxyStyle) else style\n"
        "print(chosen.name(), app.platformName())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "minimal"},
    )
    assert done.stdout.split() == ["windows", "offscreen"]
