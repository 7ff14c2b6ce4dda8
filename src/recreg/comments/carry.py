"""Carry a comment to a later edition: where the words it is on stand now, and what changed there.

A comment is on a node of the edition it was made on, and often on some of its words. The
diff engine's alignment (`recreg.engine.align.align_editions`) says which node each node
became, one ``derives_from`` step at a time: its pair (whatever its new number or letter, in
whichever recommendation), the parts it was split into, the node it was merged into, the
footnote its sub-items became. The quoted words are followed through the word diff between
the node's text and what it became (`map_span`): each word of the quote goes to the word that
stands for it, a replaced run to its replacement, a deleted word nowhere; the words now there
run from the first to the last of those. Split parts are read as one text, in order, so the
words land in the part that holds them.

The span is then:

- **found**: in the node the commented node was paired with (renumbered or relabeled
  perhaps, its words perhaps changed: the word diff shows how);
- **moved**: elsewhere, by the alignment's own account: the node moved to another
  recommendation, or the words went into a part split off it, a node it merged into, or the
  footnote its sub-items became;
- **orphaned**: nowhere: the node was removed, every quoted word was deleted, or the quote is
  not (or no longer) in the commented text.

Words that happen to appear in some other node are never taken for the comment's: only the
alignment moves a comment.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..edition.address import Address, addresses
from ..edition.model import Edition
from ..engine.align import Alignment, align_editions
from ..engine.classify import Change, classify
from ..engine.textdiff import Edit, exact_diff, fold_word, token_spans
from ..office.word_comments import node_words, segment_starts, segments
from .model import Comment, locate_quote

# The relations a step may carry a node by, and whether each takes it elsewhere.
ELSEWHERE = frozenset({"moved", "split", "merged", "became-footnote"})


@dataclass(frozen=True)
class Landing:
    """Where a comment stands in an edition: a node, and the characters of its text the words take.

    ``mode`` says which text: ``segment`` the node's own text (a statement, an action
    without its sub-items...), ``node`` the node's words (`recreg.office.word_comments.node_words`),
    ``whole`` the whole node (no characters).
    """

    address: Address
    start: int | None = None
    end: int | None = None
    mode: str = "whole"
    relations: frozenset[str] = frozenset()  # how it got here: pair, moved, split, merged, became-footnote


@dataclass(frozen=True)
class Placement:
    """Where a comment stands in the later edition, how it got there and what changed on the way."""

    status: str  # found, moved, orphaned, or general (on the edition as a whole)
    landings: tuple[Landing, ...]
    reason: str
    before: str | None = None  # the words commented on, as the commented edition has them
    after: str | None = None  # the words that stand for them now
    diff: tuple[Edit, ...] = ()
    changes: tuple[tuple[str, str, Change], ...] = ()  # (older edition, newer edition, change) met on the way
    removed: bool = False  # the commented node has no counterpart
    node_after: str | None = None  # the text of the node it now stands in (for a span whose words were deleted)
    nearby: str | None = None  # the words now there with up to five words on each side
    nodes_now: tuple[Address, ...] = ()  # where the commented node stands now, whatever became of its words
    removed_in: str | None = None  # the edition without a counterpart of the commented node


@dataclass
class Step:
    """One step between editions: which nodes each node became (and how), and the engine's changes."""

    older: Edition
    newer: Edition
    alignment: Alignment
    changes: list[Change]
    into: dict[Address, list[tuple[Address, str]]] = field(default_factory=dict)


def step_between(older: Edition, newer: Edition) -> Step:
    """Align two editions and say which nodes each old node became, with the relation of each."""
    alignment = align_editions(older, newer)
    step = Step(older, newer, alignment, classify(older, newer, alignment))
    into = step.into
    for pair in alignment.recommendations.pairs:
        into.setdefault(pair.before, []).append((pair.after, "pair"))
    for old, parts in alignment.recommendation_splits.items():
        into.setdefault(old, []).extend((part, "split") for part in parts)
    for new, olds in alignment.recommendation_merges.items():
        for old in olds:
            into.setdefault(old, []).append((new, "merged"))
    for matching in (alignment.actions, alignment.items, alignment.footnotes):
        for pair in matching.pairs:
            moved = alignment.partner(pair.before.recommendation()) != pair.after.recommendation()
            into.setdefault(pair.before, []).append((pair.after, "moved" if moved else "pair"))
    for old, parts in alignment.splits.items():
        into.setdefault(old, []).extend((part, "split") for part in parts)
    for new, olds in alignment.merges.items():
        for old in olds:
            into.setdefault(old, []).append((new, "merged"))
    for footnote, items in alignment.became_footnote.items():
        for item in items:
            into.setdefault(item, []).append((footnote, "became-footnote"))
    return step


def own_text(edition: Edition, address: Address) -> str:
    """Return a node's own text: a recommendation's statement, an action's text without its sub-items..."""
    node = edition.node(address)
    if node is None:
        return ""
    if address.kind == "recommendation":
        return node.statement or ""
    return node.text


