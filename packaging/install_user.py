"""Install Fieldjournal for the current user as a desktop app, or remove it (``make install-user``).

Puts a wrapper that runs this checkout's ``.venv/bin/fieldjournal`` in ``~/.local/bin``, and
the menu entry, the icons (scalable and hicolor PNG sizes, drawn from the SVG by Qt) and the
AppStream metainfo in ``$XDG_DATA_HOME`` (``~/.local/share``). Nothing needs root. Uninstalling
removes exactly those files; journals (``~/.local/share/fieldjournal/``) are never touched.

Run with the venv's Python: ``python packaging/install_user.py install --venv .venv``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
DESKTOP_FILE = PACKAGING / "fieldjournal.desktop"
METAINFO = PACKAGING / "org.fieldjournal.fieldjournal.metainfo.xml"
SVG_ICON = ROOT / "resources" / "fieldjournal.svg"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
WRAPPER_MARK = "# fieldjournal wrapper written by make install-user"


def bin_dir() -> Path:
    return Path.home() / ".local" / "bin"


def data_dir() -> Path:
    """``$XDG_DATA_HOME``, else ``~/.local/share`` (the XDG base directory rule)."""
    given = os.environ.get("XDG_DATA_HOME", "")
    return Path(given) if Path(given).is_absolute() else Path.home() / ".local" / "share"


def installed_files() -> dict[str, Path]:
    """What this script installs, by role: the same list for install and uninstall."""
    share = data_dir()
    files = {
        "wrapper": bin_dir() / "fieldjournal",
        "desktop": share / "applications" / DESKTOP_FILE.name,
        "metainfo": share / "metainfo" / METAINFO.name,
        "icon-scalable": share / "icons" / "hicolor" / "scalable" / "apps" / "fieldjournal.svg",
    }
    for size in ICON_SIZES:
        files[f"icon-{size}"] = (
            share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "fieldjournal.png"
        )
    return files


def install(venv: Path) -> list[str]:
    command = venv.resolve() / "bin" / "fieldjournal"
    if not command.exists():
        raise SystemExit(f"install-user: {command} is missing: run `make run` or `make test` first")
    files = installed_files()
    wrapper = files["wrapper"]
    if wrapper.exists() and not _is_our_wrapper(wrapper):
        raise SystemExit(f"install-user: {wrapper} exists and is not ours: left as it is")
    _write(wrapper, f'#!/bin/sh\n{WRAPPER_MARK}\nexec {shlex.quote(str(command))} "$@"\n', 0o755)
    _write(files["desktop"], _desktop_entry(wrapper), 0o644)
    _write(files["metainfo"], METAINFO.read_text(encoding="utf-8"), 0o644)
    _write(files["icon-scalable"], SVG_ICON.read_text(encoding="utf-8"), 0o644)
    for size, png in _render_icons().items():
        _write_bytes(files[f"icon-{size}"], png)
    done = [f"installed {path}" for path in files.values()]
    if str(bin_dir()) not in os.environ.get("PATH", "").split(os.pathsep):
        done.append(f"note: {bin_dir()} is not on your PATH; the menu entry works all the same")
    return done


def uninstall() -> list[str]:
    done = []
    for role, path in installed_files().items():
        if not path.exists():
            continue
        if role == "wrapper" and not _is_our_wrapper(path):
            done.append(f"left {path}: not written by install-user")
            continue
        path.unlink()
        done.append(f"removed {path}")
    return done


def _desktop_entry(wrapper: Path) -> str:
    """The menu entry, with the wrapper's full path: a menu's PATH may lack ~/.local/bin."""
    exec_line = f'Exec="{_desktop_quote(str(wrapper))}"'
    lines = DESKTOP_FILE.read_text(encoding="utf-8").splitlines()
    return "\n".join(exec_line if line.startswith("Exec=") else line for line in lines) + "\n"


def _desktop_quote(text: str) -> str:
    """Escape what the Desktop Entry spec reserves inside a quoted Exec argument."""
    for reserved in ("\\", '"', "`", "$"):
        text = text.replace(reserved, "\\" + reserved)
    return text.replace("\\", "\\\\").replace("%", "%%")


def _render_icons() -> dict[int, bytes]:
    """PNGs of the SVG icon at each hicolor size, drawn by the venv's Qt (no other tool needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG_ICON))
    pngs = {}
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6's stubs ask for bytes, but the call only accepts a str format.
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        pngs[size] = bytes(data.data())
    del app
    return pngs


def _is_our_wrapper(path: Path) -> bool:
    try:
        return WRAPPER_MARK in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _write(path: Path, text: str, mode: int) -> None:
    _write_bytes(path, text.encode("utf-8"), mode)


def _write_bytes(path: Path, data: bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.chmod(mode)
    partial.replace(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("install", "uninstall"), help="what to do")
    parser.add_argument(
        "--venv", type=Path, default=ROOT / ".venv", help="the venv the wrapper runs"
    )
    args = parser.parse_args(argv)
    done = install(args.venv) if args.action == "install" else uninstall()
    print("\n".join(done) if done else "nothing to remove")
    return 0


if __name__ == "__main__":
    sys.exit(main())
