"""Merged recommendations: reported only where the words single out where the text went.

Each case adds a few recommendations to the adopted ten (which give the words their
rarity) on both sides and diffs the two by text alone.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from recreg.edition.model import build_edition
from recreg.engine.align import align_editions
from recreg.engine.diff import DiffOptions, diff

ROOT = Path(__file__).resolve().parents[1]
BASE = YAML(typ="safe").load((ROOT / "registry" / "cws12.yaml").read_text(encoding="utf-8"))


def edition(edition_id: str, statements: list[str]):
    """Return the adopted ten followed by one recommendation per statement, as edition `edition_id`."""
    data = copy.deepcopy(BASE)
    data["id"] = edition_id
    recs = data["recommendations"]
    for text in statements:
        recs.append({"id": f"extra-{len(recs) + 1}", "number": len(recs) + 1, "statement": text})
    return build_edition(data)


def outcome(old: list[str], new: list[str]) -> dict[str, set]:
    """Diff the two sets of extra recommendations; return what became of the old ones, by number."""
    result = diff(edition("old", old), edition("new", new), DiffOptions(match="text"))
    found: dict[str, set] = {"merged": set(), "removed": set()}
    for change in result.changes:
        if change.owner.kind == "recommendation" and change.kind in found:
            befores = change.before if isinstance(change.before, tuple) else (change.before,)
            found[change.kind] |= {(b.local, change.after.local if change.kind == "merged" else None) for b in befores}
    return found


NETWORK = (
    "IP offices should implement multifactor authentication for network access to privileged accounts "
    "of the electronic patent register."
)
LOCAL = (
    "IP offices should implement multifactor authentication for local access to privileged accounts "
    "of the electronic patent register."
)


def test_twins_folded_into_one_text_without_their_qualifier_are_merged():
    generalised = (
        "IP offices are encouraged to implement multifactor authentication for access to privileged "
        "accounts of the electronic patent register."
    )
    found = outcome([NETWORK, LOCAL], [generalised])
    assert found["merged"] == {("R11", "R11"), ("R12", "R11")}
    assert not found["removed"]


def test_a_twin_whose_successor_keeps_its_own_qualifier_did_not_absorb_the_other():
    token = (
        "For examiners' authentication to the electronic filing system, employ mechanisms that satisfy the "
        "office-defined quality requirements of hardware tokens."
    )
    biometric = (
        "For examiners' authentication to the electronic filing system, employ mechanisms that satisfy the "
        "office-defined quality requirements of biometrics."
    )
    kept = (
        "For examiners' authentication to the electronic filing system, IP offices are encouraged to employ "
        "mechanisms that satisfy the office-defined quality requirements of biometrics."
    )
    found = outcome([token, biometric], [kept])
    # Nothing of "hardware tokens" lives on: the token text was removed, not merged.
    assert found["removed"] == {("R11", None)}
    assert not found["merged"]


REVIEW = "IP offices should review and update the list of audited register events every year."
POLICIES = [
    "IP offices should adopt a written policy on trademark search services, covering figurative marks, "
    "Vienna classification codes, Madrid designations and opposition deadlines.",
    "IP offices should adopt a written policy on patent classification services, covering cooperative "
    "classification symbols, reclassification backlogs, family grouping and citation indexing.",
]


def with_review(policy: str) -> str:
    return policy.rstrip(".") + ", and review and update the list of audited register events every year."


def test_text_found_equally_in_several_places_is_not_said_to_have_merged_into_one():
    found = outcome(POLICIES + [REVIEW], [with_review(p) for p in POLICIES])
    assert found["removed"] == {("R13", None)}
    assert not found["merged"]


@pytest.mark.parametrize("into", [0, 1])
def test_text_that_went_into_one_place_alone_is_merged_there(into):
    news = list(POLICIES)
    news[into] = with_review(POLICIES[into])
    found = outcome(POLICIES + [REVIEW], news)
    assert found["merged"] == {(f"R{11 + into}", f"R{11 + into}"), ("R13", f"R{11 + into}")}


def test_a_merged_statement_that_became_an_action_is_not_taken_for_a_removed_action_moved_there():
    def rec(statement, *actions):
        return {"statement": statement, "actions": [{"label": "", "text": a} for a in actions]}

    host = rec(
        "IP offices should publish their trademark gazette in machine-readable form every week.",
        "Include figurative elements coded by the Vienna classification.",
        "Announce each issue to subscribers by electronic notification.",
    )
    merged = rec(
        "IP offices should offer bulk downloads of their trademark gazette data to subscribers.",
        "Provide the downloads as compressed XML files following WIPO Standard ST.66.",
    )
    gone = rec(
        "IP offices should consult users before changing their online services.",
        "IP offices should offer bulk downloads of trademark gazette data to registered subscribers.",
    )
    old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
    old["id"], new["id"] = "old", "new"
    old["recommendations"] += [host, merged, gone]
    combined = copy.deepcopy(host)
    combined["actions"] += [{"label": "", "text": merged["statement"]}] + merged["actions"]
    new["recommendations"] += [combined]
    for data in (old, new):
        for number, r in enumerate(data["recommendations"], 1):
            r["number"] = number
            r.setdefault("id", f"extra-{number}")
            for k, action in enumerate(r.get("actions", [])):
                action["label"] = "abcdefghij"[k]
    result = diff(build_edition(old), build_edition(new), DiffOptions(match="text"))
    kinds = {(c.kind, c.before.local if hasattr(c.before, "local") else None) for c in result.changes}
    assert ("moved", "R13/a") not in kinds  # the removed recommendation's action did not move into R11
    assert ("removed", "R13") in kinds
    assert any(c.kind == "merged" and c.owner.kind == "recommendation" for c in result.changes)


def test_a_redundant_recommendation_withdrawn_into_the_one_that_already_said_it_is_merged():
    # The host said it all before and still does, so it gained nothing; yet it holds
    # nearly all of the withdrawn text's words, which therefore went there.
    host_old = (
        "IP offices should approve and monitor remote maintenance of the electronic filing system, and document "
        "the procedures for remote maintenance sessions in the security plan of the electronic filing system."
    )
    redundant = (
        "IP offices should document in the security plan the procedures for the establishment of remote "
        "maintenance sessions of the electronic filing system."
    )
    host_new = (
        "IP offices should approve, monitor and log remote maintenance of the electronic filing system, and "
        "document the procedures for remote maintenance sessions in the security plan of the electronic "
        "filing system."
    )
    found = outcome([host_old, redundant], [host_new])
    assert found["merged"] == {("R11", "R11"), ("R12", "R11")}
    assert not found["removed"]


def numbered(data: dict, recs: list[dict]) -> dict:
    """Append recommendations to a copy of an edition's data, numbered and labelled in order."""
    data = copy.deepcopy(data)
    data["recommendations"] += copy.deepcopy(recs)
    for number, r in enumerate(data["recommendations"], 1):
        r["number"] = number
        r.setdefault("id", f"extra-{number}")
        for k, action in enumerate(r.get("actions", [])):
            action["label"] = "abcdefghij"[k]
    return data


