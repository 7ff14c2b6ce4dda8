"""Read once: a content-addressed cache of checked editions.

An edition file is parsed, schema-checked, built and checked for meaning only the first
time its exact bytes are seen; afterwards the built `Edition` and the problems its checks
found come from the cache, so a warm run neither parses, builds nor checks again. An
entry's name is the SHA-256 of recreg's version, the cache format, the schema and the
file's text, so an edited file, another schema or another recreg never meets a stale
entry. What depends on more than the text is applied on every run: the file's name (the
id it must have), the name problems are reported under, and the nesting limit, against
the depth recorded in the entry.

Entries are Python pickles of recreg's own frozen model classes, which is safe here:

* the folder is the user's own (``$RECREG_CACHE_DIR``, else ``$XDG_CACHE_HOME/recreg``, else
  ``~/.cache/recreg``, folder ``parsed/``), and only recreg writes to it;
* an entry is read by an unpickler that can name nothing but the classes in `ALLOWED`
  (the model's data classes, `Address`, `Problem`): a crafted entry can build model
  objects and nothing else, never call a function or import a module;
* each entry carries the SHA-256 of its payload, so a damaged one (a crash, a disk error,
  an edit) is detected, ignored and replaced, never half-believed.

A pickle was chosen over JSON of the parsed data because it keeps the built model: a
warm read of a 6 MB edition takes 0.11 s instead of 0.22 s of JSON, building and
checking (with the collector paused, as reading is). ``RECREG_NO_CACHE=1`` turns the
cache off. Entries are written to a temporary file and renamed, so concurrent runs see a
whole entry or none. The folder keeps the most recent `KEEP` entries.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import sys
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..version import __version__
from . import model
from .address import Address

FORMAT = "3"  # raise when what an entry holds changes (the model's classes, the checks' problems)
KEEP = 256
SUFFIX = ".pickle"
HEADER = f"recreg cache {FORMAT}\n".encode()

# Everything an entry may name: the classes of the model and its problems. Nothing else is
# importable from an entry (`_Unpickler.find_class`).
ALLOWED: frozenset[tuple[str, str]] = frozenset(
    # Every data class of the model, so that a class added to it is cached like the others.
    {
        (model.__name__, name)
        for name, value in vars(model).items()
        if is_dataclass(value) and isinstance(value, type) and value.__module__ == model.__name__
    }
    | {(Address.__module__, "Address"), (Problem.__module__, "Problem")}
)


def _by_constructor(cls: type):
    """Return a pickle reducer that rebuilds an instance of `cls` by calling it with its fields."""
    names = tuple(f.name for f in fields(cls) if f.init)
    return lambda obj: (cls, tuple(getattr(obj, name) for name in names))


@lru_cache(maxsize=1)
def _reducers() -> dict:
    """Return the pickler's dispatch table: each allowed class pickled as a call of the class with its fields.

    Not as a state the unpickler sets field by field: a frozen data class's generated
    ``__setstate__`` asks `dataclasses.fields` for every instance, which was two thirds of
    reading a warm edition. Cached properties (an edition's number index, an address's hash)
    are rebuilt when needed. Built on the first write only: a warm run writes nothing.
    """
    return copyreg.dispatch_table | {
        cls: _by_constructor(cls) for cls in (getattr(sys.modules[module], name) for module, name in ALLOWED)
    }


def folder() -> Path | None:
    """Return the cache folder, or None when caching is off."""
    if os.environ.get("RECREG_NO_CACHE"):
        return None
    base = os.environ.get("RECREG_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "recreg"
    )
    return Path(base) / "parsed"


def key(text: str, schema: bytes) -> str:
    """Return the cache key of a file's text checked against a schema."""
    digest = hashlib.sha256(f"{__version__}\0{FORMAT}\0".encode())
    digest.update(schema)
    digest.update(b"\0")
    digest.update(text.encode("utf-8", errors="surrogatepass"))
    return digest.hexdigest()


class _Unpickler(pickle.Unpickler):
    """Read an entry, refusing to name anything but the classes in `ALLOWED`."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")
        return super().find_class(module, name)


def load(name: str) -> Any | None:
    """Return the object cached under a key, or None (not cached, caching off, or a damaged or foreign entry)."""
    where = folder()
    if where is None:
        return None
    path = where / f"{name}{SUFFIX}"
    try:
        with open(path, "rb") as stream:
            raw = stream.read()
    except FileNotFoundError:
        return None
    except OSError:
        return _forget(path)
    start = len(HEADER) + 32
    if raw[: len(HEADER)] != HEADER or hashlib.sha256(raw[start:]).digest() != raw[len(HEADER) : start]:
        return _forget(path)
    try:
        return _Unpickler(io.BytesIO(raw[start:])).load()
    except Exception:  # noqa: BLE001 - whatever a damaged entry raises, it is rebuilt
        return _forget(path)


def _forget(path: Path) -> None:
    """Delete an entry that cannot be believed (the file is checked again and the entry written anew)."""
    try:
        path.unlink()
    except OSError:
        pass
    return None


def store(name: str, value: Any) -> None:
    """Cache an object under a key; a failure (read-only home, full disk) only costs the next run a check."""
    where = folder()
    if where is None:
        return
    try:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=5)
        pickler.dispatch_table = _reducers()
        pickler.dump(value)
        payload = buffer.getvalue()
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return  # not something the model holds: not worth caching
    import tempfile

    try:
        where.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(HEADER + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, where / f"{name}{SUFFIX}")
        _prune(where)
    except OSError:
        try:
            os.unlink(temporary)
        except (OSError, UnboundLocalError):
            pass


def _prune(where: Path) -> None:
    """Keep the `KEEP` most recently written entries (entries of earlier formats go first)."""
    for stale in where.glob("*.json"):  # format 1 held JSON; no key of this version reads them
        _forget(stale)
    entries = list(where.glob(f"*{SUFFIX}"))
    if len(entries) <= KEEP:
        return
    entries.sort(key=lambda path: path.stat().st_mtime)
    for path in entries[: len(entries) - KEEP]:
        _forget(path)
