"""Every command and every option says what it is for in ``--help``."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from fieldjournal.cli import build_parser


def walk(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ("fieldjournal",)
) -> Iterator[tuple[tuple[str, ...], argparse.Action]]:
    """Every action of the parser and of its sub-commands, with the command path to it."""
    for action in parser._actions:
        yield path, action
        if isinstance(action, argparse._SubParsersAction):
            yield from ((path, choice) for choice in action._choices_actions)
            for name, sub in action.choices.items():
                yield from walk(sub, (*path, name))


def test_every_command_and_option_has_help_text() -> None:
    actions = list(walk(build_parser()))
    assert len(actions) > 150  # the walk reached the sub-commands' options
    missing = [
        f"{' '.join(path)} {'/'.join(action.option_strings) or action.dest}"
        for path, action in actions
        if not (action.help and action.help.strip()) or action.help == argparse.SUPPRESS
    ]
    assert missing == []


def test_the_help_of_a_command_shows_each_options_text() -> None:
    parser = build_parser()
    sub = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    text = sub.choices["list"].format_help()
    assert "--since DATE only from this ISO 8601 date or time" in " ".join(text.split())
