"""recreg: a versioned registry of policy recommendations with a diff engine.

The library is usable without the command line::

    import recreg
    from recreg.engine.diff import diff
    registry = recreg.load_registry()            # the registry found as the CLI finds it
    cws12 = registry.edition("cws12")            # a typed Edition
    result = diff(registry.edition("cws11"), cws12)

Names are imported on first use, so ``import recreg`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__ as __version__

_EXPORTS = {
    "Address": "recreg.edition.address",
    "parse_address": "recreg.edition.address",
    "Problem": "recreg.errors",
    "RecregError": "recreg.errors",
    "InvalidInput": "recreg.errors",
    "Edition": "recreg.edition.model",
    "Recommendation": "recreg.edition.model",
    "Action": "recreg.edition.model",
    "Item": "recreg.edition.model",
    "Footnote": "recreg.edition.model",
    "Link": "recreg.edition.model",
    "Registry": "recreg.registry.folder",
    "find_registry": "recreg.registry.folder",
    "read_edition": "recreg.edition.validate",
}

__all__ = [
    "Action",
    "Address",
    "Edition",
    "Footnote",
    "InvalidInput",
    "Item",
    "Link",
    "Problem",
    "Recommendation",
    "RecregError",
    "Registry",
    "find_registry",
    "load_registry",
    "parse_address",
    "read_edition",
]

if TYPE_CHECKING:  # pragma: no cover
    from .edition.address import Address, parse_address
    from .edition.model import Action, Edition, Footnote, Item, Link, Recommendation
    from .edition.validate import read_edition
    from .errors import InvalidInput, Problem, RecregError
    from .registry.folder import Registry, find_registry


def load_registry(path: Any = None) -> Registry:
    """Open a registry folder, found as the command line finds it when no path is given.

    Args:
        path: the registry folder; default: ``$RECREG_REGISTRY``, else the nearest
            ``registry/`` above the working directory, else the bundled registry.

    Returns:
        A `Registry` whose editions are read and validated on first access.
    """
    from .registry.folder import Registry

    return Registry.find(path)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'recreg' has no attribute {name!r}")
