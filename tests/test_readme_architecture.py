"""The README's architecture section names the code as it is: every package folder under
``src/fieldjournal`` is in its picture, and every folder or module the picture names, and
every path its paragraphs give in backquotes, exists."""

from __future__ import annotations

import re
from pathlib import Path

import fieldjournal

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(fieldjournal.__file__).parent
README = ROOT / "README.md"
NAME = re.compile(r"(?<![\w./<>])([A-Za-z_][\w]*(?:/[A-Za-z_][\w]*)*(?:/|\.py))(?![\w<])")
QUOTED_PATH = re.compile(r"`((?:[\w]+/)*[\w]+(?:/|\.py))`")


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Architecture")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def tree() -> dict[str, str]:
    """The picture of ``src/fieldjournal/``: each top-level entry and what it says."""
    block = section().split("```")[3]  # the second picture: the folders
    entries: dict[str, str] = {}
    current = ""
    for line in block.splitlines():
        if line.startswith("src/fieldjournal/"):
            continue
        if line.strip() and not line.startswith("   "):  # an entry: `  gui/  …`, `tests/  …`
            current, _, rest = line.strip().partition(" ")
            entries[current] = rest
        elif current and line.startswith("   "):
            entries[current] += " " + line.strip()
    return entries


def found(name: str, under: Path) -> bool:
    """``name`` (``folder/``, ``module.py`` or ``a/b.py``) somewhere below ``under``."""
    if (under / name).exists():
        return True
    return any(under.rglob(name.rstrip("/")))


def test_every_package_folder_is_in_the_picture() -> None:
    pictured = tree()
    described = " ".join(f"{top} {text}" for top, text in pictured.items())
    folders = [
        p
        for p in PACKAGE.rglob("*")
        if p.is_dir() and (p / "__init__.py").exists() and "versions" not in p.parts
    ]
    missing = [
        str(f.relative_to(PACKAGE))
        for f in folders
        if f != PACKAGE and f.name + "/" not in described
    ]
    assert missing == [], f"the README's architecture does not name: {missing}"


def test_everything_the_picture_names_exists() -> None:
    absent: list[str] = []
    for top, text in tree().items():
        if top == "tests/":
            base = ROOT / "tests"
        elif top.endswith("/"):
            base = PACKAGE / top
        else:
            base = PACKAGE
        if not (PACKAGE / top).exists() and top != "tests/":
            absent.append(top)
        for name in NAME.findall(text):
            if not (found(name, base) or (ROOT / name).exists()):  # `src/`, say
                absent.append(f"{top}{name}")
    assert absent == [], f"the README's architecture names what is not there: {absent}"


def test_the_paths_in_the_paragraphs_exist() -> None:
    prose = section().split("```")[4]  # after the pictures
    absent = [
        name
        for name in QUOTED_PATH.findall(prose)
        if not (found(name, PACKAGE) or (ROOT / name).exists())
    ]
    assert absent == [], f"the README's architecture names what is not there: {absent}"
