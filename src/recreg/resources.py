"""Find the data recreg ships: the bundled registry and the JSON Schemas."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # the installed package (or src/recreg in a checkout)


def data_path(*parts: str) -> Path:
    """Return the path of shipped data (``data_path("schemas", "edition.schema.json")``).

    An installed wheel carries the data inside the package (``recreg/data``); a source
    checkout or editable install reads it from the repository root.
    """
    installed = PACKAGE.joinpath("data", *parts)
    if installed.exists():
        return installed
    return PACKAGE.parent.parent.joinpath(*parts)
