"""Fixtures shared by every test.

Every test runs with its own journal folder, user data, config, cache and state folders
under ``tmp_path`` (``FIELDJOURNAL_JOURNAL`` and the ``XDG_*`` variables point there), so
no test ever reads or writes the real user's folders.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from fieldjournal import Journal

settings.register_profile(
    "fieldjournal",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fieldjournal"))

XDG_VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user folder Fieldjournal could touch into this test's tmp_path."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in XDG_VARIABLES:
        folder = home / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setenv("FIELDJOURNAL_JOURNAL", str(tmp_path / "default-journal"))
    return home


@pytest.fixture
def journal_dir(tmp_path: Path) -> Path:
    return tmp_path / "journal"


@pytest.fixture
def journal(journal_dir: Path) -> Iterator[Journal]:
    """A fresh, empty journal opened through the public facade."""
    with Journal.open(journal_dir) as opened:
        yield opened