def with_actions(statement: str, *actions: str) -> dict:
    return {"statement": statement, "actions": [{"label": "", "text": a} for a in actions]}


GAZETTE = "IP offices should publish their trademark gazette and its data for reuse."
OPPOSITIONS = "IP offices should open their trademark opposition records to the public."
WEEKLY = (
    "Publish the trademark gazette data in machine-readable form every week, with figurative elements coded by "
    "the Vienna classification."
)
BULK = "Offer bulk downloads of the trademark gazette data in machine-readable form to registered subscribers"
NOTIFY = "announce each issue of the gazette to registered subscribers by electronic notification."
INSPECTION = "Keep the register of trademark oppositions open to public inspection online."


def test_an_action_found_nearly_verbatim_elsewhere_moved_there_and_its_place_mate_split():
    # In place, WEEKLY resembles the first part of the split action a little (they share a
    # phrase); in the other recommendation it stands almost word for word.
    old = numbered(
        BASE, [with_actions(GAZETTE, WEEKLY, f"{BULK}, and {NOTIFY}"), with_actions(OPPOSITIONS, INSPECTION)]
    )
    new = numbered(
        BASE,
        [
            with_actions(GAZETTE, f"{BULK}.", NOTIFY.capitalize()),
            with_actions(OPPOSITIONS, INSPECTION, WEEKLY.replace("coded by", "coded according to")),
        ],
    )
    old["id"], new["id"] = "old", "new"
    result = diff(build_edition(old), build_edition(new), DiffOptions(match="text"))
    found = {
        (c.kind, c.before.local, tuple(a.local for a in c.after) if isinstance(c.after, tuple) else c.after.local)
        for c in result.changes
        if c.owner.kind == "action" and c.kind in {"moved", "split", "added", "removed"}
    }
    assert found == {("moved", "R11/a", "R12/b"), ("split", "R11/b", ("R11/a", "R11/b"))}


