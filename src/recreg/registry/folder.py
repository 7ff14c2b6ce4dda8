"""Registry: a folder of edition files, found the way a user expects, read on demand."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from ..edition import oscal
from ..edition.address import parse_address, split_ref, user_address
from ..edition.load import decode_text, read_text
from ..edition.model import Edition
from ..edition.validate import read_edition
from ..errors import InvalidInput, Problem, RecregError
from ..fileio import check_writable
from ..git.refs import GitRepository, check_revision
from ..resources import data_path
from ..words import one_of

ENV_VAR = "RECREG_REGISTRY"


BUNDLED = "bundled"


def locate_registry(explicit: str | os.PathLike | None = None, cwd: Path | None = None) -> tuple[Path, str]:
    """Find the registry folder, and say how it was found.

    Order: the explicit folder (``--registry``), else ``$RECREG_REGISTRY``, else the
    nearest ``registry/`` walking up from the working directory, else the registry
    bundled with the package.

    Returns:
        The folder and its origin: ``--registry``, ``RECREG_REGISTRY``, ``working directory``
        or ``bundled`` (read-only: see `Registry.require_writable`).

    Raises:
        RecregError: an explicit or environment folder that does not exist.
    """
    for value, origin in ((explicit, "--registry"), (os.environ.get(ENV_VAR), ENV_VAR)):
        if value:
            path = Path(value)
            if not path.is_dir():
                reason = "is not a folder" if path.exists() else "does not exist"
                raise RecregError(Problem(f"registry folder {str(path)!r} {reason}", file=origin))
            return path, origin
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "registry"
        # A folder named registry is ours when it holds editions, or stands beside the
        # schemas as `recreg init` lays a new registry out (still without editions).
        if candidate.is_dir() and (
            any(candidate.glob("*.yaml")) or (folder / "schemas" / "edition.schema.json").is_file()
        ):
            return candidate, "working directory"
    return data_path("registry"), BUNDLED


def find_registry(explicit: str | os.PathLike | None = None, cwd: Path | None = None) -> Path:
    """Find the registry folder as `locate_registry` does, without saying how."""
    return locate_registry(explicit, cwd)[0]


class Registry:
    """The editions of one registry folder, each read and validated when first asked for."""

    def __init__(self, root: str | os.PathLike, origin: str = "given"):
        self.root = Path(root)
        self.origin = origin
        self._editions: dict[str, Edition] = {}

    @classmethod
    def find(cls, explicit: str | os.PathLike | None = None, cwd: Path | None = None) -> Registry:
        """Open the registry found as `locate_registry` finds it."""
        return cls(*locate_registry(explicit, cwd))

    def require_history(self, option: str) -> None:
        """Refuse git revisions of the bundled registry: its folder may lie in recreg's own checkout.

        Run outside any registry, ``cws12@HEAD~1`` or ``log`` would otherwise answer from
        recreg's own git history, not the user's.

        Raises:
            RecregError: the registry is the bundled one, naming the option or argument.
        """
        if self.origin == BUNDLED:
            raise RecregError(
                Problem(
                    "no registry/ folder in a git repository above the working directory",
                    file=option,
                    expected="a registry repository (recreg init DIR starts one), or --registry DIR",
                )
            )

    def require_writable(self) -> None:
        """Refuse to change the registry bundled with recreg, or one inside an installed package.

        Commands that write into the registry (``new``, ``fmt``, ``records``...) call this
        first: run outside any registry, they would otherwise change recreg's own copy,
        and every later ``recreg list`` with it.

        Raises:
            RecregError: the registry is the bundled one, with how to start one's own.
        """
        if self.origin == BUNDLED:
            raise RecregError(
                Problem(
                    "no registry here: the one bundled with recreg is read-only (start your own with: recreg init DIR, "
                    "or name one with --registry)",
                    file=str(self.root),
                )
            )
        check_writable(self.root / "x.yaml")

    def ids(self) -> list[str]:
        """Return the ids of the editions in the folder (their file names without ``.yaml``)."""
        return sorted(path.stem for path in self.root.glob("*.yaml"))

    def edition(self, ref: str) -> Edition:
        """Return an edition by id (``cws12``), by file path (``path/x.yaml``), either at a git revision (``cws12@HEAD~3``).

        A file that holds an OSCAL control catalog (JSON, YAML or XML, told by its content) is
        read as an edition too (`recreg.edition.oscal`).

        Raises:
            RecregError: no such edition, or an unknown or malformed revision.
            InvalidInput: the edition's file does not validate.
        """
        if ref in self._editions:
            return self._editions[ref]
        path, rev = self._locate(ref)
        text = None if rev is None else self.text(ref)
        if self._is_catalog(path, text):
            raw = None if text is None else text.encode("utf-8")
            edition = oscal.read_catalog(path, raw, ref if rev else None)
        else:
            named = self.holds(path)
            edition = read_edition(path, named=named) if text is None else read_edition(path, text, ref, named)
        if rev is not None:
            edition = replace(edition, revision=rev)
        self._editions[ref] = edition
        return edition

    def holds(self, path: Path) -> bool:
        """Tell whether a file is one of the registry's own (in its folder, so named by its id)."""
        return path.resolve().parent == self.root.resolve()

    @staticmethod
    def _is_catalog(path: Path, text: str | None) -> bool:
        """Tell whether a file is an OSCAL catalog (by content, whatever its name; any .xml file is read as one, to say
        what it lacks)."""
        head = None if text is None else text[:65536].encode("utf-8")
        return path.suffix.lower() == ".xml" or oscal.sniff(path, head) is not None

    def edition_or_none(self, ref: str) -> Edition | None:
        """Return an edition, or None where it cannot be had (a chain walk stops there instead of failing)."""
        try:
            return self.edition(ref)
        except RecregError:
            return None

    def text(self, ref: str) -> str:
        """Return the text of an edition's file, at its git revision when the reference names one.

        Raises:
            RecregError: no such edition, or an unknown or malformed revision.
            InvalidInput: the file is unreadable, too large or not UTF-8.
        """
        path, rev = self._locate(ref)
        if rev is None:
            return read_text(path)

        repo = GitRepository(path.parent if path.parent.exists() else self.root)
        return decode_text(repo.read(rev, repo.relative(path), ref), ref)

    def _locate(self, ref: str) -> tuple[Path, str | None]:
        """Find an edition reference's file and revision; ids are matched in any case (``CWS12``)."""
        name, rev = split_ref(ref)
        # An edition id has no dot (nor slash): a name with one is a file (x.yaml, rev5.json, catalog.oscal).
        is_path = "." in name or os.sep in name or "/" in name
        # Edition ids are lower-case by the schema, so CWS12 can only mean cws12.
        path = Path(name) if is_path else self.root / f"{name.lower()}.yaml"
        if rev is not None:
            check_revision(rev, ref)
            if not is_path:
                self.require_history(ref)
        elif not path.is_file():
            if is_path:
                raise RecregError(Problem(f"no edition file {name!r}", file=name))
            raise RecregError(
                Problem(f"unknown edition {name!r} in registry {str(self.root)!r}", expected=one_of(self.ids()))
            )
        return path, rev

    def node_at(self, typed: str, option: str = "EDITION[:ADDRESS]") -> tuple[Edition, object]:
        """Return the edition and node that ``EDITION[@REV][:ADDRESS]`` names (the edition itself without ADDRESS).

        Raises:
            RecregError: naming `option`, when the text names no edition or no node of it.
        """
        name, rev = split_ref(typed)
        local = None
        if rev is not None and ":" in rev:
            rev, local = rev.rsplit(":", 1)
        elif ":" in name:
            name, local = name.split(":", 1)
        parsed = parse_address(
            user_address(f"{name}:{local}" if local is not None else name), option=option, typed=typed
        )
        if parsed.edition is None:
            raise RecregError(
                Problem(f"{typed!r} names no edition", file=option, expected="EDITION[:ADDRESS], such as cws12:R6")
            )
        edition = self.edition(parsed.edition if rev is None else f"{parsed.edition}@{rev}")
        node = edition.node(parsed.with_edition(edition.id))
        if node is None:
            raise RecregError(Problem(f"{parsed} does not exist", file=option, expected=f"a node of {edition.id}"))
        return edition, node

    def all(self) -> dict[str, Edition]:
        """Read every edition of the folder.

        Raises:
            InvalidInput: with the problems of every file that does not validate.
        """
        problems: list[Problem] = []
        editions = {}
        for edition_id in self.ids():
            try:
                editions[edition_id] = self.edition(edition_id)
            except InvalidInput as exc:
                problems.extend(exc.problems)
        if problems:
            raise InvalidInput(problems)
        return editions
