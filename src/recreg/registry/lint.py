"""Lint: warnings an editor wants before review, beyond what makes an edition invalid.

Rules (the ``rule`` of each warning):

- ``spelling``: the same term spelt two ways within an edition ("IP Offices" / "IP offices"),
  placed at the first occurrence of the rarer spelling;
- ``no-normative-phrase``: a statement with no normative phrase ("should", "are encouraged
  to", ...), placed at the statement;
- a footnote never anchored is reported by validation as a warning, not repeated here.

Texts are transcribed verbatim, so a source's own inconsistency is a true finding that no
editor may "fix". Such findings are accepted in a committed baseline, ``lint-baseline.yaml``
beside the registry (`read_baseline`): each entry names the edition, the rule and its
subject, and says why; ``recreg check`` then shows them as accepted, and ``--strict`` passes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..edition.load import locate, parse_yaml, read_text
from ..edition.model import Edition
from ..edition.schema import schema_problems
from ..edition.validate import texts_with_paths
from ..engine.textdiff import modalities, tokenize
from ..errors import Problem

_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_SENTENCE_START = re.compile(r"(^|[.:;!?]\s+|\(\s*)$")
BASELINE_FILE = "lint-baseline.yaml"
BASELINE_SCHEMA = "lint-baseline.schema.json"


def lint_problems(edition: Edition, where=None) -> list[Problem]:
    """Return lint warnings for an edition.

    Args:
        edition: the edition to lint.
        where: optional locator from key path (and a word in the text) to (line, column).

    Returns:
        Warnings, in the order of the edition, each with its ``rule`` and ``subject``.
    """
    problems = []

    def warn(
        rule: str, subject: str, message: str, key_path: list, needle: str | None = None, expected: str | None = None
    ) -> None:
        line, column = where(key_path, needle) if where else (None, None)
        problems.append(
            Problem(
                message,
                file=edition.path,
                line=line,
                column=column,
                expected=expected,
                severity="warning",
                rule=rule,
                subject=subject,
            )
        )

    for index, rec in enumerate(edition.recommendations):
        if rec.statement is not None and not modalities(tokenize(rec.statement)):
            warn(
                "no-normative-phrase",
                str(rec.address),
                f"{rec.address}: the statement has no normative phrase",
                ["recommendations", index, "statement"],
                expected="should, are encouraged to, may, ...",
            )
    _spelling_warnings(edition, warn)
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _spelling_warnings(edition: Edition, warn: Callable[..., None]) -> None:
    """Warn of each term the edition spells more than one way, at the first place of its rarest spelling."""
    texts = [
        (key_path, address, text)
        for index, rec in enumerate(edition.recommendations)
        for key_path, address, text in texts_with_paths(rec, ["recommendations", index], footnotes=True)
    ]
    for term, spellings in _spellings(texts).items():
        if len(spellings) < 2:
            continue
        listed = "; ".join(
            f"{spelling!r} at {', '.join(str(p[1].local) for p in places[:3])}" + (" ..." if len(places) > 3 else "")
            for spelling, places in sorted(spellings.items())
        )
        # Point at the odd one out: the first place of the least used spelling.
        rarest = min(spellings, key=lambda spelling: (len(spellings[spelling]), spelling))
        key_path, address = spellings[rarest][0]
        warn(
            "spelling",
            term,
            f"{edition.id}: term spelt {len(spellings)} ways: {listed}",
            key_path,
            rarest,
            expected=f"one spelling of {term!r}",
        )


def _spellings(texts: list[tuple[list, object, str]]) -> dict[str, dict[str, list[tuple[list, object]]]]:
    """Map each capitalised term to its spellings (by case) and where each stands (key path, address).

    Terms are runs of capitalised words ("IP Offices", "Artificial Intelligence") that do
    not merely open a sentence; a run of acronyms alone ("ICT", "XML") is not a term.
    Each term is then looked for, in any case, in every text of the edition.
    """
    terms: set[str] = set()
    for _, _, text in texts:
        run: list[str] = []
        run_end = 0
        for match in list(_WORD.finditer(text)) + [None]:
            capital = match is not None and match.group()[0].isupper() and not _opens_sentence(text, match.start())
            if capital and (not run or text[run_end : match.start()] == " "):
                run.append(match.group())
                run_end = match.end()
                continue
            if any(not word.isupper() for word in run):
                terms.add(" ".join(run))
            run = [match.group()] if capital else []
            run_end = match.end() if match is not None else 0
    found: dict[str, dict[str, list[tuple[list, object]]]] = {}
    for term in sorted(terms, key=str.lower):
        pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, term.split())) + r"\b", re.IGNORECASE)
        spellings: dict[str, list[tuple[list, object]]] = defaultdict(list)
        for key_path, address, text in texts:
            for match in pattern.finditer(text):
                spelling = " ".join(match.group().split())
                place = (key_path, address)
                if not _opens_sentence(text, match.start()) and place not in spellings[spelling]:
                    spellings[spelling].append(place)
        if len(spellings) > 1:
            found[term.lower()] = dict(spellings)
    return found


def _opens_sentence(text: str, index: int) -> bool:
    """Tell whether a word at `index` opens the text or a sentence (its capital means nothing)."""
    return bool(_SENTENCE_START.search(text[:index]))


@dataclass(frozen=True)
class Accepted:
    """A lint finding accepted in the baseline: which edition, rule and subject, and why."""

    edition: str
    rule: str
    subject: str
    reason: str
    line: int | None = None  # where the entry stands in the baseline file
    column: int | None = None


def baseline_path(registry_root: Path) -> Path:
    """Return where a registry's lint baseline lives: ``lint-baseline.yaml`` beside the registry folder."""
    return registry_root.parent / BASELINE_FILE


