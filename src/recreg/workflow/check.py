"""Check a registry as CI does: validation, canonical formatting, and lint with its baseline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import InvalidInput, Problem
from ..registry.folder import Registry, registry_files, validate_paths


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
    from ..edition.formatting import format_text
    from ..registry.lint import apply_baseline, baseline_path, read_baseline
    from ..edition.load import read_text

    files = registry_files(registry, paths)
    # Lint reads editions' wording; a history quotes its sources and is not linted.
    problems = validate_paths(files, registry, lint=True)
    baseline = baseline_path(registry.root)
    try:
        accepted, baseline_problems = read_baseline(baseline)
    except InvalidInput as exc:
        accepted, baseline_problems = [], exc.problems
    checked = {path.stem for path in files}
    problems, matched = apply_baseline(problems + baseline_problems, accepted, baseline, checked)
    unformatted = []
    for path in [*files, *([baseline] if baseline.is_file() and not paths else [])]:
        try:
            text = read_text(path)
            if format_text(text, str(path)) != text:
                unformatted.append(path)
        except InvalidInput:
            continue  # validation has reported it
    return CheckReport(tuple(files), tuple(problems), tuple(unformatted), tuple(matched))
