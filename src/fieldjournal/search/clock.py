"""The indexer's sense of time, injectable so that tests drive it step by step.

The indexer waits for time to pass in three places: a burst of saves is indexed once it
pauses (debounce), small segments are merged once the journal has been idle a while, and
the checksum pass runs a few seconds after opening. With ``MonotonicClock`` a background
thread waits for real; with ``ManualClock`` nothing happens until a test (or a script
that wants no thread) moves the clock on, and every task that falls due runs there and
then, in the caller's thread, in the order the indexer would have run them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic scale (only differences matter)."""

    def wait_until(self, deadline: float) -> None:
        """Let time pass until ``deadline`` (a real clock sleeps, a manual one jumps)."""

    def subscribe(self, callback: Callable[[], Any]) -> None:
        """Call ``callback`` whenever time has been moved on by hand (never, for real time)."""


class MonotonicClock:
    """Real time: the indexer runs in a background thread that waits on it."""

    def now(self) -> float:
        return time.monotonic()

    def wait_until(self, deadline: float) -> None:
        time.sleep(max(0.0, deadline - time.monotonic()))

    def subscribe(self, callback: Callable[[], Any]) -> None:
        """Real time passes by itself; the indexer's thread notices."""


class ManualClock:
    """Time that stands still until ``advance`` (or ``wait_until``) moves it on."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._callbacks: list[Callable[[], Any]] = []

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self.wait_until(self._now + seconds)

    def wait_until(self, deadline: float) -> None:
        self._now = max(self._now, deadline)
        for callback in list(self._callbacks):
            callback()

    def subscribe(self, callback: Callable[[], Any]) -> None:
        self._callbacks.append(callback)
