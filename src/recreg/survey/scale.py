"""The status scale as offices write it: the scale's own words, common synonyms, a mapping file's ``values``.

A form export holds what offices typed or picked: "Yes", "In progress", "N/A". Each answer
is read on the scale of `recreg.survey.model.STATUSES` by, in order: the mapping file's
``values:`` section (the survey's own words, as its authors meant them), the scale's own
names (any case; spaces, hyphens or underscores between words), then the synonyms below,
documented in docs/surveys.md. Every answer read through a synonym or a mapped value is
counted, and the survey records which words were read as which status (``scale``), so a
report says how "no" was read.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .model import STATUSES

CANONICAL = {status.replace("-", " "): status for status in STATUSES}

# Common answers and the status each is read as. "No" cannot tell "not planned" from
# "planned": it is read as not planned, and a survey meaning otherwise maps it in `values:`.
SYNONYMS = {
    **{words: "implemented" for words in ("yes", "y", "done", "fully implemented", "complete", "completed", "in place")},
    **{words: "partly-implemented" for words in ("partly", "partially", "partial", "partially implemented", "in progress",
                                                 "ongoing", "in part", "under way", "underway", "started")},
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
        return [{"words": words, "status": status, "answers": count}
                for (words, status), count in sorted(self.tally.items(), key=lambda item: (order[item[0][1]], item[0][0]))]


def scale_line(entries) -> str:
    """Say how a survey's own words were read on the scale: ``‘in progress’ as partly implemented (12 answers)``."""
    return "; ".join(f"‘{entry.words}’ as {entry.status.replace('-', ' ')} ({entry.answers} answer{'s' * (entry.answers != 1)})"
                     for entry in entries)
