"""``make install-user`` / ``uninstall-user`` into a temp home, and the files they install.

The desktop entry and the AppStream metainfo are checked by the freedesktop validators
themselves (``desktop-file-validate``, ``appstreamcli``), not by our reading of the specs.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "fieldjournal.desktop"
METAINFO = PACKAGING / "org.fieldjournal.fieldjournal.metainfo.xml"
VENV = Path(sys.executable).parent.parent
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)

needs_desktop_validator = pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate is not installed (Debian: desktop-file-utils)",
)
needs_appstream = pytest.mark.skipif(
    shutil.which("appstreamcli") is None, reason="appstreamcli is not installed (Debian: appstream)"
)


def run(*command: str | Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def user_environment(home: Path) -> dict[str, str]:
    """A login of a user whose home is ``home``: no XDG overrides, so ~/.local/share is used."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "MAKE", "MFLAGS"))
    }
    env["HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def make(target: str, home: Path) -> str:
    """The Makefile target itself, with this venv and without re-making it (``-o``)."""
    venv = str(VENV)
    return run(
        "make", "--no-print-directory", "-o", f"{venv}/.installed", target, f"VENV={venv}",
        env=user_environment(home),
    )  # fmt: skip


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR), read without Qt."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@needs_desktop_validator
def test_the_desktop_entry_passes_desktop_file_validate() -> None:
    done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@needs_appstream
def test_the_metainfo_passes_appstreamcli_validate_even_pedantically() -> None:
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--pedantic", "--no-color", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip().splitlines()[-1].endswith("Validation was successful.")
    assert "example." not in METAINFO.read_text(encoding="utf-8")  # no placeholder address


def test_install_user_puts_the_app_on_path_and_in_the_menu_and_uninstall_removes_it(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    make("install-user", home)
    wrapper = home / ".local" / "bin" / "fieldjournal"
    share = home / ".local" / "share"
    assert os.access(wrapper, os.X_OK)
    env = user_environment(home)
    assert run(wrapper, "--version", env=env).strip() == "fieldjournal 0.1.0"
    journal = share / "fieldjournal" / "journal"  # the default journal, made by the wrapper
    run(wrapper, "--journal", journal, "init", env=env)
    assert (journal / "journal.db").is_file()

    entry = (share / "applications" / "fieldjournal.desktop").read_text(encoding="utf-8")
    assert f'Exec="{wrapper}"' in entry.splitlines()  # a menu's PATH may lack ~/.local/bin
    assert "Icon=fieldjournal" in entry.splitlines()
    assert (share / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    icons = share / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / "fieldjournal.svg").is_file()
    for size in HICOLOR_SIZES:
        assert png_size(icons / f"{size}x{size}" / "apps" / "fieldjournal.png") == (size, size)
    if shutil.which("desktop-file-validate"):
        run("desktop-file-validate", share / "applications" / "fieldjournal.desktop")
    if shutil.which("appstreamcli"):  # the installed tree: metainfo, desktop entry and icon
        run("appstreamcli", "validate-tree", "--no-net", home / ".local")

    make("uninstall-user", home)
    left = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file())
    assert [name for name in left if "fieldjournal.desktop" in name or "apps/" in name] == []
    assert not wrapper.exists()
    assert not (share / "metainfo" / METAINFO.name).exists()
    assert (journal / "journal.db").is_file()  # the researcher's notes are never removed


def test_install_user_leaves_a_fieldjournal_command_it_did_not_write(tmp_path: Path) -> None:
    home = tmp_path / "home"
    other = home / ".local" / "bin" / "fieldjournal"
    other.parent.mkdir(parents=True)
    other.write_text("#!/bin/sh\necho another install\n", encoding="utf-8")
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-o",
            f"{VENV}/.installed",
            "install-user",
            f"VENV={VENV}",
        ],
        capture_output=True,
        text=True,
        env=user_environment(home),
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode != 0
    assert "is not ours" in done.stderr
    assert other.read_text(encoding="utf-8") == "#!/bin/sh\necho another install\n"
    make("uninstall-user", home)
    assert other.exists()
