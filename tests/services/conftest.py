"""The sample journal of the damage tests, for the salvage tests."""

from tests.storage.conftest import sample_journal

__all__ = ["sample_journal"]
