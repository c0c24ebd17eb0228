"""One window per journal: a second launch on the same journal offers to show the first.

Two windows on one journal would each autosave over the other's typing without seeing
it, so the window that has a journal open listens on a local socket named after the
journal's folder; another Fieldjournal that is asked to open that journal finds it there,
offers to bring that window to the front instead, and asks it to come forward.

The socket is a Unix domain socket from Python's standard library, watched with a
``QSocketNotifier``, not ``QLocalServer``: that lives in QtNetwork, which the package
leaves out (the app makes no network calls). It sits in the user's runtime folder
(``$XDG_RUNTIME_DIR``, private to them); where there is no such socket family the guard
does nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

SHOW = b"show\n"
SHOWN = b"shown\n"
ANSWER_SECONDS = 3.0
MAX_SOCKET_PATH = 100  # sockaddr_un holds 108 bytes on Linux, 104 on macOS
SUPPORTED = hasattr(socket, "AF_UNIX")


def runtime_folder() -> Path:
    """Where the sockets live: ``$XDG_RUNTIME_DIR/fieldjournal``, else a private temp folder."""
    given = os.environ.get("XDG_RUNTIME_DIR", "")
    base = Path(given) if given and Path(given).is_dir() else None
    folder = base / "fieldjournal" if base else Path(tempfile.gettempdir()) / _user_folder()
    if len(str(folder)) > MAX_SOCKET_PATH - 30:
        folder = Path(tempfile.gettempdir()) / _user_folder()
    return folder


def _user_folder() -> str:
    return f"fieldjournal-{os.getuid()}" if hasattr(os, "getuid") else "fieldjournal"


def socket_path(journal_root: Path | str, folder: Path | None = None) -> Path:
    """The socket of a journal: the same for every spelling of its folder's path."""
    resolved = str(Path(journal_root).expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return (folder or runtime_folder()) / f"{digest}.sock"


def ask_to_show(path: Path) -> bool:
    """Ask the window listening on ``path`` to come to the front; True once it says it did."""
    client = _connect(path, ANSWER_SECONDS)
    if client is None:
        return False
    with client:
        try:
            client.sendall(SHOW)
            return client.recv(len(SHOWN)) == SHOWN
        except OSError:
            return False


def is_listening(path: Path) -> bool:
    """Whether a live Fieldjournal listens on ``path`` (a crashed one leaves a dead file)."""
    client = _connect(path, ANSWER_SECONDS)
    if client is None:
        return False
    client.close()
    return True


def _connect(path: Path, timeout: float) -> socket.socket | None:
    if not SUPPORTED:
        return None
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(timeout)
    try:
        client.connect(str(path))
    except OSError:  # no file, nobody listening (a crash left it), or not ours to open
        client.close()
        return None
    return client


class SingleInstance(QObject):
    """The socket of the journal this window has open; ``show_requested`` when asked."""

    show_requested = Signal()

    def __init__(self, parent: QObject | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._server: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._path: Path | None = None
        self._inode = 0

    def path_for(self, journal_root: Path | str) -> Path:
        return socket_path(journal_root, self._folder)

    def holds(self, journal_root: Path | str) -> bool:
        return self._path is not None and self._path == self.path_for(journal_root)

    def open_elsewhere(self, journal_root: Path | str) -> bool:
        """Whether another window (of this or another process) has the journal open."""
        return not self.holds(journal_root) and is_listening(self.path_for(journal_root))

    def claim(self, journal_root: Path | str) -> bool:
        """Listen for ``journal_root``; False (and nothing changes) if another window has it."""
        if not SUPPORTED or self.holds(journal_root):
            return True
        path = self.path_for(journal_root)
        folder = path.parent
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        mode = folder.stat()
        if mode.st_mode & 0o077 or mode.st_uid != os.getuid():
            return True  # a folder others can write to: not a place for our socket
        import fcntl  # with AF_UNIX (every platform but Windows)

        with (folder / f"{path.stem}.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # two launches at once: one claims, one finds it
            if is_listening(path):
                return False
            self.release()
            with contextlib.suppress(FileNotFoundError):
                path.unlink()  # left by a Fieldjournal that crashed
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.bind(str(path))
            server.listen(4)
            server.setblocking(False)
        self._server, self._path, self._inode = server, path, path.stat().st_ino
        self._notifier = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._answer)
        return True

    def release(self) -> None:
        """Stop listening (the journal is closed); the socket file goes with it."""
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._path is not None:
            with contextlib.suppress(OSError):
                if self._path.stat().st_ino == self._inode:  # not a newer window's socket
                    self._path.unlink()
            self._path = None

    def _answer(self) -> None:
        if self._server is None:
            return
        try:
            connection, _ = self._server.accept()
        except OSError:
            return
        with connection:
            connection.settimeout(ANSWER_SECONDS)
            try:
                asked = connection.recv(len(SHOW)) == SHOW
            except OSError:
                return
            if asked:  # a probe closes without asking anything
                self.show_requested.emit()
                with contextlib.suppress(OSError):
                    connection.sendall(SHOWN)


def offer_to_show(parent: QWidget | None, journal_name: str) -> bool:
    """Ask whether to bring the other window forward (tests patch this)."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Fieldjournal",
        f"{journal_name} is already open in another Fieldjournal window.",
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setInformativeText(
        "Show that window? Two windows on one journal would each save over the other's typing."
    )
    show = box.addButton("Show that window", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(show)
    box.exec()
    return box.clickedButton() is show


def tell(parent: QWidget | None, text: str) -> None:
    """A sentence for the researcher after asking the other window (tests patch this)."""
    QMessageBox.information(parent, "Fieldjournal", text)


def show_other_window(parent: QWidget | None, guard: SingleInstance, journal_root: Path) -> bool:
    """Offer to show the window that has ``journal_root`` open, and ask it; True if it came."""
    if not offer_to_show(parent, journal_root.name):
        return False
    if ask_to_show(guard.path_for(journal_root)):
        return True
    tell(
        parent,
        f"The window that has {journal_root.name} open did not answer. If it is busy, wait "
        "a moment; if it has stopped, close it and open the journal again.",
    )
    return False
