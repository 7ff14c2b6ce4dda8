"""Write output files so that a reader never sees half of one."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import Problem, RecregError
from .resources import PACKAGE


def write_atomic(path: str | os.PathLike, text: str | bytes) -> None:
    """Write an output file all at once: a temporary file beside it, then a rename.

    A browser or a CI job reading the report while recreg writes it sees the old file
    or the new one, never a truncated one; a failed write leaves the old file as it was.
    A target that is not a regular file (a device such as ``/dev/null``, a FIFO, a socket)
    is written in place: renaming over it would replace the node itself. A file its mode
    makes read-only is refused, as writing it in place would be. A symbolic link is
    followed, so the file it names is replaced, not the link.

    Args:
        path: the file to write (created or replaced).
        text: its content: a text, written as UTF-8 with the newlines as they are, or the
            bytes of a binary document (DOCX, XLSX).

    Raises:
        RecregError: the file cannot be written (missing folder, no permission, no space,
            a folder in the way...), naming the file.
    """
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    target = Path(os.path.realpath(path))
    check_writable(target)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _problem(path, exc) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise RecregError(
            Problem(
                "cannot write the file: it is a folder", file=os.fspath(path), expected="a file name inside the folder"
            )
        )
    if mode is not None and not stat.S_ISREG(mode):
        _write_in_place(path, target, data)
        return
    if mode is not None and not os.access(target, os.W_OK):
        # A rename needs only the folder's permission: the file's own mode says it is not to be replaced.
        raise _problem(path, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
    _replace(path, target, data)


def _replace(path: str | os.PathLike, target: Path, data: bytes) -> None:
    """Write the bytes to a temporary file beside the target, then rename it over the target."""
    try:
        import tempfile  # not at start-up: it pulls in shutil and the compression modules

        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:100]}.", suffix=".tmp")
    except OSError as exc:
        raise _problem(path, exc) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates the file readable by its owner only; a report is for sharing,
        # so give it the mode the file had, else what the umask grants a new file.
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except OSError as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass  # already gone or never made: nothing to clean up
        raise _problem(path, exc) from None


def _write_in_place(path: str | os.PathLike, target: Path, data: bytes) -> None:
    """Write to a device, FIFO or socket through the node itself, every byte or an error."""
    try:
        # No O_CREAT, no O_TRUNC: the node exists and is not a file to empty.
        handle = os.open(target, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _problem(path, exc) from None
    try:
        view = memoryview(data)
        while view:
            written = os.write(handle, view)
            view = view[written:]
    except OSError as exc:
        raise _problem(path, exc) from None
    finally:
        os.close(handle)


def installed_folders() -> list[Path]:
    """Return the folders recreg must never write into: its own package, and installed packages."""
    import sysconfig

    paths = sysconfig.get_paths()
    return [PACKAGE, *(Path(paths[key]) for key in ("purelib", "platlib") if paths.get(key))]


def check_writable(target: str | os.PathLike) -> None:
    """Refuse a target inside recreg's own package or any installed package.

    Raises:
        RecregError: naming the file, and how to start a registry of one's own.
    """
    resolved = Path(os.path.abspath(target)).resolve()
    for folder in installed_folders():
        folder = folder.resolve()
        if resolved == folder or folder in resolved.parents:
            raise RecregError(
                Problem(f"refusing to write inside an installed package ({folder})", file=os.fspath(target))
            )


def _mode_for(target: Path) -> int:
    """Return the permission bits to give the written file."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _problem(path: str | os.PathLike, exc: OSError) -> RecregError:
    reason = exc.strerror or type(exc).__name__
    return RecregError(Problem(f"cannot write the file: {reason}", file=os.fspath(path)))
