"""
Writing a file so that a failure leaves nothing half-written.

Every file the library writes (reports, templates, the command line's
``--output``) goes through :func:`replace_file`: the content goes to a
temporary file beside the target, is flushed to disk, and is then renamed over
the target in one step (``os.replace``). If anything fails before the rename
(an exception while serialising, a full disk, an interrupt), the temporary file
is removed and an existing target is left byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, cast


__all__ = ["replace_file"]

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)


def replace_file(path: str | os.PathLike[str], content: bytes | Callable[[BinaryIO], object]) -> Path:
    """
    Write *content* to *path* atomically, and return the path.

    *content* is the bytes to write, or a function that writes them to the
    binary file it is given (e.g. ``workbook.save``). A text is encoded by the
    caller first, so that a character its encoding cannot hold fails before
    any file is touched.

    The temporary file is created beside the target (``.<name>.<random>.tmp``,
    with the permissions a new file gets from the umask), written, flushed and
    ``fsync``-ed, given the target's permission bits if the target exists, and
    renamed over it; the folder is then ``fsync``-ed where the system allows.
    A symbolic link is followed: the file it points to is replaced. A target
    that exists but is not a regular file (``/dev/stdout``, a named pipe) is
    written in place, since it cannot be replaced.

    Raises:
        OSError: if the file cannot be written; the target is unchanged and
            the temporary file is gone.
        Exception: whatever *content* raises, after the same clean-up.
    """
    try:
        status = os.stat(path)  # through any link
    except FileNotFoundError:
        mode = None
    else:
        if not stat.S_ISREG(status.st_mode):
            _write_in_place(Path(path), content)
            return Path(path)
        mode = stat.S_IMODE(status.st_mode)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = target.parent
    temporary, handle = _create_beside(target)
    output = _Output(handle)
    try:
        with handle:
            if isinstance(content, bytes | bytearray | memoryview):
                handle.write(content)
            else:
                content(cast("BinaryIO", output))
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        output.drop()
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)
    return Path(path)


class _Output:
    """
    The temporary file as a writer function sees it.

    Once the write has failed, whatever the writer still does to it is dropped:
    a ``ZipFile`` that an exception left open (openpyxl's) writes its end record
    when it is collected, which would otherwise print "Exception ignored" on
    stderr after the error has been reported.
    """

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._dropped = False

    def drop(self) -> None:
        """Discard everything from now on."""
        self._dropped = True

    def write(self, data: bytes) -> int:
        return len(data) if self._dropped else self._handle.write(data)

    def tell(self) -> int:
        return 0 if self._dropped else self._handle.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        return offset if self._dropped else self._handle.seek(offset, whence)

    def flush(self) -> None:
        if not self._dropped:
            self._handle.flush()

    def seekable(self) -> bool:
        return self._dropped or self._handle.seekable()

    def writable(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def _create_beside(target: Path) -> tuple[Path, BinaryIO]:
    """A new, empty temporary file in *target*'s folder, opened for writing."""
    for _ in range(100):
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            descriptor = os.open(temporary, _FLAGS, 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits collided
            continue
        return temporary, os.fdopen(descriptor, "wb")
    raise FileExistsError(f"cannot create a temporary file beside {target}")  # pragma: no cover


def _write_in_place(target: Path, content: bytes | Callable[[BinaryIO], object]) -> None:
    """Write to a device or pipe, which cannot be replaced by a rename."""
    with open(target, "wb") as handle:
        if isinstance(content, bytes | bytearray | memoryview):
            handle.write(content)
        else:
            content(handle)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; not every system lets a folder be opened (Windows does not)."""
    try:
        descriptor = os.open(folder if str(folder) else ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
