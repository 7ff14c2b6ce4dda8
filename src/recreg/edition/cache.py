"""Read once: a content-addressed cache of parsed, schema-valid editions.

An edition file is parsed and checked against the schema only the first time its exact
bytes are seen; afterwards its data comes from the cache (JSON, a few times faster than
parsing, and the schema check skipped). An entry's name is the SHA-256 of recreg's
version, the cache format, the schema and the file's text, so an edited file, another
schema or another recreg never meets a stale entry.

Where: ``$RECREG_CACHE_DIR``, else ``$XDG_CACHE_HOME/recreg``, else ``~/.cache/recreg``
(folder ``parsed/``); ``RECREG_NO_CACHE=1`` turns it off. Entries are written to a
temporary file and renamed, so concurrent runs see a whole entry or none; an entry that
cannot be read back (a crash, a disk error, an edit) is ignored and replaced. The folder
keeps the most recent `KEEP` entries.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from ..version import __version__

FORMAT = "1"  # raise when what `recreg.edition.load` builds from a file changes
KEEP = 256


def folder() -> Path | None:
    """Return the cache folder, or None when caching is off."""
    if os.environ.get("RECREG_NO_CACHE"):
        return None
    base = os.environ.get("RECREG_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "recreg")
    return Path(base) / "parsed"


def key(text: str, schema: bytes) -> str:
    """Return the cache key of a file's text checked against a schema."""
    digest = hashlib.sha256(f"{__version__}\0{FORMAT}\0".encode())
    digest.update(schema)
    digest.update(b"\0")
    digest.update(text.encode("utf-8", errors="surrogatepass"))
    return digest.hexdigest()


def load(name: str) -> Any | None:
    """Return the cached data under a key, or None (not cached, caching off, or an unreadable entry)."""
    where = folder()
    if where is None:
        return None
    path = where / f"{name}.json"
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        try:
            path.unlink()  # corrupt or unreadable: parse again, and write it anew
        except OSError:
            pass
        return None


def store(name: str, data: Any) -> None:
    """Cache data under a key; a failure (read-only home, full disk) only costs the next run a parse."""
    where = folder()
    if where is None:
        return
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return  # not plain JSON data: nothing a schema-valid edition holds, so not worth caching
    import tempfile

    try:
        where.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, where / f"{name}.json")
        _prune(where)
    except OSError:
        try:
            os.unlink(temporary)
        except (OSError, UnboundLocalError):
            pass


def _prune(where: Path) -> None:
    """Keep the `KEEP` most recently written entries."""
    entries = list(where.glob("*.json"))
    if len(entries) <= KEEP:
        return
    entries.sort(key=lambda path: path.stat().st_mtime)
    for path in entries[: len(entries) - KEEP]:
        try:
            path.unlink()
        except OSError:
            pass
