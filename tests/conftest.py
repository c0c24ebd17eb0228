"""Fixtures shared by every test.

Every test runs with its own journal folder, home, user data, config, cache and state
folders in temporary folders (``FIELDJOURNAL_JOURNAL``, ``HOME`` and ``XDG_*`` point
there, ``XDG_RUNTIME_DIR`` too), so no test ever reads or writes the real user's folders.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from fieldjournal import Journal
from tests.chapter_field import field
from tests.disk_full import mounted_small_disk

__all__ = ["field"]  # the chapter tests' fictional field, used in several layers' folders

# Hypothesis checks function-scoped fixtures; ours (the environment, a journal
# factory) are safe to share between examples: each example opens its own journal.
SHARED_FIXTURES_ARE_SAFE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
# On CI the examples are derived from each test's name: a run is reproducible and a red CI
# points at a case anyone can replay. Locally every run explores new examples.
settings.register_profile(
    "fieldjournal",
    max_examples=50,
    deadline=None,
    suppress_health_check=SHARED_FIXTURES_ARE_SAFE,
    derandomize=bool(os.environ.get("CI")),
)
settings.register_profile(
    "thorough", max_examples=600, deadline=None, suppress_health_check=SHARED_FIXTURES_ARE_SAFE
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fieldjournal"))

XDG_VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point every user folder Fieldjournal could touch into temporary folders.

    The home folder sits beside ``tmp_path``, not in it, so tests that list their
    tmp_path see only what they made; the default journal would be made in tmp_path.
    """
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in XDG_VARIABLES:
        folder = home / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setenv("FIELDJOURNAL_JOURNAL", str(tmp_path / "default-journal"))
    # The app's one-window-per-journal sockets; a short path (a socket path has ~100 bytes).
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path_factory.mktemp("run")))
    return home


@pytest.fixture
def journal_dir(tmp_path: Path) -> Path:
    return tmp_path / "journal"


@pytest.fixture(scope="session")
def empty_journal_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A newly created journal's database, made once: creating one runs every migration."""
    folder = tmp_path_factory.mktemp("template") / "journal"
    Journal.open(folder).close()
    return folder / "journal.db"


def copy_of_empty_journal(template: Path, folder: Path) -> Journal:
    """A fresh, empty journal in ``folder`` (copied from the template) opened by the facade."""
    folder.mkdir(mode=0o700, parents=True)
    shutil.copyfile(template, folder / "journal.db")
    return Journal.open(folder, create=False)


@pytest.fixture
def new_journal(empty_journal_db: Path) -> Callable[[Path], Journal]:
    """Opens a fresh, empty journal in a given folder, quickly (for hypothesis examples)."""
    return lambda folder: copy_of_empty_journal(empty_journal_db, folder)


@pytest.fixture
def journal(empty_journal_db: Path, journal_dir: Path) -> Iterator[Journal]:
    """A fresh, empty journal opened through the public facade."""
    with copy_of_empty_journal(empty_journal_db, journal_dir) as opened:
        yield opened


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (a disk that fills up), unmounted afterwards; skipped where not permitted."""
    with mounted_small_disk(tmp_path / "small") as mount:
        yield mount
