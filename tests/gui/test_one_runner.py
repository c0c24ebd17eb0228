"""Every worker thread of the GUI is the runner's (``gui/operations.py``): no other module
of ``gui/`` starts a thread, a QThread or a pool, so every call off the GUI thread saves
the editor first when it should and says its failure in the one place."""

from __future__ import annotations

import ast
from pathlib import Path

import fieldjournal.gui

GUI = Path(fieldjournal.gui.__file__).parent
RUNNER = GUI / "operations.py"
THREADS = {"Thread", "QThread", "QThreadPool", "ThreadPoolExecutor", "ProcessPoolExecutor"}


def threads_started(path: Path) -> list[str]:
    """The thread kinds ``path`` makes (called by name or as an attribute)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    made: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in THREADS:
                made.append(f"{path.relative_to(GUI)}:{node.lineno} {name}")
    return made


def test_only_the_runner_starts_threads_in_the_gui() -> None:
    assert threads_started(RUNNER), "the runner's worker is where it should be"
    others = [p for p in sorted(GUI.rglob("*.py")) if p != RUNNER]
    started = [place for path in others for place in threads_started(path)]
    assert started == [], f"run these through gui/operations.py: {started}"
