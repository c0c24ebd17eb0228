"""Code names fold the spaces a researcher types between words, and keep every other
character as given: line separators and form feeds are text, as in titles and names."""

from __future__ import annotations

import pytest

from fieldjournal.domain.codepaths import check_name, normalise_path, split_path
from fieldjournal.domain.errors import InvalidInput

BREAKS = "\x85\u2028\u2029\x0b\x0c\x1c\x1d\x1e"


def test_spaces_tabs_and_newlines_fold_into_one_space() -> None:
    assert normalise_path(" Trust /\tSystem \u00a0 trust\n") == "Trust/System trust"
    assert check_name("  Delivery\r\n arm ") == "Delivery arm"


@pytest.mark.parametrize("char", list(BREAKS))
def test_line_separators_and_form_feeds_are_kept_as_given(char: str) -> None:
    path = f"Minutes{char}2016/Item{char}one"
    assert split_path(path) == (f"Minutes{char}2016", f"Item{char}one")
    assert normalise_path(path) == path
    assert check_name(f"{char}Agenda{char}") == f"{char}Agenda{char}"


def test_an_empty_name_is_refused() -> None:
    with pytest.raises(InvalidInput):
        split_path("Trust/ \t /System")