def read_baseline(path: Path) -> tuple[list[Accepted], list[Problem]]:
    """Read a lint baseline, checked against its schema.

    Returns:
        The accepted findings (none when the file does not exist) and the file's problems.

    Raises:
        InvalidInput: the file cannot be read or parsed.
    """
    if not path.is_file():
        return [], []
    text = read_text(path)
    data = parse_yaml(text, str(path))
    problems = schema_problems(data, text, str(path), BASELINE_SCHEMA)
    if problems:
        return [], problems
    entries = []
    for index, entry in enumerate(data["accepted"]):
        line, column = locate(text, ["accepted", index])
        entries.append(Accepted(entry["edition"], entry["rule"], entry["subject"], entry["reason"], line, column))
    return entries, []


def apply_baseline(
    problems: list[Problem],
    accepted: list[Accepted],
    baseline: Path,
    editions: set[str],
    ancestors: dict[str, list[str]] | None = None,
) -> tuple[list[Problem], list[Problem]]:
    """Set the accepted lint warnings apart, and flag baseline entries that no longer match.

    A finding an entry accepts for an edition is accepted in the editions derived from it
    too, as long as each edition between them has the same finding: a draft started with
    ``recreg new`` inherits its base's verbatim texts, and with them the base's accepted
    inconsistencies, but not one its base had already resolved.

    Args:
        problems: what validation and lint found.
        accepted: the baseline's entries.
        baseline: the baseline file, named in warnings about its entries.
        editions: the ids of the editions checked (entries for others are left alone).
        ancestors: each edition's ``derives_from`` chain, nearest first.

    Returns:
        (the problems still to report, with a warning per stale entry; the accepted ones).
    """
    keys = {(entry.edition, entry.rule, entry.subject): entry for entry in accepted}
    kept, matched, used = [], [], set()
    ancestors = ancestors or {}
    found = {(Path(p.file).stem if p.file else "", p.rule, p.subject) for p in problems if p.rule}
    for problem in problems:
        edition = Path(problem.file).stem if problem.file else ""
        key = _accepting_entry(edition, problem, keys, found, ancestors.get(edition, ()))
        if problem.rule and key is not None:
            matched.append(problem)
            if key[0] == edition:
                used.add(key)
        else:
            kept.append(problem)
    for key, entry in keys.items():
        if key not in used and entry.edition in editions:
            kept.append(
                Problem(
                    f"accepted finding no longer occurs: {entry.rule} {entry.subject!r} in {entry.edition}; "
                    "remove the entry",
                    file=str(baseline),
                    line=entry.line,
                    column=entry.column,
                    severity="warning",
                    rule="stale-baseline",
                    subject=f"{entry.edition}:{entry.rule}:{entry.subject}",
                )
            )
    return kept, [replace(problem, severity="accepted") for problem in matched]


def _accepting_entry(edition: str, problem: Problem, keys: dict, found: set, chain) -> tuple | None:
    """Return the baseline key accepting a finding: the edition's own entry, or one inherited along an unbroken chain."""
    for owner in [edition, *chain]:
        key = (owner, problem.rule, problem.subject)
        if key in keys:
            return key
        if owner != edition and key not in found:
            return None  # an edition between them no longer has the finding: it is the draft's own
    return None
