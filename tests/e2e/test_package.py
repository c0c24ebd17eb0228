"""The PyInstaller package works like the source app: built here, then run as a user would.

The bundle is built once per session from ``packaging/fieldjournal.spec`` into a temp
folder (about 40 s to 2 min, depending on the machine's load). Its work folder is kept in
``build/pyinstaller-test`` so a second run on the same machine only re-collects.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "fieldjournal.spec"
REAL_NAME = "Edna Pemberton"
PSEUDONYM = "Rose Abney"

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("PyInstaller") is None,
    reason="PyInstaller is not installed (pip install -e '.[package]')",
)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make package``'s build, into a temp dist folder; the folder of the app."""
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(ROOT / "build" / "pyinstaller-test"),
            str(SPEC),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return dist / "fieldjournal"


def run_packaged(bundle: Path, journal: Path, *args: str) -> str:
    """Run the packaged command; it must succeed. Returns its standard output."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV"))  # nothing of the source venv leaks in
    }
    done = subprocess.run(
        [str(bundle / "fieldjournal"), "--journal", str(journal), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=journal.parent,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def docx_text(path: Path) -> dict[str, str]:
    """The text of every XML part, read with zipfile: not the code that wrote the file."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: re.sub(r"<[^>]+>", "", archive.read(name).decode("utf-8"))
            for name in archive.namelist()
            if name.endswith(".xml")
        }


def test_the_packaged_cli_exports_a_chapter_and_a_code_report(bundle: Path, tmp_path: Path) -> None:
    journal = tmp_path / "fieldwork"
    run_packaged(bundle, journal, "init")
    run_packaged(bundle, journal, "actor", "add", REAL_NAME, "--pseudonym", PSEUDONYM)
    run_packaged(bundle, journal, "code", "add", "Trust/System trust")
    run_packaged(
        bundle,
        journal,
        "add",
        "--kind",
        "meeting",
        "--title",
        "Partnership board",
        "--at",
        "2016-04-05T10:00+01:00",
        "--site",
        "Larkhill hall",
        "--actor",
        REAL_NAME,
        "--code",
        "Trust/System trust",
        "--body",
        f"{REAL_NAME} said the lunch club ran on goodwill.",
    )
    draft = tmp_path / "chapter.md"
    draft.write_text("# Goodwill\n\nThe clubs lean on it.\n\n[[code:Trust]]\n", encoding="utf-8")
    chapter_id = run_packaged(bundle, journal, "chapter", "import", str(draft))

    chapter = tmp_path / "chapter.docx"
    written = run_packaged(bundle, journal, "chapter", "export", chapter_id, str(chapter))
    assert "1 excerpt" in written
    report = tmp_path / "trust.docx"
    run_packaged(bundle, journal, "report", "--code", "Trust", str(report))

    for exported in (chapter, report):
        parts = docx_text(exported)
        body = parts["word/document.xml"]
        assert "Rose Abney said the lunch club ran on goodwill." in body
        assert all(REAL_NAME not in text for text in parts.values())
        # The page-number footer is the template python-docx could not find in the bundle.
        assert any(name.startswith("word/footer") for name in parts)
    assert "Goodwill" in docx_text(chapter)["word/document.xml"]


def test_python_docx_finds_its_templates_through_its_parts_folder(bundle: Path) -> None:
    internal = bundle / "_internal"
    for template in ("default-footer.xml", "default-header.xml", "default-styles.xml"):
        assert (internal / "docx" / "parts" / ".." / "templates" / template).is_file()


def test_the_bundle_leaves_out_qt_network(bundle: Path) -> None:
    """The app makes no network calls: no QtNetwork module, library or plugin that needs it."""
    network = [
        name
        for name in (path.relative_to(bundle).as_posix() for path in bundle.rglob("*"))
        if re.search(r"network|/tls(/|$)|libqvnc|libqtuio", name, re.IGNORECASE)
    ]
    assert network == []
    needing = [
        path.name
        for path in bundle.rglob("*.so*")
        if path.is_file() and b"libQt6Network.so" in _needed_libraries(path)
    ]
    assert needing == []


def _needed_libraries(path: Path) -> bytes:
    """The shared libraries a binary asks the loader for (readelf, else its raw bytes)."""
    try:
        done = subprocess.run(
            ["readelf", "-d", str(path)], capture_output=True, timeout=30, check=False
        )
    except FileNotFoundError:
        return path.read_bytes()
    return done.stdout
