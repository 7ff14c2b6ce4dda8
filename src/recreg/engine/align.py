"""Align: decide which node of the old edition became which node of the new one, at every level.

`align_editions` runs the engine's steps in order: recommendations paired one to one
(`recreg.engine.assignment`, on the measures of `recreg.engine.measures`), merged and
split recommendations (`recreg.engine.relations`), then actions within each pair of
recommendations and across them, their splits and merges, sub-items within each pair of
actions, and footnotes, old sub-items included where their words now stand in a new
footnote. The `Alignment` holds it all, with every merge and split once more as a
`Relation`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import chain

from ..edition import cache
from ..edition.address import Address
from ..edition.model import Edition
from .assignment import Matching, Pair, match, match_in_groups
from .measures import CONTAINED, RECOMMENDATIONS, Cosine, Profile, Weights, profile
from .recorded import apply_recorded, drop_contradicted, recorded_into, recorded_lineage
from .relations import Relation, find_relations, find_splits, locate, relations_of
from .textdiff import fold, known_words, reading_digest, stems, tokenize, word_cache

IN_FOOTNOTE = 0.5  # share of an item's weighted words found in a new footnote for it to have become one
LINEAGE_TYPES = frozenset({"derived-from", "moved-from", "split-from", "merged-from"})


@dataclass
class Alignment:
    """Which node became which, at every level, between two editions.

    Keys are addresses. ``splits`` maps an old action to its extra new parts (beyond its
    pair in ``actions``); ``merges`` maps a new action to its extra old parts;
    ``became_footnote`` maps a new footnote to the old sub-items it was made from.
    ``recommendation_splits`` and ``recommendation_merges`` do the same for whole
    recommendations (beyond their pair in ``recommendations``), and ``merged_into_part``
    names the action of the new recommendation in which a merged recommendation's text
    was found, where one part holds it. ``relations`` says all of that once, as one
    `Relation` per merge or split of recommendations and of actions, with its host pair
    and what it carried.
    """

    recommendations: Matching
    actions: Matching
    items: Matching
    footnotes: Matching
    splits: dict[Address, list[Address]]
    merges: dict[Address, list[Address]]
    became_footnote: dict[Address, list[Address]]
    notes: list[str]
    recommendation_splits: dict[Address, list[Address]] = field(default_factory=dict)
    recommendation_merges: dict[Address, list[Address]] = field(default_factory=dict)
    merged_into_part: dict[Address, Address] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)

    def partner(self, before: Address) -> Address | None:
        """Return the new recommendation an old one was paired with, or None."""
        return self._rec_after.get(before)

    def partner_before(self, after: Address) -> Address | None:
        """Return the old recommendation a new one was paired with, or None."""
        return self._rec_before.get(after)

    def successors(self, before: Address) -> set[Address]:
        """Return the new recommendations an old one became: its pair, its split parts, or what it merged into."""
        found = {self._rec_after[before]} if before in self._rec_after else set()
        if before in self._merged_into:
            found.add(self._merged_into[before])
        return found | set(self.recommendation_splits.get(before, ()))

    def relations_of(self, address: Address) -> list[Relation]:
        """Return the relations a node (a recommendation or an action, of either edition) takes part in."""
        return [r for r in self.relations if address in r.before or address in r.after]

    def __post_init__(self) -> None:
        self._rec_after = {p.before: p.after for p in self.recommendations.pairs}
        self._rec_before = {p.after: p.before for p in self.recommendations.pairs}
        self._merged_into = {old: new for new, olds in self.recommendation_merges.items() for old in olds}


def recommendation_profile(rec, base_id: str, recorded: frozenset = frozenset()) -> Profile:
    """Profile a whole recommendation: the words of all its texts, and its links into edition `base_id`.

    Args:
        rec: the recommendation.
        base_id: the old edition's id.
        recorded: old recommendations recorded elsewhere as gone into this one (`recreg.engine.recorded`).
    """
    texts = [text for _, text in rec.texts()] or [d.text for d in rec.descriptions]
    # Words of each text (read once per text, shared with the action profiles).
    found = list(chain.from_iterable(map(stems, texts)))
    return Profile(
        rec.address, found, " ".join(" ".join(texts).split()), rec.id, _lineage(rec.links, base_id) | recorded
    )


def align_editions(before: Edition, after: Edition, use_records: bool = True) -> Alignment:
    """Align two editions at every level: recommendations, actions, items, footnotes.

    Args:
        before: the old edition.
        after: the new edition.
        use_records: use recorded ids and lineage links; False matches on text alone.

    Returns:
        The `Alignment`.
    """
    with word_cache():
        remembered = _RememberedWords((before, after))
        alignment = _align(before, after, use_records)
        remembered.keep()
        return alignment


class _RememberedWords:
    """The words of an edition's texts, kept in the cache beside the edition, so that a warm run reads no text again.

    An edition read from a file carries its cache key (`Edition.digest`); its texts' words
    (`stems`, in the order `_texts` lists the texts) are stored under a key of that, the
    version and the source of `recreg.engine.textdiff`, which reads them: a change to how
    words are read never meets words read the old way.
    """

    def __init__(self, editions: tuple[Edition, ...]):
        self.missing: dict[str, Edition] = {}
        for edition in editions:
            if edition.digest is None or edition.digest in self.missing:
                continue
            texts = _texts(edition)
            words = cache.load(self._key(edition))
            if isinstance(words, list) and len(words) == len(texts) and all(type(w) is tuple for w in words):
                known_words(texts, words)
            else:
                self.missing[edition.digest] = edition

    def keep(self) -> None:
        """Store the words of the editions whose words were not stored yet (all are known by now)."""
        for edition in self.missing.values():
            cache.store(self._key(edition), [stems(text) for text in _texts(edition)])

    @staticmethod
    def _key(edition: Edition) -> str:
        return hashlib.sha256(f"words\0{edition.digest}\0{reading_digest()}".encode()).hexdigest()


def _texts(edition: Edition) -> list[str]:
    """Return every text of an edition the aligner reads, in document order."""
    return [
        text
        for rec in edition.recommendations
        for text in chain((text for _, text in rec.texts()), (d.text for d in rec.descriptions))
    ]


def _align(before: Edition, after: Edition, use_records: bool) -> Alignment:
    recs = _Recommendations(before, after, use_records)
    level = _Actions(before, after, recs)
    actions, splits, merges = level.match(use_records)
    items = _align_items(level, actions)
    footnotes, became = _align_footnotes(before, after, recs, items, level.weights)
    placed = level.located()
    relations = relations_of("recommendation", recs.matching, recs.splits, recs.merges, placed, actions) + relations_of(
        "action", actions, splits, merges
    )
    return Alignment(
        recs.matching,
        actions,
        items,
        footnotes,
        splits,
        merges,
        became,
        recs.matching.notes + actions.notes,
        recs.splits,
        recs.merges,
        placed,
        relations,
    )


class _Recommendations:
    """The recommendation level: pairs, merges and splits, and what the lower levels need of them."""

    def __init__(self, before: Edition, after: Edition, use_records: bool):
        # Withdrawn recommendations the new edition records (OSCAL's incorporated-into, moved-to)
        # count as lineage links, and keep the words from pairing them elsewhere.
        recorded = recorded_lineage(before, after) if use_records else {}
        gone_into = recorded_into(recorded)
        self.profiles_before = [recommendation_profile(r, before.id) for r in before.recommendations]
        self.profiles_after = [
            recommendation_profile(r, before.id, gone_into.get(r.address, frozenset())) for r in after.recommendations
        ]
        self.model = Cosine([p.words for p in self.profiles_before] + [p.words for p in self.profiles_after])
        recs = match(
            self.profiles_before,
            self.profiles_after,
            use_records,
            RECOMMENDATIONS,
            model=self.model,
            apart=(set(recorded), {p.key for p in self.profiles_after}) if recorded else None,
        )
        self.splits, self.merges = find_relations(
            recs, self.profiles_before, self.profiles_after, self.model, RECOMMENDATIONS.floor
        )
        if use_records:  # any link stated into the old edition counts here, related-to as well
            stated = {
                r.address: frozenset(link.target for link in r.links if link.target.edition == before.id)
                | gone_into.get(r.address, frozenset())
                for r in after.recommendations
            }
            drop_contradicted(self.splits, self.merges, stated)
        if recorded:
            apply_recorded({p.before: p.after for p in recs.pairs}, recs.unmatched_before, self.merges, recorded)
        self.merged_into = {old: new for new, olds in self.merges.items() for old in olds}
        self.split_from = {new: old for old, news in self.splits.items() for new in news}
        recs.unmatched_before = [k for k in recs.unmatched_before if k not in self.merged_into]
        recs.unmatched_after = [k for k in recs.unmatched_after if k not in self.split_from]
        self.matching = recs
        self.partner = {p.before: p.after for p in recs.pairs}


class _Actions:
    """The action level: the profiles of both sides, their rarity weights, and the recommendations they belong to.

    The actions of a merged recommendation are matched with those of the recommendation it
    merged into, and the actions of a split part with those of the recommendation it was
    split from, as for a pair.
    """

    def __init__(self, before: Edition, after: Edition, recs: _Recommendations):
        self.recs, self.after_edition = recs, after
        self.nodes_before = {a.address: a for r in before.recommendations for a in r.actions}
        self.nodes_after = {a.address: a for r in after.recommendations for a in r.actions}
        self.before = {
            k: profile(k, a.text, a.id, frozenset(), k.recommendation()) for k, a in self.nodes_before.items()
        }
        self.after = {
            k: profile(k, a.text, a.id, _lineage(a.links, before.id), k.recommendation())
            for k, a in self.nodes_after.items()
        }
        self.weights = Weights([p.words for p in self.before.values()] + [p.words for p in self.after.values()])
        # Where recommendations merged, the statement of one of them often becomes an action of
        # the new one (which of them is the pair is a matter of text, so any of them).
        self.statements: dict[Address, list[list[str]]] = defaultdict(list)
        for rec in before.recommendations:
            into = recs.merged_into.get(rec.address) or recs.partner.get(rec.address)
            if into in recs.merges and rec.statement:  # the 40 Recommendations mostly lack theirs
                self.statements[into].append(list(stems(rec.statement)))

    def match(self, use_records: bool) -> tuple[Matching, dict, dict]:
        """Pair the actions, within recommendations first; return the matching, its splits and its merges."""
        recs = self.recs
        paired_after = set(recs.partner.values())
        actions = match_in_groups(
            list(self.before.values()),
            list(self.after.values()),
            lambda old: (
                recs.partner.get(old.parent) or recs.merged_into.get(old.parent)
            ),  # grouped by the new recommendation
            lambda new: new.parent if new.parent in paired_after else recs.partner.get(recs.split_from.get(new.parent)),
            use_records,
            self.held,
        )
        splits, merges = self.parts(actions.pairs, actions.unmatched_before, actions.unmatched_after)
        split_parts = {k for parts in splits.values() for k in parts}
        merge_parts = {k for parts in merges.values() for k in parts}
        actions.unmatched_after = [k for k in actions.unmatched_after if k not in split_parts]
        actions.unmatched_before = [k for k in actions.unmatched_before if k not in merge_parts]
        return actions, splits, merges

    def parts(self, pairs: list[Pair], unmatched_before: list[Address], unmatched_after: list[Address]):
        """Find split and merge parts among the paired actions of the related recommendation."""
        partner = self.recs.partner
        paired_olds: dict[Address, list[Address]] = defaultdict(list)
        paired_news: dict[Address, list[Address]] = defaultdict(list)
        for pair in pairs:
            paired_olds[partner.get(pair.before.recommendation())].append(pair.before)
            paired_news[pair.after.recommendation()].append(pair.after)
        return find_splits(
            unmatched_before,
            unmatched_after,
            self.before,
            self.after,
            self.weights,
            lambda new: paired_olds.get(new.recommendation(), ()),
            lambda old: paired_news.get(partner.get(old.recommendation()), ()),
        )

    def held(self, pairs: list[Pair], unmatched_before: list[Address], unmatched_after: list[Address]) -> set[Address]:
        """Return the leftovers accounted for without a pair: split and merge parts, merged statements."""
        found = self.parts(pairs, unmatched_before, unmatched_after)
        kept = {k for relation in found for keys in relation.values() for k in keys}
        return kept | {
            k
            for k in unmatched_after
            if any(
                self.weights.contained(self.after[k].words, words) >= CONTAINED
                for words in self.statements.get(k.recommendation(), ())
            )
        }

    def located(self) -> dict[Address, Address]:
        """Return, for each merged recommendation, the action of the new one that alone holds its text, where one does."""
        recs = self.recs
        words_before = {p.key: p.words for p in recs.profiles_before}
        parts_of = {
            r.address: [self.after[a.address] for a in r.actions]
            for r in self.after_edition.recommendations
            if r.address in recs.merges
        }
        located = {
            old: locate(words_before[old], parts_of[new], recs.model.weights) for old, new in recs.merged_into.items()
        }
        return {old: part for old, part in located.items() if part is not None}


def _align_items(level: _Actions, actions: Matching) -> Matching:
    """Pair the sub-items of each pair of actions; those of unmatched actions stay unmatched."""
    items = Matching([], [], [])
    for pair in actions.pairs:
        old, new = level.nodes_before[pair.before], level.nodes_after[pair.after]
        found = match(
            [profile(i.address, i.text) for i in old.items], [profile(i.address, i.text) for i in new.items], False
        )
        items.pairs += found.pairs
        items.unmatched_before += found.unmatched_before
        items.unmatched_after += found.unmatched_after
    for key in actions.unmatched_before:
        items.unmatched_before += [i.address for i in level.nodes_before[key].items]
    for key in actions.unmatched_after:
        items.unmatched_after += [i.address for i in level.nodes_after[key].items]
    return items


def _align_footnotes(
    before: Edition, after: Edition, recs: _Recommendations, items: Matching, weights: Weights
) -> tuple[Matching, dict[Address, list[Address]]]:
    """Pair the footnotes of each pair of recommendations; a new one may have been made of old sub-items.

    Returns:
        The matching, and each new footnote made of old sub-items with those items (which
        are then no longer unmatched in `items`).
    """
    footnotes = Matching([], [], [])
    became: dict[Address, list[Address]] = {}
    recs_before = {r.address: r for r in before.recommendations}
    recs_after = {r.address: r for r in after.recommendations}
    for pair in recs.matching.pairs:
        old, new = recs_before[pair.before], recs_after[pair.after]
        found = match(
            [profile(f.address, f.text) for f in old.footnotes],
            [profile(f.address, f.text) for f in new.footnotes],
            False,
        )
        footnotes.pairs += found.pairs
        footnotes.unmatched_before += found.unmatched_before
        for key in found.unmatched_after:
            footnote_words = fold(tokenize(new.footnote(key.footnote).text))
            sources = [
                item
                for item in items.unmatched_before
                if item.recommendation() == old.address
                and weights.contained(fold(tokenize(before.node(item).text)), footnote_words) >= IN_FOOTNOTE
            ]
            if sources:
                became[key] = sources
            else:
                footnotes.unmatched_after.append(key)
    paired_after = set(recs.partner.values())
    footnotes.unmatched_before += [
        f.address for r in before.recommendations if r.address not in recs.partner for f in r.footnotes
    ]
    footnotes.unmatched_after += [
        f.address for r in after.recommendations if r.address not in paired_after for f in r.footnotes
    ]
    used = {k for keys in became.values() for k in keys}
    items.unmatched_before = [k for k in items.unmatched_before if k not in used]
    return footnotes, became


def _lineage(links, edition_id: str) -> frozenset:
    """Return the addresses in `edition_id` that links record a node as derived from."""
    return frozenset(link.target for link in links if link.type in LINEAGE_TYPES and link.target.edition == edition_id)
