"""A private Xvfb for tests that drive the installed app like a user (xdotool, screenshots)."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TOOLS = ("Xvfb", "xdotool")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@contextmanager
def xvfb(size: str = "1280x800x24") -> Iterator[str]:
    """Start Xvfb on a display it picks itself; yields the DISPLAY value.

    ``-displayfd`` makes the server choose a free number and write it to a pipe, so
    tests running in parallel workers can never race for the same display.
    """
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            size,
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        number = _read_display_number(read_end, server, timeout=10)
        yield f":{number}"
    finally:
        os.close(read_end)
        server.terminate()
        server.wait(timeout=10)


def _read_display_number(fd: int, server: subprocess.Popen[bytes], timeout: float) -> int:
    """The number Xvfb writes once it accepts connections (a line on ``fd``)."""
    deadline = time.monotonic() + timeout
    received = b""
    while not received.endswith(b"\n"):
        if time.monotonic() > deadline:
            raise RuntimeError("Xvfb did not start")
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            chunk = os.read(fd, 32)
            if not chunk:
                raise RuntimeError("Xvfb did not start")
            received += chunk
        elif server.poll() is not None:
            raise RuntimeError("Xvfb did not start")
    return int(received.strip())


def app_environment(display: str, home: Path) -> dict[str, str]:
    """A user session of our own: display, home and XDG folders under ``home``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DISPLAY": display,
        "HOME": str(home),
        "QT_QPA_PLATFORM": "xcb",
        "LANG": "C.UTF-8",
    }
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    return env


def xdotool(display: str, *args: str, timeout: float = 20) -> str:
    result = subprocess.run(
        ["xdotool", *args],
        env={"DISPLAY": display, "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return result.stdout.strip()


def wait_for_window(display: str, name: str, timeout: float = 20) -> str:
    """The id of the first visible window whose title contains ``name``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = xdotool(display, "search", "--onlyvisible", "--name", name)
        if found:
            return found.splitlines()[0]
        time.sleep(0.05)
    raise TimeoutError(f"no window called {name!r} appeared")
