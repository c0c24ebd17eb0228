"""Fixtures of the chapter tests (the data and helpers live in chapter_helpers)."""

from tests.chapters.chapter_helpers import field, journal

__all__ = ["field", "journal"]
