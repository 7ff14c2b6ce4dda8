"""cws11 -> cws12, change by change, as read side by side in the two source documents.

The expectations below were derived by reading the draft (000_...txt) and the adopted
annex (003_...txt) ourselves, not from the engine's output. Each is checked under both
matching modes: recorded ids, and text alone (``--match text``).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from recreg.engine.diff import DiffOptions, diff

ROOT = Path(__file__).resolve().parents[1]

# Draft number -> adopted number (the adopted text reordered all ten; R3 kept its number).
RENUMBERED = {4: 1, 1: 2, 9: 4, 2: 5, 7: 6, 8: 7, 6: 8, 10: 9, 5: 10}
SAME_NUMBER = {3: 3}

# Every place where a normative phrase was replaced. All are softenings.
MODALITY = {
    ("R1/a", "R2/a"): ("should", "are encouraged to"),
    ("R1/b", "R2/b"): ("should", "are encouraged to"),
    ("R3/b", "R3/b"): ("should", "are encouraged to"),
    ("R2/c", "R5/c"): ("should", "are encouraged to"),
    ("R3/c", "R5/d"): ("should", "are encouraged to"),
    ("R7", "R6"): ("should", "are encouraged to"),
    ("R7/a", "R6/a"): ("should", "are encouraged to"),
    ("R6", "R8"): ("should be encouraged to", "are encouraged to"),
    # The split part (a) keeps the draft's opening, softened; (b) keeps "should" unchanged.
    ("R6/a", "R8/a"): ("should", "are encouraged to"),
    ("R10", "R9"): ("should", "are encouraged to"),
    ("R10/a", "R9/a"): ("should", "are encouraged to"),
    ("R5/a", "R10/a"): ("should", "are encouraged to"),
    ("R5/b", "R10/b"): ("should", "are encouraged to"),
}

# Changes of punctuation, case, articles or hyphenation only.
EDITORIAL = {
    ("R4/d/i", "R1/e/i"),  # decision making -> decision-making; ';' added
    ("R4/d/ii", "R1/e/ii"),  # '.' -> ';'
    ("R3/a", "R3/a"),  # 'a' data governance framework
    ("R3/b", "R3/b"),  # final '.' added (besides the modality change)
    ("R2", "R5"),  # machine-readable, full text
    ("R3/c", "R5/d"),  # comma added (besides move and modality)
    ("R7", "R6"),  # final '.' added
    ("R10", "R9"),  # serial comma and final '.'
    ("R10/a/i", "R9/a/i"),  # Internally -> internally
}

# Changes of wording (the normative phrase may also have changed).
REWORDED = {
    ("R4", "R1"),
    ("R4/a", "R1/a"),
    ("R4/b", "R1/c"),
    ("R4/c", "R1/d"),
    ("R1", "R2"),
    ("R1/a", "R2/a"),
    ("R1/b", "R2/b"),
    ("R1/c", "R2/c"),
    ("R3", "R3"),
    ("R9", "R4"),
    ("R9/b", "R4/b"),
    ("R2/b", "R5/b"),
    ("R2/c", "R5/c"),
    ("R7/a", "R6/a"),
    ("R7/b", "R6/b"),
    # Each part of the split against the stretch of R6(a) it took.
    ("R6/a", "R8/a"),
    ("R6/a", "R8/b"),
    ("R10/a", "R9/a"),
    ("R10/a/ii", "R9/a/ii"),
    ("R5", "R10"),
    ("R5/a", "R10/a"),
    ("R5/b", "R10/b"),
    ("R5/c", "R10/c"),
}

RELABELED = {("R4/b", "R1/c"), ("R4/c", "R1/d"), ("R4/d", "R1/e")}
ADDED = {"R1/b", "R1/e/iii", "R1/e/iv"}


@pytest.fixture(scope="module")
def bundled_registry():
    import recreg

    return recreg.load_registry(ROOT / "registry")


@pytest.fixture
def run_cli():
    import io

    from recreg.cli import run

    def invoke(*argv):
        out, err = io.StringIO(), io.StringIO()
        code = run(["--registry", str(ROOT / "registry"), *argv], out, err)
        return code, out.getvalue(), err.getvalue()

    return invoke


def as_key(value):
    return tuple(value) if isinstance(value, list) else value


@pytest.fixture(params=["auto", "text"], scope="module")
def result(request, bundled_registry):
    registry = bundled_registry
    return diff(registry.edition("cws11"), registry.edition("cws12"), DiffOptions(match=request.param))


@pytest.fixture(scope="module")
def changes(result):
    from recreg.render.json import diff_dict

    return diff_dict(result)["changes"]


def of_kind(changes, kind):
    return {(as_key(c["from"]), as_key(c["to"])): c for c in changes if c["kind"] == kind}


def test_every_recommendation_is_paired_with_its_adopted_successor(result):
    pairs = {(p.before.number, p.after.number) for p in result.pairs}
    assert pairs == set(RENUMBERED.items()) | set(SAME_NUMBER.items())
    assert all(p.before and p.after and not p.probable for p in result.pairs)


def test_renumbering(changes):
    found = {(c["before"], c["after"]) for c in changes if c["kind"] == "renumbered"}
    assert found == set(RENUMBERED.items())


def test_every_modality_change_with_its_direction_and_no_false_one(changes):
    found = of_kind(changes, "modality")
    assert set(found) == set(MODALITY)
    for key, (before, after) in MODALITY.items():
        assert (found[key]["before"], found[key]["after"], found[key]["direction"]) == (before, after, "weakened")


def test_editorial_changes_are_kept_apart_from_rewording(changes):
    assert set(of_kind(changes, "editorial")) == EDITORIAL
    assert set(of_kind(changes, "reworded")) == REWORDED
    assert not EDITORIAL & REWORDED
    for change in changes:
        if change["kind"] == "editorial":
            assert change["significance"] < 0.4


def test_reworded_changes_carry_a_word_diff_that_rebuilds_both_texts(changes, bundled_registry):
    cws11, cws12 = bundled_registry.edition("cws11"), bundled_registry.edition("cws12")
    change = of_kind(changes, "reworded")[("R9", "R4")]
    old = "".join(e["text"] for e in change["diff"] if e["op"] != "insert")
    new = "".join(e["text"] for e in change["diff"] if e["op"] != "delete")
    assert old == cws11.recommendation(9).statement
    assert new == cws12.recommendation(4).statement
    assert {"op": "insert", "text": " regularly"} in change["diff"]


def test_the_moved_action(changes):
    assert set(of_kind(changes, "moved")) == {("R3/c", "R5/d")}


def test_the_split_action(changes):
    assert set(of_kind(changes, "split")) == {("R6/a", ("R8/a", "R8/b"))}
    assert not of_kind(changes, "merged")


def test_relabeled_actions(changes):
    assert set(of_kind(changes, "relabeled")) == RELABELED


def test_the_new_action_and_sub_items(changes):
    assert {c["to"] for c in changes if c["kind"] == "added"} == ADDED
    assert not [c for c in changes if c["kind"] == "removed"]


def test_sub_items_that_became_a_footnote(changes):
    assert set(of_kind(changes, "became-footnote")) == {(("R7/a/i", "R7/a/ii", "R7/a/iii"), "R6/fn2")}
    assert not [c for c in changes if c["kind"] in {"footnote-added", "footnote-removed", "footnote-changed"}]


def test_unchanged_recommendation_shows_only_renumbering_and_lineage(result):
    pair = next(p for p in result.pairs if p.before.number == 8)
    # The adopted ten do not restate the draft's "Related 40 Rec." column: they inherit it,
    # so no link is reported as removed (the lineage column still shows the numbers).
    assert pair.kinds == ["renumbered"]
    assert not [c for c in result.changes if c.kind == "links-changed"]


def test_lineage_is_carried_to_the_adopted_recommendations(result):
    lineage = {p.after.number: [str(a) for a in p.lineage] for p in result.pairs}
    assert lineage[5] == ["r40:R3", "r40:R4", "r40:R13", "r40:R14", "r40:R16", "r40:R17", "r40:R32"]
    assert lineage[2] == []  # the draft says "Not applicable as this is new"


def test_text_matching_gives_the_same_answer_as_recorded_ids(bundled_registry):
    from recreg.render.json import diff_dict

    cws11, cws12 = bundled_registry.edition("cws11"), bundled_registry.edition("cws12")
    by_id = diff_dict(diff(cws11, cws12))
    by_text = diff_dict(diff(cws11, cws12, DiffOptions(match="text")))
    drop = {"matched_by", "score"}
    assert [{k: v for k, v in c.items() if k not in drop} for c in by_id["changes"]] == [
        {k: v for k, v in c.items() if k not in drop} for c in by_text["changes"]
    ]
    assert [(p["from"], p["to"]) for p in by_id["pairs"]] == [(p["from"], p["to"]) for p in by_text["pairs"]]
    assert {p["matched_by"] for p in by_text["pairs"]} <= {"text", "similarity"}


def test_json_output_validates_against_its_schema(run_cli):
    schema = json.loads((ROOT / "schemas" / "diff.schema.json").read_text())
    for extra in ([], ["--match", "text"], ["--kind", "modality"]):
        code, out, err = run_cli("diff", "cws11", "cws12", "--format", "json", *extra)
        assert code == 0, err
        jsonschema.validate(json.loads(out), schema)
