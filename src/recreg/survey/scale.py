"""The status scale of surveys: its words, how offices write them, and what reports sum over it.

Kept apart from `recreg.survey.model` (reading and checking survey files) and
`recreg.survey.status` (carrying answers across editions), so that every renderer, and so
every ``recreg diff``, can import it without those.

A form export holds what offices typed or picked: "Yes", "In progress", "N/A". Each answer
is read on the scale of `STATUSES` by, in order: the mapping file's ``values:`` section (the
survey's own words, as its authors meant them), the scale's own names (any case; spaces,
hyphens or underscores between words), then the synonyms below, documented in
docs/surveys.md. Every answer read through a synonym or a mapped value is counted, and the
survey records which words were read as which status (``scale``), so a report says how "no"
was read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..edition.model import Action, Indicator, Recommendation

STATUSES = ("implemented", "partly-implemented", "planned", "not-planned", "not-applicable", "unknown")
STATUS_LABELS = {status: status.replace("-", " ") for status in STATUSES}


def snapshot(node: Any) -> str | None:
    """Return the text a question about a node (or indicator) asked about, as `Question.asked` records it.

    Args:
        node: a recommendation (its statement), an action (its text, then its sub-items
            ``i. ...``), an item or footnote (its text), or an indicator (what it measures,
            and its unit).

    Returns:
        The text, or None for a recommendation whose statement the sources lack.
    """
    if isinstance(node, Indicator):
        return f"{node.measures} ({node.unit})"
    if isinstance(node, Recommendation):
        return node.statement
    if isinstance(node, Action):
        return " ".join([node.text, *(f"{item.label}. {item.text}" for item in node.items)])
    return node.text


def summary_counts(nodes: Iterable[Any]) -> tuple[dict[str, int], int]:
    """Sum the status counts of some nodes (`recreg.survey.status.NodeStatus`), and count the offices that answered any of them."""
    total: Counter = Counter()
    offices = set()
    for node in nodes:
        total.update(node.counts)
        offices.update(a.office for a in node.answers)
    return {status: total.get(status, 0) for status in STATUSES}, len(offices)


CANONICAL = {status.replace("-", " "): status for status in STATUSES}

# Common answers and the status each is read as. "No" cannot tell "not planned" from
# "planned": it is read as not planned, and a survey meaning otherwise maps it in `values:`.
SYNONYMS = {
    **{
        words: "implemented" for words in ("yes", "y", "done", "fully implemented", "complete", "completed", "in place")
    },
    **{
        words: "partly-implemented"
        for words in (
            "partly",
            "partially",
            "partial",
            "partially implemented",
            "in progress",
            "ongoing",
            "in part",
            "under way",
            "underway",
            "started",
        )
    },
    **{words: "planned" for words in ("plan", "planning", "will implement", "scheduled", "foreseen")},
    **{words: "not-planned" for words in ("no", "n", "not implemented", "no plan", "no plans")},
    **{words: "not-applicable" for words in ("n/a", "na", "n.a", "not relevant", "does not apply")},
    **{words: "unknown" for words in ("don't know", "do not know", "not known", "not sure", "unsure", "?")},
}


def answer_words(value: Any) -> str:
    """Return an answer's words as looked up: lower case, one space between words, typographic quotes plain."""
    text = "" if value is None else str(value)
    text = text.lower().replace("\u2019", "'").replace("\u00a0", " ").strip().rstrip(".!").strip()
    return " ".join(re.split(r"[\s_-]+", text)) if text else ""


class StatusReader:
    """Read answers on the scale, and count the words read through a synonym or a mapped value."""

    def __init__(self, values: dict[str, str] | None = None):
        self.values = {answer_words(words): status for words, status in (values or {}).items()}
        self.tally: Counter[tuple[str, str]] = Counter()

    def status(self, value: Any, count: bool = True) -> str | None:
        """Return the status an answer means, or None when it means none (`count` it when read through other words)."""
        words = answer_words(value)
        status = self.values.get(words) or CANONICAL.get(words) or SYNONYMS.get(words)
        if status is not None and count and CANONICAL.get(words) != status:
            self.tally[(words, status)] += 1
        return status

    def scale(self) -> list[dict]:
        """Return the words read as each status, with how many answers, in the scale's order."""
        order = {status: index for index, status in enumerate(STATUSES)}
        return [
            {"words": words, "status": status, "answers": count}
            for (words, status), count in sorted(self.tally.items(), key=lambda item: (order[item[0][1]], item[0][0]))
        ]


def scale_line(entries) -> str:
    """Say how a survey's own words were read on the scale: ``‘in progress’ as partly implemented (12 answers)``."""
    return "; ".join(
        f"‘{entry.words}’ as {entry.status.replace('-', ' ')} ({entry.answers} answer{'s' * (entry.answers != 1)})"
        for entry in entries
    )