def _key(token) -> str:
    """Return what the word diff compares a token by: a normative phrase by its class, a word folded (catalogue = catalog)."""
    return token.modal or fold_word(" ".join(token.text.split()).lower())


def map_span(old: str, new: str, start: int, end: int) -> tuple[int, int] | None:
    """Follow the characters start..end of a text through the word diff to another: where its words stand there.

    Each word the span touches goes to its counterpart (an unchanged word, or its other
    spelling or case, to itself; a word of a replaced run to its share of the replacement);
    a deleted word goes nowhere. The result runs from the first counterpart to the last, so
    words inserted inside the span belong to it. None when every word was deleted.
    """
    old_tokens, new_tokens = token_spans(old), token_spans(new)
    touched = [k for k, (s, e, _) in enumerate(old_tokens) if s < end and e > start]
    if not touched or not new_tokens:
        return None
    matcher = difflib.SequenceMatcher(
        None, [_key(t) for _, _, t in old_tokens], [_key(t) for _, _, t in new_tokens], autojunk=False
    )
    target: dict[int, tuple[int, int]] = {}
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for i in range(i1, i2):
            if op == "equal":
                target[i] = (j1 + i - i1, j1 + i - i1)
            elif op == "replace":
                share = (j2 - j1) / (i2 - i1)
                first = j1 + int((i - i1) * share)
                last = max(first, j1 + int((i - i1 + 1) * share) - 1)
                target[i] = (first, min(last, j2 - 1))
    reached = [target[k] for k in touched if k in target]
    if not reached:
        return None
    first, last = min(a for a, _ in reached), max(b for _, b in reached)
    return new_tokens[first][0], new_tokens[last][1]


def around(text: str, start: int, end: int, words: int = 5) -> str:
    """Return a passage of a text with up to `words` tokens on each side: where a comment's words now stand."""
    tokens = token_spans(text)
    before = [s for s, e, _ in tokens if e <= start][-words:]
    after = [e for s, e, _ in tokens if s >= end][:words]
    return text[before[0] if before else start : after[-1] if after else end]


def start_of(comment: Comment, edition: Edition) -> Landing | None:
    """Return where a comment stands in its own edition (None: the quote is not in its node's words)."""
    node = edition.node(comment.address)
    if comment.quote is None:
        return Landing(comment.address)
    words = node_words(node)
    place = locate_quote(words, comment.quote)
    if place is None:
        return None
    start, end = place
    for address, offset in segment_starts(node).items():
        text = dict(segments(node))[address]
        if offset <= start and end <= offset + len(text):
            return Landing(address, start - offset, end - offset, "segment")
    return Landing(comment.address, start, end, "node")


def carry(landing: Landing, step: Step) -> list[Landing]:
    """Carry a landing one step; none when the node was removed or every quoted word deleted."""
    successors = step.into.get(landing.address, [])
    if landing.mode == "whole":
        return [Landing(new, relations=landing.relations | {how}) for new, how in successors]
    older, newer = step.older, step.newer
    text_of = (lambda e, a: own_text(e, a)) if landing.mode == "segment" else (lambda e, a: node_words(e.node(a)))
    old = text_of(older, landing.address)
    found = []
    parts = [(new, how) for new, how in successors if how in ("pair", "split", "moved")]
    if len(parts) > 1:  # a split: the parts read as one text, in order, so the words land where they went
        texts = [text_of(newer, new) for new, _ in parts]
        joined = " ".join(texts)
        span = map_span(old, joined, landing.start, landing.end)
        offset = 0
        for (new, how), text in zip(parts, texts):
            if span is not None and span[0] < offset + len(text) and span[1] > offset:
                found.append(
                    Landing(
                        new,
                        max(span[0], offset) - offset,
                        min(span[1], offset + len(text)) - offset,
                        landing.mode,
                        landing.relations | {how},
                    )
                )
            offset += len(text) + 1
        successors = [(new, how) for new, how in successors if (new, how) not in parts]
    for new, how in successors:
        span = map_span(old, text_of(newer, new), landing.start, landing.end)
        if span is not None:
            found.append(Landing(new, span[0], span[1], landing.mode, landing.relations | {how}))
    return found


def concerns(change: Change, covered: set[Address], landings: set[Address]) -> bool:
    """Tell whether a change is about the commented text: one of its nodes, or a part added to where it now stands."""
    if change.kind == "metadata-changed":
        return False
    if any(address in covered for address in addresses(change.before)):
        return True
    return change.kind in ("added", "footnote-added") and any(a.parent() in landings for a in addresses(change.after))


def _reaches(change: Change, landed: set[Address]) -> bool:
    """Tell whether a change reaches where the words landed (a change with no new side, or a split or merge, always does)."""
    after = addresses(change.after)
    return (
        not after
        or change.kind in ("split", "merged", "became-footnote")
        or any(a in landed for a in after)
        or any(a.parent() in landed for a in after)
    )


