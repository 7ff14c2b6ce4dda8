"""Find the data recreg ships: the bundled registry and the JSON Schemas."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_path(*parts: str) -> Path:
    """Return the path of shipped data (``data_path("schemas", "edition.schema.json")``).

    An installed wheel carries the data inside the package (``recreg/data``); a source
    checkout or editable install reads it from the repository root.
    """
    installed = _PACKAGE.joinpath("data", *parts)
    if installed.exists():
        return installed
    return _PACKAGE.parent.parent.joinpath(*parts)
