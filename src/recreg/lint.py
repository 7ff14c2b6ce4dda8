"""Lint: warnings an editor wants before review, beyond what makes an edition invalid.

- the same term spelt two ways within an edition ("IP Offices" / "IP offices");
- a statement with no normative phrase ("should", "are encouraged to", ...);
- a footnote never anchored (reported by validation as a warning, not repeated here).
"""

from __future__ import annotations

import re
from collections import defaultdict

from .errors import Problem
from .model import Edition
from .textdiff import modalities, tokenize

_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_SENTENCE_START = re.compile(r"(^|[.:;!?]\s+|\(\s*)$")


def lint_problems(edition: Edition, where=None) -> list[Problem]:
    """Return lint warnings for an edition.

    Args:
        edition: the edition to lint.
        where: optional locator from key path to (line, column), to place warnings.

    Returns:
        Warnings, in the order of the edition.
    """
    problems = []
    index = {r.address: i for i, r in enumerate(edition.recommendations)}

    def warn(address, message: str, key_path: list, expected: str | None = None) -> None:
        line, column = where(key_path) if where else (None, None)
        problems.append(Problem(f"{address}: {message}", file=edition.path, line=line, column=column,
                                expected=expected, severity="warning"))

    for rec in edition.recommendations:
        if rec.statement is not None and not modalities(tokenize(rec.statement)):
            warn(rec.address, "the statement has no normative phrase", ["recommendations", index[rec.address], "statement"],
                 "should, are encouraged to, may, ...")
    for term, spellings in _spellings(edition).items():
        if len(spellings) > 1:
            listed = "; ".join(f"{spelling!r} at {', '.join(places[:3])}" + (" ..." if len(places) > 3 else "")
                               for spelling, places in sorted(spellings.items()))
            warn(edition.id, f"term spelt {len(spellings)} ways: {listed}", [], f"one spelling of {term!r}")
    return problems


def _spellings(edition: Edition) -> dict[str, dict[str, list[str]]]:
    """Map each capitalised term to its spellings (by case) and where each stands.

    Terms are runs of capitalised words ("IP Offices", "Artificial Intelligence") that do
    not merely open a sentence; a run of acronyms alone ("ICT", "XML") is not a term.
    Each term is then looked for, in any case, in every text of the edition.
    """
    texts = [(address.local, text) for rec in edition.recommendations for address, text in rec.texts()]
    terms: set[str] = set()
    for _, text in texts:
        run: list[str] = []
        run_end = 0
        for match in list(_WORD.finditer(text)) + [None]:
            capital = match is not None and match.group()[0].isupper() and not _opens_sentence(text, match.start())
            if capital and (not run or text[run_end:match.start()] == " "):
                run.append(match.group())
                run_end = match.end()
                continue
            if any(not word.isupper() for word in run):
                terms.add(" ".join(run))
            run = [match.group()] if capital else []
            run_end = match.end() if match is not None else 0
    found: dict[str, dict[str, list[str]]] = {}
    for term in sorted(terms, key=str.lower):
        pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, term.split())) + r"\b", re.IGNORECASE)
        spellings: dict[str, list[str]] = defaultdict(list)
        for where, text in texts:
            for match in pattern.finditer(text):
                if not _opens_sentence(text, match.start()):
                    spellings[" ".join(match.group().split())].append(where)
        if len(spellings) > 1:
            found[term.lower()] = {spelling: sorted(set(places), key=places.index) for spelling, places in spellings.items()}
    return found


def _opens_sentence(text: str, index: int) -> bool:
    """Tell whether a word at `index` opens the text or a sentence (its capital means nothing)."""
    return bool(_SENTENCE_START.search(text[:index]))