def test_relations_name_the_host_pair_the_parts_and_the_actions_carried():
    host = with_actions(
        "IP offices should publish their trademark gazette in machine-readable form every week.",
        "Include figurative elements coded by the Vienna classification.",
        "Announce each issue to subscribers by electronic notification.",
    )
    merged = with_actions(
        "IP offices should offer bulk downloads of their trademark gazette data to subscribers.",
        "Follow WIPO Standard ST.66.",
    )
    combined = copy.deepcopy(host)
    combined["actions"] += [{"label": "", "text": merged["statement"]}] + merged["actions"]
    old, new = numbered(BASE, [host, merged]), numbered(BASE, [combined])
    old["id"], new["id"] = "old", "new"
    alignment = align_editions(build_edition(old), build_edition(new), use_records=False)
    [relation] = [r for r in alignment.relations if r.level == "recommendation"]
    assert (relation.kind, relation.host.before.local, relation.host.after.local) == ("merged", "R11", "R11")
    assert [a.local for a in relation.parts] == ["R12"]
    assert [a.local for a in relation.before] == ["R11", "R12"] and [a.local for a in relation.after] == ["R11"]
    # Most of the merged text stands in the new action c (its statement); its own action is now d.
    assert [(old.local, new.local) for old, new in relation.placed] == [("R12", "R11/c")]
    assert [(p.before.local, p.after.local) for p in relation.carried] == [("R12/a", "R11/d")]
    assert alignment.relations_of(relation.parts[0]) == [relation]


def test_a_merge_the_new_editions_stated_links_contradict_is_not_claimed():
    # The words say R13 went into R11; the new edition states (a Related column, as the
    # draft ten's) that it went into R12: the statement outranks the guess from the words.
    news = list(POLICIES)
    news[0] = with_review(POLICIES[0])
    old, new = edition("old", POLICIES + [REVIEW]), edition("new", news)
    assert outcome(POLICIES + [REVIEW], news)["merged"] == {("R11", "R11"), ("R13", "R11")}
    stated = copy.deepcopy(BASE)
    stated["id"] = "new"
    for text in news:
        stated["recommendations"].append(
            {"id": f"extra-{len(stated['recommendations']) + 1}", "number": len(stated["recommendations"]) + 1}
            | {"statement": text}
        )
    stated["recommendations"][11]["links"] = [{"type": "related-to", "target": "old:R13"}]
    result = diff(old, build_edition(stated), DiffOptions(match="auto"))
    merges = {(b.local, c.after.local) for c in result.changes if c.kind == "merged" for b in c.before}
    removed = {c.before.local for c in result.changes if c.kind == "removed" and c.owner.kind == "recommendation"}
    assert ("R13", "R11") not in merges and "R13" in removed
    assert new.recommendations[11].links == ()  # the words alone (no statement) still merge it, as above
