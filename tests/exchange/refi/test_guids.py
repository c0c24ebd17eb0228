"""Derived GUIDs are version-5 UUIDs: the same as ``uuid.uuid5`` for every input."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from fieldjournal.exchange.refi import guids


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_derived_is_uuid5_of_the_joined_parts(parts: list[str]) -> None:
    expected = uuid.uuid5(guids._NAMESPACE, "\x1f".join(parts))
    assert guids.derived(*parts) == str(expected)
    assert uuid.UUID(guids.derived(*parts)).version == 5
