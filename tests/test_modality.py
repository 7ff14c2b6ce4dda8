"""The modality lexicon, row by row: which change of normative phrase says what.

The expected directions are written out here from the table in docs/diff-engine.md, not read from the
code's table, so a change to the lexicon shows up as a failing case.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conftest import REGISTRY, recreg
from ruamel.yaml import YAML

from recreg.edition.address import Address
from recreg.engine.classify import compare_texts

OLD, NEW = Address("old", 1), Address("new", 1)

# (phrase before, phrase after, direction): every row of the lexicon appears on one side at least.
CASES = [
    # obligation
    ("must", "should", "weakened"),
    ("shall", "must", "changed"),
    ("are required to", "may", "weakened"),
    ("is required to", "should", "weakened"),
    # recommendation
    ("should", "must", "strengthened"),
    ("should", "could", "weakened"),
    ("should", "are encouraged to", "weakened"),
    # encouragement, strongest first
    ("should be encouraged to", "are encouraged to", "weakened"),
    ("are encouraged to", "should be encouraged to", "strengthened"),
    ("is encouraged to", "should", "strengthened"),
    ("are encouraged to", "are invited to", "weakened"),
    ("is invited to", "are encouraged to", "strengthened"),
    # permission and possibility
    ("may", "should", "strengthened"),
    ("can", "may", "changed"),
    ("could", "might", "changed"),
    ("might", "are invited to", "strengthened"),
    # negation: polarity flips are their own direction, never strengthening
    ("should", "must not", "prohibited"),
    ("may", "shall not", "prohibited"),
    ("are encouraged to", "should not", "negated"),
    ("must", "is not required to", "negated"),
    ("must not", "may", "negated"),
    ("should not", "must not", "strengthened"),
    ("shall not", "should not", "weakened"),
    ("are not required to", "should not", "strengthened"),
]


def modality(before: str, after: str) -> list[dict]:
    changes = compare_texts(before, after, OLD, NEW)
    return [c.details for c in changes if c.kind == "modality"]


@pytest.mark.parametrize(("before", "after", "direction"), CASES)
def test_a_change_of_phrase_has_the_direction_of_the_lexicon(before, after, direction):
    found = modality(f"The Office {before} publish its data.", f"The Office {after} publish its data.")
    assert [(d["before"], d["after"], d["direction"]) for d in found] == [(before, after, direction)]


def test_singular_and_plural_are_one_phrase_printed_as_written():
    found = modality("The Office is encouraged to publish its data.", "The Office should publish its data.")
    assert [(d["before"], d["after"], d["direction"]) for d in found] == [
        ("is encouraged to", "should", "strengthened")
    ]
    # Only the agreement changed: no change of modality.
    assert modality("The Office is invited to publish data.", "Offices are invited to publish data.") == []


def test_should_ensure_is_should_governing_ensure():
    assert [
        (d["before"], d["after"], d["direction"]) for d in modality("Offices should ensure X.", "Offices may ensure X.")
    ] == [("should", "may", "weakened")]
    kinds = [c.kind for c in compare_texts("Offices should make sure X.", "Offices should ensure X.", OLD, NEW)]
    assert kinds == ["reworded"]


def test_not_only_is_no_negation():
    changes = compare_texts(
        "Offices should share data.", "Offices should not only share data but also publish it.", OLD, NEW
    )
    assert [c.kind for c in changes] == ["reworded"]


def test_every_output_shows_the_new_directions(tmp_path: Path):
    data = YAML(typ="safe").load((REGISTRY / "cws12.yaml").read_text(encoding="utf-8"))
    new = copy.deepcopy(data)
    action = next(a for r in new["recommendations"] for a in r.get("actions", []) if "are encouraged to" in a["text"])
    action["text"] = action["text"].replace("are encouraged to", "should not", 1)
    old_file, new_file = tmp_path / "old" / "cws12.yaml", tmp_path / "new" / "cws12.yaml"
    for path, content in ((old_file, data), (new_file, new)):
        path.parent.mkdir()
        YAML().dump(content, path)
    text = recreg("diff", old_file, new_file)
    assert "negated: are encouraged to → should not" in text.out
    found = json.loads(recreg("diff", old_file, new_file, "--format", "json").out)
    assert [(c["before"], c["after"], c["direction"]) for c in found["changes"] if c["kind"] == "modality"] == [
        ("are encouraged to", "should not", "negated")
    ]
    markdown = recreg("diff", old_file, new_file, "--format", "markdown").out
    assert "**¬ negated: are encouraged to → should not**" in markdown
    html = recreg("diff", old_file, new_file, "--format", "html").out
    assert '<mark class="m-negated" title="negated">should not</mark>' in html


def test_a_normative_phrase_written_with_unicode_case_rules_is_read_not_refused():
    # "ſ" (long s) and "İ" match s and i in a case-insensitive pattern, but lower() leaves
    # them as they are: such a phrase was found by the scan, then not found in the lexicon.
    from recreg.engine.textdiff import stems, tokenize

    assert [t.modal for t in tokenize("IP offices ſhould act")] == [None, None, "should", None]
    assert stems("IP offices İs encouraged to act") == ("ip", "office", "are encouraged to", "act")