def covered_by(landing: Landing, edition: Edition) -> set[Address]:
    """Return the addresses a landing's comment is about: the node and its parts when whole, else the texts it touches."""
    if landing.mode == "segment":
        return {landing.address}
    node = edition.node(landing.address)
    if landing.mode == "whole" and landing.address.kind == "recommendation":
        return {landing.address} | {address for address, _ in segments(node)}
    if landing.mode == "whole":
        return {address for address, _ in segments(node)}
    starts = segment_starts(node)
    texts = dict(segments(node))
    return {a for a, s in starts.items() if s < landing.end and s + len(texts[a]) > landing.start}


def text_at(edition: Edition, landing: Landing) -> str:
    """Return the words a landing stands for: its characters of the node's text, or the node's own text when whole."""
    if landing.mode == "whole":
        return own_text(edition, landing.address)
    text = (
        own_text(edition, landing.address) if landing.mode == "segment" else node_words(edition.node(landing.address))
    )
    return text[landing.start : landing.end]


def place(comment: Comment, editions: list[Edition], steps: list[Step]) -> Placement:
    """Carry a comment from its edition (the first) to the last, step by step, and say where it stands.

    Args:
        editions: the route, oldest first (one edition: there is no later one).
        steps: the steps between consecutive editions of the route.
    """
    first = editions[0]
    if comment.address is None:
        return Placement("general", (), "on the edition as a whole")
    landing = start_of(comment, first)
    if landing is None:
        return Placement(
            "orphaned",
            (),
            f"the quoted words are not in {first.id}:{comment.address.local}",
            before=comment.quote.exact,
        )
    before = text_at(first, landing)
    landings, changes = [landing], []
    for step in steps:
        carried = []
        for current in landings:
            moved = carry(current, step)
            # Words that went to one part of a split met that part's changes, not the other's.
            targets = {new for new, _ in step.into.get(current.address, [])}
            landed = {landing.address for landing in moved} if current.mode != "whole" and moved else targets
            covered = covered_by(current, step.older)
            changes += [
                (step.older.id, step.newer.id, c)
                for c in step.changes
                if concerns(c, covered, targets) and _reaches(c, landed)
            ]
            carried += moved
        landings = carried
        if not landings:
            break
    return _placement(comment, landings, before, editions[-1], changes, steps)


def _placement(
    comment: Comment, landings: list[Landing], before: str, last: Edition, changes: list, steps: list[Step]
) -> Placement:
    """Say where the comment stands from its landings in the last edition."""
    unique = list({(older, newer, id(change)): (older, newer, change) for older, newer, change in changes}.values())
    nodes = _follow(comment.address, steps)
    if not landings:
        removed_in = None if nodes else _removed_in(comment, steps)
        if removed_in:
            reason = f"{comment.address.local} was removed in {removed_in}"
        else:
            reason = f"every quoted word was deleted from {' + '.join(a.local for a in nodes)}"
        node_after = " ".join(node_words(last.node(a)) for a in nodes) or None
        return Placement(
            "orphaned",
            (),
            reason,
            before,
            None,
            (),
            tuple(unique),
            not nodes,
            node_after,
            nodes_now=nodes,
            removed_in=removed_in,
        )
    after = " … ".join(text_at(last, landing) for landing in landings)
    nearby = " … ".join(_nearby(last, landing) for landing in landings)
    diff = tuple(exact_diff(before, after)) if before != after else ()
    relations = set().union(*(landing.relations for landing in landings))
    where = " + ".join(landing.address.local for landing in landings)
    if relations & ELSEWHERE:
        verbs = [v for v in ("moved", "split", "merged", "became-footnote") if v in relations]
        reason = f"{comment.address.local} → {where} ({', '.join(v.replace('-', ' ') for v in verbs)})"
        status = "moved"
    else:
        reason = f"{comment.address.local} → {where}" if steps else "no later edition"
        status = "found"
    return Placement(
        status, tuple(landings), reason, before, after, diff, tuple(unique), nearby=nearby, nodes_now=nodes
    )


def _nearby(edition: Edition, landing: Landing) -> str:
    if landing.mode == "whole":
        return own_text(edition, landing.address)
    text = (
        own_text(edition, landing.address) if landing.mode == "segment" else node_words(edition.node(landing.address))
    )
    return around(text, landing.start, landing.end)


def _removed_in(comment: Comment, steps: list[Step]) -> str:
    """Return the edition in which a comment's node stopped having a counterpart."""
    current = [comment.address]
    for step in steps:
        current = [new for address in current for new, _ in step.into.get(address, [])]
        if not current:
            return step.newer.id
    return steps[-1].newer.id if steps else "the later edition"


def _follow(address: Address, steps: list[Step]) -> tuple[Address, ...]:
    """Return the nodes a node became through every step (itself when there is none)."""
    current = [address]
    for step in steps:
        current = [new for old in current for new, _ in step.into.get(old, [])]
    return tuple(dict.fromkeys(current))
