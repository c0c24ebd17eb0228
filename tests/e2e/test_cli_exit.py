"""End-to-end: the command's quick exit (``cli.run``) loses no output and no exit code.

``run`` ends the process without the interpreter's teardown; what a user sees of a
command must be exactly what an ordinary exit gives.
"""

from __future__ import annotations

import json
import os
import subprocess

from tests.e2e.conftest import Cli, installed_command

# Well beyond a pipe's buffer (64 KiB): the output is still being read when the command ends.
LONG_BODY = "\n\n".join(
    f"Paragraph {n} of the long note, as dictated on site." for n in range(6000)
)


# As a user's shell runs it: output to a pipe is buffered, so its tail waits for a flush.
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def test_output_larger_than_a_pipe_arrives_whole(cli: Cli) -> None:
    cli("init")
    entry = cli("add", "--title", "Long note", stdin=LONG_BODY).line
    command = [installed_command(), "--journal", str(cli.journal), "show", entry, "--json"]
    shown = subprocess.run(command, capture_output=True, env=BUFFERED, check=True, timeout=120)
    assert json.loads(shown.stdout)["body"] == LONG_BODY
    assert shown.stdout.endswith(b"}\n")  # print's newline is the last, buffered write


def test_short_output_to_a_pipe_is_not_lost(cli: Cli) -> None:
    """Output smaller than the stream's buffer is all still in it when the command ends."""
    cli("init")
    entry = cli("add", "--title", "Short note", stdin="Met the practice manager.").line
    command = [installed_command(), "--journal", str(cli.journal), "show", entry]
    shown = subprocess.run(command, capture_output=True, env=BUFFERED, check=True, timeout=60)
    assert b"Short note" in shown.stdout
    assert shown.stdout.rstrip().endswith(b"Met the practice manager.")


def test_exit_codes_are_kept(cli: Cli) -> None:
    cli("init")
    assert "no entry" in cli.fails("show", "00000000").lower()
    usage = cli("--bogus", ok=False)
    assert usage.code == 2
    assert "unrecognized arguments: --bogus" in usage.err
    version = cli("--version", journal=False)
    assert version.line.startswith("fieldjournal ")


def test_a_reader_that_stops_early_ends_the_command_quietly(cli: Cli) -> None:
    """``fieldjournal show … | head -1``: no traceback, and the command does end."""
    cli("init")
    entry = cli("add", "--title", "Long note", stdin=LONG_BODY).line
    command = [installed_command(), "--journal", str(cli.journal), "show", entry]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "env": BUFFERED}
    with subprocess.Popen(command, **pipes) as shown:  # type: ignore[call-overload]
        assert shown.stdout is not None and shown.stderr is not None
        first = shown.stdout.readline()
        shown.stdout.close()
        error = shown.stderr.read()
        code = shown.wait(timeout=60)
    assert first.strip()
    assert b"Traceback" not in error
    assert code != 0
