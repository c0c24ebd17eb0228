"""Fixtures for the editor's tests: a meeting being written in the active window."""

from __future__ import annotations

import pytest

from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.records import Entry
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.workspace import Workspace


@pytest.fixture
def new_meeting(active_window: MainWindow, workspace: Workspace) -> Entry:
    """A new meeting observation, open in the editor of the active window."""
    meeting = workspace.new_entry(EntryKind.MEETING)
    assert meeting is not None
    return meeting
