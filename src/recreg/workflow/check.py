"""Check a registry as CI does: validation, canonical formatting, and lint with its baseline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..comments.model import COMMENTS_KIND, check_comments, comment_files
from ..edition import oscal
from ..edition.formatting import NotRecregFile, format_text
from ..edition.load import file_kind, read_text
from ..edition.model import Edition
from ..edition.validate import Locator, check_file, link_problems
from ..errors import InvalidInput, Problem, RecregError
from ..fileio import write_atomic
from ..registry.folder import Registry
from ..registry.history import HISTORY_KIND, check_history, history_beside
from ..registry.lint import apply_baseline, baseline_path, lint_problems, read_baseline
from ..survey.model import SURVEY_KIND, check_survey, survey_files


@dataclass(frozen=True)
class CheckReport:
    """What `check_registry` found."""

    files: tuple[Path, ...]
    problems: tuple[Problem, ...]  # errors and warnings still to act on
    unformatted: tuple[Path, ...]  # files `recreg fmt` would rewrite
    accepted: tuple[Problem, ...]  # lint findings the baseline accepts

    @property
    def errors(self) -> int:
        """Count the errors."""
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        """Count the warnings not accepted by the baseline."""
        return len(self.problems) - self.errors

    def passed(self, strict: bool = False) -> bool:
        """Tell whether the registry passes: no error, nothing unformatted (no warning, when strict)."""
        return not (self.errors or self.unformatted or (strict and self.warnings))


def check_registry(registry: Registry, paths: Sequence[Path] = ()) -> CheckReport:
    """Validate, lint and format-check edition files (default: the registry, its history and its surveys).

    Lint findings the registry's baseline (``lint-baseline.yaml`` beside the registry)
    accepts are set apart; a baseline entry that matches nothing any more is a warning.

    Args:
        registry: the registry whose editions links resolve against.
        paths: files or folders to check instead of the whole registry.
    """
    files = registry_files(registry, paths)
    # Lint reads editions' wording; a history quotes its sources and is not linted.
    problems = validate_paths(files, registry, lint=True)
    baseline = baseline_path(registry.root)
    try:
        accepted, baseline_problems = read_baseline(baseline)
    except InvalidInput as exc:
        accepted, baseline_problems = [], exc.problems
    # An edition that could not be read (a merge conflict in it, say) was not linted: its
    # baseline entries are not stale, and telling the user to remove them would lose them.
    unread = {Path(p.file).stem for p in problems if p.severity == "error" and p.file}
    checked = {path.stem for path in files} - unread
    problems, matched = apply_baseline(problems + baseline_problems, accepted, baseline, checked, _ancestors(registry))
    unformatted = []
    for path in [*files, *([baseline] if baseline.is_file() and not paths else [])]:
        try:
            text = read_text(path)
            if format_text(text, str(path)) != text:
                unformatted.append(path)
        except InvalidInput:
            continue  # validation has reported it
    return CheckReport(tuple(files), tuple(problems), tuple(unformatted), tuple(matched))


def _ancestors(registry: Registry) -> dict[str, list[str]]:
    """Return each edition's ``derives_from`` chain in the registry, nearest first (editions that do not read are left out)."""
    found: dict[str, list[str]] = {}
    for edition_id in registry.ids():
        chain, seen = [], {edition_id}
        edition = registry.edition_or_none(edition_id)
        while edition is not None and edition.derives_from and edition.derives_from not in seen:
            seen.add(edition.derives_from)
            chain.append(edition.derives_from)
            edition = registry.edition_or_none(edition.derives_from)
        found[edition_id] = chain
    return found


def registry_files(registry: Registry, paths: Sequence[Path] = ()) -> list[Path]:
    """Expand paths into the files to check; with none, the registry's editions, its history, surveys and comments.

    Args:
        registry: the registry whose folder, and the history and surveys beside it, stand in for no paths.
        paths: files, or folders that stand for their ``*.yaml`` files in name order.

    Returns:
        The files, in the order given.

    Raises:
        RecregError: a path that is neither a file nor a folder.
    """
    files: list[Path] = []
    for path in paths or (registry.root,):
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")))
        elif path.is_file():
            files.append(path)
        else:
            raise RecregError(Problem("no such file or folder", file=str(path)))
    # Only a history/ beside the registry is the registry's: the copy bundled with recreg
    # stands in for a missing one when showing the history, but is not the user's to check.
    if paths:
        return files
    chronology = history_beside(registry.root)
    return files + ([chronology] if chronology else []) + survey_files(registry.root) + comment_files(registry.root)


def validate_paths(paths: list[Path], registry: Registry, lint: bool = False) -> list[Problem]:
    """Validate edition, history, survey and comment files: schema, meaning, and references to the registry's editions.

    Args:
        paths: the files to check; a history or survey file is told from an edition by its
            folder or top-level key (`recreg.edition.load.file_kind`), the file read once for both;
            an OSCAL catalog by its content, checked against NIST's schema (`recreg.edition.oscal`).
            Linked editions are looked up in the registry.
        registry: where links, ``derives_from`` and the history's references are resolved.
        lint: add lint warnings (`recreg.registry.lint`) for each valid edition, from the same reading.

    Returns:
        Every problem found (errors and warnings), each located in its file.
    """
    kinds = {"history": HISTORY_KIND, "survey": SURVEY_KIND, "comments": COMMENTS_KIND}

    problems: list[Problem] = []
    checked: list[tuple[Edition, Locator]] = []
    for path in paths:
        try:
            if path.suffix.lower() in oscal.SUFFIXES and (path.suffix.lower() == ".xml" or oscal.sniff(path)):
                oscal.read_catalog(path)  # an OSCAL catalog: NIST's schema, problems raised located
                continue
            kind = file_kind(path, kinds)
            if kind == "history":
                problems.extend(check_history(path, registry)[1])
                continue
            if kind == "survey":
                problems.extend(check_survey(path, registry)[1])
                continue
            if kind == "comments":
                problems.extend(check_comments(path, registry)[1])
                continue
            edition, found, locator = check_file(path, named=registry.holds(path))
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(found)
        if edition is not None and not any(p.severity == "error" for p in found):
            checked.append((edition, locator))
    if checked:
        known = {edition.id: edition for edition, _ in checked}
        for edition_id in registry.ids():
            if edition_id not in known:
                try:
                    known[edition_id] = registry.edition(edition_id)
                except RecregError:
                    pass  # its own problems are reported when that file is validated
        for edition, locator in checked:
            # Two files may hold one edition (a draft beside the registry's copy): each file's
            # links are checked, with that file standing for its edition.
            problems.extend(link_problems({edition.id: edition}, {**known, edition.id: edition}, {edition.id: locator}))
            if lint:
                problems.extend(lint_problems(edition, locator))
    return problems


def format_paths(
    registry: Registry, paths: Sequence[Path] = (), write: bool = True
) -> tuple[list[Path], list[Problem], list[Problem]]:
    """Format recreg's own files canonically: return the files changed (or that would be), those refused, and problems.

    A file that is not an edition, history, survey or comment set is refused and left alone; one that
    cannot be read, or whose data formatting would change, is a problem. Files are
    rewritten atomically, and only when `write` is true.
    """
    changed: list[Path] = []
    refused: list[Problem] = []
    problems: list[Problem] = []
    for path in registry_files(registry, paths):
        try:
            text = read_text(path)
            formatted = format_text(text, str(path), owned_only=True)
        except NotRecregFile as exc:
            refused.extend(exc.problems)
            continue
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        if formatted != text:
            changed.append(path)
            if write:
                write_atomic(path, formatted)
    return changed, refused, problems
