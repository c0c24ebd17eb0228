"""The ``.qdpx`` zip: written in one go, read as a hostile archive until proven otherwise.

Reading never extracts to disk. Every member is checked before anything is read: no
absolute or parent-relative paths, no symbolic links, no more members, bytes or expansion
ratio than a real project needs; then members are read with the size limit enforced on
the bytes actually inflated (a zip's declared sizes can lie). A refusal says why and
leaves nothing behind.
"""

from __future__ import annotations

import os
import queue
import stat
import threading
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from fieldjournal.domain.errors import InvalidInput


class ArchiveRefused(InvalidInput):
    """The file is not a REFI-QDA project Fieldjournal will read; nothing was imported."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What a real project needs, with room: 10,000 long notes come to a few hundred MB."""

    members: int = 200_000
    total_bytes: int = 2 * 1024**3
    member_bytes: int = 512 * 1024**2
    ratio: int = 200  # text compresses 3-10x; a bomb, thousands of times
    ratio_floor: int = 1024**2  # small members may compress any amount


DEFAULT_LIMITS = Limits()
# Deflate's fastest level: four times quicker than the default on 10,000 sources, for an
# archive about a fifth larger.
_LEVEL = 1
# Pieces waiting for the compressing thread: enough to keep it busy, few enough that a
# large document is never all in memory at once.
_QUEUED = 64

Member = tuple[str, bytes | Iterable[bytes]]
"""An archive member: its name and its bytes, whole or as successive pieces."""


class _Compressor(threading.Thread):
    """Deflates and writes members on its own thread (zlib lets go of the GIL meanwhile),
    so compressing one piece overlaps making the next."""

    _END = object()

    def __init__(self, archive: zipfile.ZipFile) -> None:
        super().__init__(name="qdpx-zip", daemon=True)
        self.archive = archive
        self.queue: queue.Queue[Any] = queue.Queue(_QUEUED)
        self.failure: BaseException | None = None

    def run(self) -> None:
        stream: IO[bytes] | None = None
        while True:
            item = self.queue.get()
            if item is self._END:
                break
            if self.failure is not None:
                continue  # drain, so the producer is never left waiting
            try:
                name, data = item
                if name is not None and data is not None:
                    self.archive.writestr(name, data)
                elif name is not None:
                    stream = self.archive.open(name, "w")
                elif data is not None and stream is not None:
                    stream.write(data)
                elif stream is not None:
                    stream.close()
                    stream = None
            except BaseException as error:  # handed to the producer, raised there
                self.failure = error
        if stream is not None and self.failure is None:
            stream.close()

    def put(self, name: str | None, data: bytes | None) -> None:
        if self.failure is not None:
            raise self.failure
        self.queue.put((name, data))

    def finish(self) -> None:
        self.queue.put(self._END)
        self.join()
        if self.failure is not None:
            raise self.failure


def write(target: Path, members: Iterable[Member]) -> None:
    """Write the archive beside ``target`` (private: it may hold real names), then rename.

    Members are made (and checked, by whoever hands them on) on this thread while the
    previous ones are compressed on another."""
    target = Path(target)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(descriptor, "wb") as stream,
            zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=_LEVEL) as archive,
        ):
            compressor = _Compressor(archive)
            compressor.start()
            try:
                for name, data in members:
                    if isinstance(data, bytes):
                        compressor.put(name, data)
                        continue
                    compressor.put(name, None)
                    for piece in data:
                        compressor.put(None, piece)
                    compressor.put(None, None)
            finally:
                compressor.finish()
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)


def _unsafe_name(name: str) -> str | None:
    if "\x00" in name:
        return "a member name holds a NUL character"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return f"the member {name!r} has an absolute path"
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if ".." in parts:
        return f"the member {name!r} points outside the archive ('..')"
    return None


class Archive:
    """A checked ``.qdpx``: its members by name, read on demand within the limits."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = Path(path)
        self.limits = limits
        self._read_total = 0
        label = self.path.name
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise ArchiveRefused(f"{self.path} does not exist") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise ArchiveRefused(
                f"{label} is not a REFI-QDA project: it is not a zip archive, or it is "
                f"truncated or damaged ({error}); nothing was imported"
            ) from None
        try:
            self._check()
        except ArchiveRefused:
            self._zip.close()
            raise
        self._names = {i.filename: i for i in self._zip.infolist() if not i.is_dir()}
        self._folded: dict[str, str] = {}
        for name in self._names:
            self._folded.setdefault(name.replace("\\", "/").casefold(), name)

    def _refuse(self, why: str) -> ArchiveRefused:
        return ArchiveRefused(f"{self.path.name} was refused: {why}; nothing was imported")

    def _check(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > self.limits.members:
            raise self._refuse(f"it holds {len(infos):,} files (at most {self.limits.members:,})")
        total = 0
        for info in infos:
            problem = _unsafe_name(info.filename)
            if problem:
                raise self._refuse(problem)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise self._refuse(f"the member {info.filename!r} is a symbolic link")
            if info.flag_bits & 0x1:
                raise self._refuse(f"the member {info.filename!r} is encrypted")
            total += info.file_size
            self._check_size(info.filename, info.file_size, info.compress_size)
        if total > self.limits.total_bytes:
            raise self._refuse(
                f"it would unpack to {total:,} bytes (at most {self.limits.total_bytes:,})"
            )

    def _check_size(self, name: str, size: int, packed: int) -> None:
        if size > self.limits.member_bytes:
            raise self._refuse(
                f"the member {name!r} would unpack to {size:,} bytes "
                f"(at most {self.limits.member_bytes:,})"
            )
        if size > self.limits.ratio_floor and size > max(packed, 1) * self.limits.ratio:
            raise self._refuse(
                f"the member {name!r} expands {size // max(packed, 1):,} times "
                f"(a zip bomb; at most {self.limits.ratio} times)"
            )

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def names(self) -> list[str]:
        return list(self._names)

    def find(self, wanted: str) -> str | None:
        """The member called ``wanted``; ``sources/`` and ``Sources/`` are one folder."""
        if wanted in self._names:
            return wanted
        return self._folded.get(wanted.replace("\\", "/").casefold())

    def read(self, name: str) -> bytes:
        """A member's bytes, stopping as soon as the inflated size passes the limits."""
        info = self._zip.getinfo(name)
        limit = min(info.file_size, self.limits.member_bytes)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(1024 * 1024)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise self._refuse(f"the member {name!r} unpacks to more than it declares")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise self._refuse(f"the member {name!r} is damaged ({error})") from None
        self._read_total += size
        if self._read_total > self.limits.total_bytes:
            raise self._refuse("it unpacks to more than the size limit")
        self._check_size(name, size, info.compress_size)
        return b"".join(chunks)
