"""Two revisions of one edition: every report shows each node's own text, from its own side.

Both sides share the edition id (a file against its own earlier revision is the
pull-request case), so a node must never be looked up by its edition id alone.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conftest import REGISTRY, recreg
from ruamel.yaml import YAML

FORMATS = ("text", "json", "markdown", "html")
CWS12 = YAML(typ="safe").load((REGISTRY / "cws12.yaml").read_text(encoding="utf-8"))


def write(data: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cws12.yaml"
    yaml = YAML()
    yaml.width = 1_000_000
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    return path


def relabel(rec: dict) -> None:
    for index, action in enumerate(rec.get("actions", [])):
        action["label"] = "abcdefghij"[index]


def rec(data: dict, number: int) -> dict:
    return next(r for r in data["recommendations"] if r["number"] == number)


def without_action(number: int, label: str) -> tuple[dict, str]:
    data = copy.deepcopy(CWS12)
    actions = rec(data, number)["actions"]
    index = "abcdefghij".index(label)
    removed = actions.pop(index)["text"]
    relabel(rec(data, number))
    return data, removed


def outputs(old: Path, new: Path) -> dict[str, str]:
    found = {}
    for name in FORMATS:
        result = recreg("diff", old, new, "--format", name)
        assert result.code == 0, result.err
        found[name] = result.out
    return found


@pytest.mark.parametrize("number, label", [(1, "c"), (2, "c")])
def test_a_deleted_action_shows_its_own_text_in_every_format(tmp_path, number, label):
    data, removed = without_action(number, label)
    new = write(data, tmp_path / "amended")
    shown = outputs(REGISTRY / "cws12.yaml", new)
    later = rec(CWS12, number)["actions"]["abcdefghij".index(label) + 1 :]
    changes = json.loads(shown["json"])["changes"]
    assert {"kind": "removed", "from": f"R{number}/{label}", "to": None} in changes
    # The text form prints the text whole; Markdown and HTML escape it, so compare a plain stretch.
    stretch = removed.split(",")[0][:40]
    for name in ("text", "markdown", "html"):
        assert stretch in shown[name], name
        # The action that took over the label is relabeled, not shown as removed.
        section = shown[name].split(f"R{number}/{label} → —", 1)
        assert len(section) == 2, name
        if later:
            assert later[0]["text"].split(",")[0][:40] not in section[1][:300], name


def test_an_added_a_moved_and_a_reworded_node_show_their_own_texts(tmp_path):
    data = copy.deepcopy(CWS12)
    r1, r7 = rec(data, 1), rec(data, 7)
    moved = r1["actions"].pop(2)  # R1/c goes to the end of R7
    r7["actions"].append(moved)
    relabel(r1)
    relabel(r7)
    r1["actions"].insert(
        0, {"label": "a", "text": "IP offices should keep a public register of every amendment they adopt."}
    )
    relabel(r1)
    r1["statement"] = r1["statement"].replace("at all stages", "at every stage")
    new = write(data, tmp_path / "amended")
    shown = outputs(REGISTRY / "cws12.yaml", new)
    changes = json.loads(shown["json"])["changes"]
    new_r7 = f"R7/{'abcdefghij'[len(r7['actions']) - 1]}"
    assert {"kind": "moved", "from": "R1/c", "to": new_r7} == {
        k: v for k, v in next(c for c in changes if c["kind"] == "moved").items() if k in {"kind", "from", "to"}
    }
    assert {"kind": "added", "from": None, "to": "R1/a"} in changes
    for name in ("text", "markdown", "html"):
        assert "keep a public register of every amendment" in shown[name], name
        assert "every stage" in shown[name] and "all stages" in shown[name], name


def test_a_single_sub_item_that_became_a_footnote_is_schema_valid_json(tmp_path):
    from jsonschema import Draft202012Validator

    data = copy.deepcopy(CWS12)
    action = rec(data, 1)["actions"][4]
    item = action["items"].pop(0)
    for index, rest in enumerate(action["items"]):
        rest["label"] = ["i", "ii", "iii", "iv"][index]
    action["text"] += "[^1]"
    rec(data, 1)["footnotes"] = [{"number": 1, "text": item["text"]}]
    new = write(data, tmp_path / "amended")
    result = recreg("diff", REGISTRY / "cws12.yaml", new, "--format", "json")
    document = json.loads(result.out)
    schema = json.loads((REGISTRY.parent / "schemas" / "diff.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(document)) == []
    assert {"kind": "became-footnote", "from": ["R1/e/i"], "to": "R1/fn1"}.items() <= next(
        c for c in document["changes"] if c["kind"] == "became-footnote"
    ).items()


def test_a_move_shows_in_the_sections_of_both_recommendations(tmp_path):
    data = copy.deepcopy(CWS12)
    moved = rec(data, 2)["actions"].pop(2)
    rec(data, 7)["actions"].append(moved)
    relabel(rec(data, 2))
    relabel(rec(data, 7))
    new = write(data, tmp_path / "amended")
    label = "abcdefghij"[len(rec(data, 7)["actions"]) - 1]
    for selector in ("R2", "cws12:R2", "R7"):
        result = recreg("diff", REGISTRY / "cws12.yaml", new, "-r", selector, "--exit-code")
        assert result.code == 1, selector
    origin = recreg("diff", REGISTRY / "cws12.yaml", new, "-r", "R2").out
    assert f"R2/c → R7/{label}  moved to R7/{label}" in origin
    assert moved["text"] in origin  # the moved action's card shows its text
    arrival = recreg("diff", REGISTRY / "cws12.yaml", new, "-r", "R7").out
    assert f"R2/c → R7/{label}  moved from R2/c" in arrival
    pairs = {
        (p["from"], p["to"]): p["kinds"]
        for p in json.loads(recreg("diff", REGISTRY / "cws12.yaml", new, "--format", "json").out)["pairs"]
    }
    assert "moved" in pairs[2, 2] and "moved" in pairs[7, 7]
    for name in ("markdown", "html"):
        shown = recreg("diff", REGISTRY / "cws12.yaml", new, "--format", name).out
        assert f"moved to R7/{label}" in shown and "moved from R2/c" in shown, name


def test_a_split_shows_each_part_against_the_stretch_it_took(tmp_path):
    from recreg.engine.textdiff import apportion

    old = "IP offices should share their stacks, where possible, and the International Bureau should provide a forum."
    parts = [
        "IP offices are encouraged to share their stacks, where possible; and",
        "the International Bureau should provide a forum for sharing.",
    ]
    assert apportion(old, parts) == [
        "IP offices should share their stacks, where possible, and",
        "the International Bureau should provide a forum.",
    ]
    data = copy.deepcopy(CWS12)
    actions = rec(data, 4)["actions"]
    second = actions[1]["text"]
    cut = second.index(", including")
    actions[1]["text"] = second[:cut] + "."
    actions.append({"label": "c", "text": "IP offices are encouraged to share " + second[cut + 2 :]})
    new = write(data, tmp_path / "amended")
    changes = json.loads(recreg("diff", REGISTRY / "cws12.yaml", new, "--format", "json").out)["changes"]
    split = next(c for c in changes if c["kind"] == "split")
    assert (split["from"], split["to"]) == ("R4/b", ["R4/b", "R4/c"])
    # Each part has its own diff against the words of R4(b) it took.
    diffs = {c["to"]: c["diff"] for c in changes if c["kind"] in {"reworded", "editorial"}}
    assert set(diffs) == {"R4/b", "R4/c"}
    assert (
        "".join(e["text"] for e in diffs["R4/c"] if e["op"] != "insert")
        .strip()
        .startswith("including current challenges")
    )
    assert "".join(e["text"] for e in diffs["R4/b"] if e["op"] != "delete").strip() == second[:cut] + "."
