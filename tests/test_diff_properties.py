"""Properties of the diff engine on editions derived from the adopted ten by known edits."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from recreg.edition.model import build_edition
from recreg.engine.assignment import _optimal
from recreg.engine.diff import DiffOptions, diff

ROOT = Path(__file__).resolve().parents[1]
BASE = YAML(typ="safe").load((ROOT / "registry" / "cws12.yaml").read_text(encoding="utf-8"))
MODES = st.sampled_from(["auto", "text"])
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def edition(data: dict, edition_id: str):
    data = copy.deepcopy(data)
    data["id"] = edition_id
    return build_edition(data)


def renumber(data: dict) -> None:
    for number, rec in enumerate(data["recommendations"], start=1):
        rec["number"] = number
        for index, action in enumerate(rec.get("actions", [])):
            action["label"] = "abcdefghijklmnopqrstuvwxyz"[index]


def kinds(result) -> set[str]:
    return {c.kind for c in result.changes}


@SETTINGS
@given(mode=MODES)
def test_an_edition_against_itself_has_no_change(mode):
    result = diff(edition(BASE, "old"), edition(BASE, "new"), DiffOptions(match=mode))
    assert result.same
    assert all(p.before.number == p.after.number for p in result.pairs)


@SETTINGS
@given(order=st.permutations(range(10)), mode=MODES)
def test_a_random_renumbering_is_found_as_pure_renumbering(order, mode):
    new = copy.deepcopy(BASE)
    new["recommendations"] = [new["recommendations"][i] for i in order]
    renumber(new)
    result = diff(edition(BASE, "old"), edition(new, "new"), DiffOptions(match=mode))
    assert kinds(result) <= {"renumbered"}
    assert {(p.before.number, p.after.number) for p in result.pairs} == {(i + 1, k + 1) for k, i in enumerate(order)}
    moved = sum(1 for k, i in enumerate(order) if k != i)
    assert len(result.changes) == moved


def action_addresses(data):
    return [(r, a) for r, rec in enumerate(data["recommendations"]) for a in range(len(rec.get("actions", [])))]


@SETTINGS
@given(data=st.data(), mode=MODES)
def test_random_rewording_is_found_at_exactly_the_reworded_nodes(data, mode):
    targets = data.draw(st.sets(st.sampled_from(action_addresses(BASE)), min_size=1, max_size=6))
    new = copy.deepcopy(BASE)
    for r, a in targets:
        action = new["recommendations"][r]["actions"][a]
        words = action["text"].split(" ")
        at = data.draw(st.integers(min_value=2, max_value=len(words) - 1))
        words.insert(at, data.draw(st.sampled_from(["substantially", "progressively", "jointly", "formally"])))
        action["text"] = " ".join(words)
    result = diff(edition(BASE, "old"), edition(new, "new"), DiffOptions(match=mode))
    expected = {f"R{BASE['recommendations'][r]['number']}/{'abcdefghij'[a]}" for r, a in targets}
    assert {c.after.local for c in result.changes} == expected
    assert kinds(result) == {"reworded"}


@SETTINGS
@given(data=st.data(), mode=MODES)
def test_random_moves_of_actions_are_found_as_moves(data, mode):
    new = copy.deepcopy(BASE)
    recs = new["recommendations"]
    source = data.draw(st.sampled_from([r for r, rec in enumerate(recs) if len(rec.get("actions", [])) >= 2]))
    target = data.draw(st.sampled_from([r for r in range(len(recs)) if r != source]))
    index = data.draw(st.integers(min_value=0, max_value=len(recs[source]["actions"]) - 1))
    action = recs[source]["actions"].pop(index)
    recs[target].setdefault("actions", []).append(action)
    renumber(new)
    # Footnotes travel with the action that anchors them.
    if "[^" in action["text"]:
        recs[target]["footnotes"] = recs[source].pop("footnotes")
    result = diff(edition(BASE, "old"), edition(new, "new"), DiffOptions(match=mode))
    moves = [(c.before.local, c.after.local) for c in result.changes if c.kind == "moved"]
    old_label = "abcdefghij"[index]
    new_label = "abcdefghij"[len(recs[target]["actions"]) - 1]
    assert moves == [(f"R{source + 1}/{old_label}", f"R{target + 1}/{new_label}")]
    assert kinds(result) <= {"moved", "relabeled", "footnote-added", "footnote-removed"}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=4, max_size=4), min_size=1, max_size=5),
    st.sampled_from([0, 6]),
)
def test_assignment_is_optimal_with_a_no_match_option(rows, small_side):
    """Compare the solver with exhaustive search: no greedy shortcut may beat it."""
    import itertools

    from recreg.engine.measures import WITHIN

    PROBABLE = WITHIN.minimum

    from unittest import mock

    import recreg.engine.assignment

    edges = {(i, j): s for i, row in enumerate(rows) for j, s in enumerate(row) if s >= PROBABLE}
    if not edges:
        return
    component = (sorted({i for i, _ in edges}), sorted({j for _, j in edges}))
    # Both paths: the exact search over subsets (small components) and Jonker-Volgenant.
    with mock.patch.object(recreg.engine.assignment, "SMALL_SIDE", small_side):
        chosen = _optimal(edges, component, PROBABLE)
    assert len({i for i, _, _ in chosen}) == len(chosen) == len({j for _, j, _ in chosen})

    def value(assignment):
        # Each unmatched row or column costs half of a pair at the PROBABLE threshold.
        matched = sum(1 - s for _, _, s in assignment)
        unmatched = (len(component[0]) + len(component[1]) - 2 * len(assignment)) * (1 - PROBABLE) / 2
        return matched + unmatched

    best = min(
        value([(i, j, edges[i, j]) for i, j in zip(rows_, cols_) if (i, j) in edges])
        for k in range(0, min(len(component[0]), len(component[1])) + 1)
        for rows_ in itertools.permutations(component[0], k)
        for cols_ in itertools.combinations(component[1], k)
    )
    assert value(chosen) == pytest.approx(best, abs=1e-9)


def rec_parts(result, kind):
    """Return the recommendation-level changes of a kind as (before, after) local addresses."""

    def local(value):
        return tuple(sorted(a.local for a in value)) if isinstance(value, tuple) else value.local

    return [
        (local(c.before), local(c.after)) for c in result.changes if c.kind == kind and c.owner.kind == "recommendation"
    ]


@SETTINGS
@given(data=st.data(), mode=MODES)
def test_a_recommendation_merged_into_another_is_found_as_merged(data, mode):
    new = copy.deepcopy(BASE)
    recs = new["recommendations"]
    into = data.draw(st.integers(min_value=0, max_value=9))
    gone = data.draw(st.sampled_from([r for r in range(10) if r != into]))
    # The merged recommendation's statement and actions become actions of the other; its
    # footnotes (the adopted ten number them across the edition) go with them.
    taken = recs[gone]
    recs[into].setdefault("actions", []).extend(
        [{"label": "z", "text": taken["statement"]}] + copy.deepcopy(taken.get("actions", []))
    )
    recs[into].setdefault("footnotes", []).extend(taken.get("footnotes", []))
    del recs[gone]
    renumber(new)
    result = diff(edition(BASE, "old"), edition(new, "new"), DiffOptions(match=mode))
    new_number = into + 1 - (gone < into)
    assert rec_parts(result, "merged") == [(tuple(sorted((f"R{into + 1}", f"R{gone + 1}"))), f"R{new_number}")]
    assert not [c for c in result.changes if c.kind in {"removed", "added"} and c.owner.kind == "recommendation"]
    # The merged recommendation keeps its row, which says where it went (by text alone,
    # either of the two may be taken for the one the other merged into).
    (row,) = [p for p in result.pairs if p.after is None]
    assert row.before.number in {gone + 1, into + 1} and "merged" in {c.kind for c in row.changes}


@SETTINGS
@given(data=st.data(), mode=MODES)
def test_a_recommendation_split_into_two_is_found_as_split(data, mode):
    new = copy.deepcopy(BASE)
    recs = new["recommendations"]
    source = data.draw(st.sampled_from([r for r, rec in enumerate(recs) if len(rec.get("actions", [])) >= 2]))
    actions = recs[source]["actions"]
    cut = data.draw(st.integers(min_value=1, max_value=len(actions) - 1))

    def vocabulary(texts):
        return {word.strip(".,;:()").lower() for text in texts for word in text.split()}

    # Each part must say something the other does not, or nothing tells a split from a copy.
    first, second = vocabulary(a["text"] for a in actions[:cut]), vocabulary(a["text"] for a in actions[cut:])
    assume(first - second - vocabulary([recs[source]["statement"]]) and second - first)
    # The second part keeps the lead sentence and takes the actions after the cut.
    part = {
        "id": "split-part",
        "number": 0,
        "statement": recs[source]["statement"],
        "actions": copy.deepcopy(actions[cut:]),
    }
    del actions[cut:]
    recs.insert(source + 1, part)
    renumber(new)
    result = diff(edition(BASE, "old"), edition(new, "new"), DiffOptions(match=mode))
    assert rec_parts(result, "split") == [(f"R{source + 1}", (f"R{source + 1}", f"R{source + 2}"))]
    assert not [c for c in result.changes if c.kind in {"removed", "added"} and c.owner.kind == "recommendation"]


@SETTINGS
@given(data=st.data())
def test_a_near_tie_is_flagged_probable(data):
    new = copy.deepcopy(BASE)
    recs = new["recommendations"]
    twin = data.draw(st.integers(min_value=0, max_value=9))
    # Two copies of one recommendation, each with one more word: neither is clearly the successor.
    copies = []
    for word in data.draw(
        st.lists(st.sampled_from(["jointly", "formally", "promptly", "gradually"]), min_size=2, max_size=2, unique=True)
    ):
        rec = copy.deepcopy(recs[twin])
        rec["id"] = f"copy-{word}"
        rec["statement"] = (
            rec["statement"].replace(" should ", f" should {word} ", 1).replace(" are ", f" are {word} ", 1)
        )
        copies.append(rec)
    recs[twin : twin + 1] = copies
    renumber(new)
    result = diff(edition(BASE, "old"), edition(new, "new"), DiffOptions(match="text"))
    pair = next(p for p in result.pairs if p.before is not None and p.before.number == twin + 1)
    assert pair.after is not None and pair.after.number in {twin + 1, twin + 2}
    assert pair.probable and pair.margin is not None and pair.margin < 0.05
    # Every other recommendation is unchanged: a sure pair.
    assert all(not p.probable for p in result.pairs if p is not pair and p.before is not None)
