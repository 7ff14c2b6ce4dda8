"""The metadata diff says what deepdiff says: recreg.engine.structure against DeepDiff(ignore_order=True).

recreg reported an edition's metadata changes with deepdiff until deepdiff's import (numpy
and some 180 modules, 0.2 s) weighed more than the diff itself; the reports keep deepdiff's
output, so deepdiff, a test dependency now, is the oracle here.
"""

from __future__ import annotations

import copy
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from recreg.engine.structure import structural_changes

deepdiff = pytest.importorskip("deepdiff")

# Few distinct values, so that lists share items, items look alike and get paired. No key is
# named "old_value": deepdiff deletes such a key from the data it is given while it weighs
# which list items to pair (its delta view drops "old_value" from every mapping it reports).
TEXTS = st.sampled_from(["", "a", "b", "CWS/11", "CWS/12", "para 9", "it's", 'a "b"', "2024-09"])
KEYS = st.sampled_from(
    [
        "id",
        "title",
        "status",
        "dates",
        "documents",
        "source",
        "file",
        "at",
        "event",
        "value",
        "quote",
        "a'b",
        'c"d',
        "_x",
        "new_path",
    ]
)
SCALARS = st.one_of(TEXTS, TEXTS, st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0.5, 1.0, 2.5, -1.5]))
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)
# Shaped like an edition's metadata: strings, and lists of small records with a nested source.
SOURCE = st.fixed_dictionaries({"file": TEXTS, "at": TEXTS})
RECORD = st.fixed_dictionaries({"event": TEXTS, "value": TEXTS}, optional={"quote": TEXTS, "source": SOURCE})
METADATA = st.fixed_dictionaries(
    {"title": TEXTS, "status": TEXTS},
    optional={
        "session": TEXTS,
        "derives_from": st.one_of(st.none(), TEXTS),
        "documents": st.lists(RECORD, max_size=4),
        "dates": st.lists(RECORD, max_size=4),
        "source": SOURCE,
    },
)


def by_deepdiff(old: Any, new: Any) -> dict:
    """Return deepdiff's changes in recreg's form: what recreg.engine.classify reported with deepdiff itself."""
    found = deepdiff.DeepDiff(old, new, ignore_order=True, verbose_level=2)
    result: dict[str, list] = {}
    for key, label in (
        ("dictionary_item_added", "added"),
        ("iterable_item_added", "added"),
        ("dictionary_item_removed", "removed"),
        ("iterable_item_removed", "removed"),
    ):
        for path, value in found.get(key, {}).items():
            result.setdefault(label, []).append({"path": path, "value": value})
    for key in ("values_changed", "type_changes"):
        for path, change in found.get(key, {}).items():
            result.setdefault("changed", []).append(
                {"path": path, "before": change.get("old_value"), "after": change.get("new_value")}
            )
    return {label: sorted(entries, key=lambda e: e["path"]) for label, entries in result.items()}


def agree(old: Any, new: Any) -> None:
    found = structural_changes(old, new)
    assert structural_changes(copy.deepcopy(old), copy.deepcopy(new)) == found  # a function of the values alone
    answers = []
    # deepdiff caches what it has hashed by object id, and now and then (about 1 in 5,000
    # generated edits) answers differently when asked again: its second answer is the one
    # it keeps giving, so a disagreement is asked twice more.
    for _ in range(3):
        try:
            expected = by_deepdiff(copy.deepcopy(old), copy.deepcopy(new))
        except KeyError:  # deepdiff pairs one item twice in some ties, then fails on its own bookkeeping
            assume(False)
        # The same entries in the same order: JSON output is byte for byte what it was.
        if found == expected and list(found) == list(expected):
            return
        answers.append(expected)
    assert found == answers[-1] and list(found) == list(answers[-1])


@st.composite
def edited(draw, base):
    """Draw data and an edit of it: values changed, items added, removed and reordered, keys renamed."""
    old = draw(base)
    return old, draw(_edit(old))


def _edit(value: Any):
    if isinstance(value, dict):
        return (
            st.lists(st.sampled_from(list(value)) if value else st.nothing(), unique=True)
            .flatmap(
                lambda kept: st.tuples(*[_edit(value[key]) for key in kept]).map(lambda items: dict(zip(kept, items)))
            )
            .flatmap(lambda kept: st.dictionaries(KEYS, DATA, max_size=2).map(lambda extra: {**kept, **extra}))
        )
    if isinstance(value, list):
        return (
            st.tuples(*[_edit(item) for item in value])
            .flatmap(lambda items: st.permutations(list(items)))
            .flatmap(lambda items: st.lists(DATA, max_size=2).map(lambda extra: list(items) + extra))
            .flatmap(
                lambda items: st.lists(st.booleans(), min_size=len(items), max_size=len(items)).map(
                    lambda keep: [item for item, k in zip(items, keep) if k or len(items) < 2]
                )
            )
        )
    return st.one_of(st.just(value), st.just(value), SCALARS)


# Pairs drawn per property: 300 with the tests (deepdiff takes most of their time; 1,500 took
# 70 s of the suite's 230), more for a longer run, e.g. RECREG_STRUCTURE_EXAMPLES=5000.
EXAMPLES = int(os.environ.get("RECREG_STRUCTURE_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(old=DATA, new=DATA)
def test_any_two_pieces_of_data(old, new):
    agree(old, new)


@SETTINGS
@given(pair=edited(DATA))
def test_data_and_an_edit_of_it(pair):
    agree(*pair)


@SETTINGS
@given(pair=edited(METADATA))
def test_metadata_and_an_edit_of_it(pair):
    agree(*pair)


def test_the_adopted_ten_against_the_draft(request):
    from recreg.edition.validate import read_edition

    root = request.config.rootpath / "registry"
    old, new = (read_edition(root / f"{name}.yaml").metadata for name in ("cws11", "cws12"))
    skip = {"id", "notes"}
    old, new = ({k: v for k, v in data.items() if k not in skip} for data in (old, new))
    agree(old, new)
    assert [entry["path"] for entry in structural_changes(old, new)["added"]] == [
        "root['dates'][1]",
        "root['documents'][2]",
        "root['introduction']",
    ]
