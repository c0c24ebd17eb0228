"""Small modules with one job: none of the package's modules grows past 600 lines.

A module that long has become two (the editor that also completed attendees and settled
conflicts); the limit makes the split happen when the second job arrives, not years later.
"""

from __future__ import annotations

from pathlib import Path

import fieldjournal

PACKAGE = Path(fieldjournal.__file__).parent
MOST_LINES = 600


def test_no_module_is_over_600_lines() -> None:
    sizes = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert len(sizes) > 100  # the walk found the package
    assert {name: n for name, n in sizes.items() if n > MOST_LINES} == {}
