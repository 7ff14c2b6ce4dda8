"""Was the proposed change made? A rule a reader can check, with the words that show it.

The proposed change is read as the words it asks to add and the words it asks to remove,
compared with the words commented on (the quote, else the node's own text):

- an instruction with quoted words: ``replace “X” with “Y”`` (also ``change … to``,
  ``“X” → “Y”``) removes X's words and adds Y's; ``delete “X”`` (remove, strike, omit)
  removes X's; ``add “Y”`` (insert, include) adds Y's;
- ``delete`` without quotes removes the words commented on;
- anything else is the proposed wording for the words commented on (after an opening
  ``replace with:`` or ``change to:``): the words it has and they lack are to be added, the
  words they have and it lacks to be removed.

A proposal that opens with another instruction (``Move the list to a footnote``,
``Clarify ...``, ``Consider ...``) gives no wording to compare: *cannot tell*, and what
changed there is for a reader to weigh.

Words are compared as the diff engine folds them (case, punctuation, articles, spelling
variants aside; a normative phrase as its class, so "should" → "are encouraged to" is one
word out and one in). Then, where the comment now stands (`recreg.comments.carry`): the
words to remove are looked for in the words that stand for the quote, the words to add in
those and up to five words on each side (an insertion just after a quote is where it was
asked for); for a comment on a whole node, in the node's text:

- **made**: every word to add is there and every word to remove is gone;
- **not made**: none of the words to add is there (when there are none to add: none of the
  words to remove is gone);
- **partly made**: anything in between;
- **cannot tell**: there is no proposed change, it is an instruction without wording, it
  asks for nothing the text lacked, the commented text was removed while the proposal
  reworded it, or there is no later edition.

A proposal to delete text that was removed is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..engine.textdiff import fold, tokenize
from .carry import Placement
from .model import Comment

VERDICTS = ("made", "partly-made", "not-made", "cannot-tell")
VERDICT_LABELS = {"made": "made", "partly-made": "partly made", "not-made": "not made", "cannot-tell": "cannot tell"}

_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|‘([^’]+)’|«([^»]+)»|'([^']+)'(?!\w)")
_REPLACE = re.compile(r"\b(replace|substitute|change|amend|reword|revise)\b|→|->", re.IGNORECASE)
_DELETE = re.compile(r"^\W*(delete|remove|strike|omit|drop|deleted|removed)\b", re.IGNORECASE)
_DELETE_ANY = re.compile(r"\b(delete|remove|strike|omit|drop)\b", re.IGNORECASE)
_ADD = re.compile(r"\b(add|insert|include|append)\b", re.IGNORECASE)
_INSTRUCTION = re.compile(
    r"^\W*(move|clarify|consider|reconsider|align|merge|combine|split|specify|explain|define|"
    r"restructure|reorder|renumber|elaborate|expand|shorten|simplify)\b",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^\W*(?:replace|change|amend|reword|revise)(?:\s+(?:it|this|the text|the sentence|the action))?"
    r"\s+(?:with|to|by|as)\s*:\s*|^\W*(?:new (?:text|wording)|read|reads|proposed (?:text|wording))\s*:\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    """Whether a proposed change was made, and the words that show it."""

    made: str  # made, partly-made, not-made, cannot-tell
    evidence: str


def words(text: str) -> set[str]:
    """Return a text's words as the engine compares them (folded; a normative phrase as its class)."""
    return set(fold(tokenize(text), keep_modals=True))


def asked(proposal: str, commented: str) -> tuple[set[str], set[str]]:
    """Return the words a proposed change asks to add and to remove, given the words commented on."""
    quoted = [next(g for g in match.groups() if g) for match in _QUOTED.finditer(proposal)]
    old = words(commented)
    if quoted:
        if _REPLACE.search(proposal) and len(quoted) >= 2:
            return words(quoted[1]) - old, words(quoted[0]) - words(quoted[1])
        if _DELETE_ANY.search(proposal) and not _ADD.search(proposal):
            return set(), set().union(*(words(q) for q in quoted))
        if _ADD.search(proposal):
            return words(quoted[0]) - old, set()
        return words(quoted[0]) - old, old - words(quoted[0])
    if _DELETE.match(proposal):
        return set(), old
    if _INSTRUCTION.match(proposal):
        return set(), set()
    wording = _LEAD.sub("", proposal)
    new = words(wording)
    return new - old, old - new


def judge(comment: Comment, placement: Placement, later: bool) -> Verdict:
    """Say whether a comment's proposed change was made in the edition it was carried to.

    Args:
        later: the comment was carried to a later edition (not shown on its own).
    """
    proposal = comment.proposed_change
    if not proposal:
        return Verdict("cannot-tell", "no proposed change")
    if not later:
        return Verdict("cannot-tell", "no later edition to compare with")
    if placement.status == "general":
        return Verdict("cannot-tell", "a general comment: no words of the text to compare")
    commented = placement.before
    if commented is None:
        return Verdict("cannot-tell", "the words commented on are not in the commented text")
    add, remove = asked(proposal, commented)
    if not add and not remove:
        if _INSTRUCTION.match(proposal) and not _QUOTED.search(proposal):
            return Verdict("cannot-tell", "the proposed change is an instruction, not wording: see what changed there")
        return Verdict("cannot-tell", "the proposed change asks for no word the text lacked")
    if placement.status == "orphaned" and placement.removed and placement.node_after is None:
        if not add:
            return Verdict("made", "the commented text was removed, as proposed")
        return Verdict("cannot-tell", "the commented text was removed")
    now_span = words(placement.after or "")
    now_node = words(placement.nearby or placement.after or placement.node_after or "")
    present, missing = sorted(add & now_node), sorted(add - now_node)
    gone, kept = sorted(remove - now_span), sorted(remove & now_span)
    evidence = "; ".join(
        part
        for part in (
            _phrase("added as proposed", present),
            _phrase("not added", missing),
            _phrase("removed as proposed", gone),
            _phrase("still there", kept),
        )
        if part
    )
    if add:
        made = "made" if not missing and not kept else "not-made" if not present else "partly-made"
    else:
        made = "made" if not kept else "not-made" if not gone else "partly-made"
    return Verdict(made, evidence)


def _phrase(label: str, found: list[str]) -> str:
    return f"{label}: {', '.join(found)}" if found else ""
