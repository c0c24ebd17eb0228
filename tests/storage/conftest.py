"""A sample journal made once, and damaged copies of it made per test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.storage.damage import fill_sample_journal


@pytest.fixture(scope="session")
def sample_journal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A closed journal of 120 fictional notes (checkpointed: all in journal.db)."""
    folder = tmp_path_factory.mktemp("sample") / "journal"
    return folder, fill_sample_journal(folder)
