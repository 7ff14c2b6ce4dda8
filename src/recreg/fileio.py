"""Write output files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import Problem, RecregError


def write_atomic(path: str | os.PathLike, text: str | bytes) -> None:
    """Write a file all at once: a temporary file beside it, then a rename.

    A browser or a CI job reading the report while recreg writes it sees the old file
    or the new one, never a truncated one; a failed write leaves the old file as it was.

    Args:
        path: the file to write (created or replaced).
        text: its content: a text, written as UTF-8 with the newlines as they are, or the
            bytes of a binary document (DOCX, XLSX).

    Raises:
        RecregError: the file cannot be written (missing folder, no permission, a
            folder in the way...), naming the file.
    """
    target = Path(path)
    check_writable(target)
    folder = target.parent
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _problem(path, exc) from None
    try:
        binary = isinstance(text, bytes)
        with os.fdopen(handle, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as stream:
            stream.write(text)
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


def installed_folders() -> list[Path]:
    """Return the folders recreg must never write into: its own package, and installed packages."""
    import sysconfig

    from .resources import PACKAGE

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
            raise RecregError(Problem(
                f"refusing to write inside an installed package ({folder})",
                file=os.fspath(target)))


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
