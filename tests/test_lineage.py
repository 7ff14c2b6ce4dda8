"""Lineage and coverage, with expectations read from the sources.

The draft ten's "Related 40 Rec." column (000_...txt) names, per draft recommendation:
R1 new; R2: R3, R4, R13, R14, R16, R17, R32; R3: R22, R29; R4: R1, R2, R6, R36, R39;
R5: R7, R12, R15; R6: R10, R16, R21, R25, R28, R30, R31, R34; R7: R8, R9, R11, R19,
R23, R24, R35, R40; R8: R20, R26, R27, R33; R9: R36, R37; R10 new. So of the 40, R5,
R18 and R38 are cited by no draft recommendation, and R16 and R36 by two each.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import recreg
from recreg.edition.address import parse_address
from recreg.engine.lineage import build_lineage, coverage

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def editions():
    return recreg.load_registry(ROOT / "registry").all()


@pytest.fixture(scope="module")
def lineage(editions):
    return build_lineage(editions)


def addresses(group):
    return {str(a): [str(t) for t in targets] for a, targets in group.items()}


def test_forty_recommendations_carried_into_no_or_several_adopted_ones(lineage, editions):
    groups = coverage(lineage, editions["r40"], editions["cws12"]).groups
    assert set(addresses(groups["dropped"])) == {"r40:R5", "r40:R18", "r40:R38"}
    # The draft's "Related 40 Rec." column says only "related": neither carried nor merged.
    assert not groups["carried"] and not groups["carried_into_several"] and not groups["merged"]
    related = addresses(groups["related"])
    assert related["r40:R16"] == ["cws12:R5", "cws12:R8"]  # via draft R2 and R6
    assert related["r40:R36"] == ["cws12:R1", "cws12:R4"]  # via draft R4 and R9
    assert len(related) == 37
    assert set(addresses(groups["new"])) == {"cws12:R2", "cws12:R9"}  # the draft's "new" R1 and R10
    total = sum(len(g) for name, g in groups.items() if name != "new")
    assert total == 40


def test_draft_to_adopted_coverage_at_action_level(lineage, editions):
    groups = coverage(lineage, editions["cws11"], editions["cws12"]).groups
    assert addresses(groups["carried_into_several"]) == {"cws11:R6/a": ["cws12:R8/a", "cws12:R8/b"]}
    assert addresses(groups["merged"]) == {f"cws11:R7/a/{i}": ["cws12:R6/fn2"] for i in ("i", "ii", "iii")}
    assert set(addresses(groups["new"])) == {"cws12:R1/b", "cws12:R1/e/iii", "cws12:R1/e/iv"}
    assert addresses(groups["carried"])["cws11:R3/c"] == ["cws12:R5/d"]
    assert not groups["dropped"]


def steps(lineage, address, direction):
    return [
        (depth, str(s.before), str(s.after), s.how) for depth, s in lineage.trace(parse_address(address), direction)
    ]


def test_trace_forward_from_the_forty(lineage):
    assert steps(lineage, "r40:R16", "later") == [
        (1, "r40:R16", "cws11:R2", "stated"),
        (2, "cws11:R2", "cws12:R5", "id"),
        (1, "r40:R16", "cws11:R6", "stated"),
        (2, "cws11:R6", "cws12:R8", "id"),
    ]


def test_trace_backward_from_an_adopted_action_through_its_draft_recommendation(lineage):
    found = steps(lineage, "cws12:R5/d", "earlier")
    assert found[0] == (1, "cws11:R3/c", "cws12:R5/d", "similarity")
    assert found[1] == (2, "cws11:R3/c", "cws11:R3", "part-of")
    assert {f[1] for f in found[2:]} == {"r40:R22", "r40:R29"}
    stated = [s for _, s in lineage.trace(parse_address("cws12:R5/d"), "earlier") if s.how == "stated"]
    assert all("Related 40 Rec." in s.explain() and "000_5b54c0e7e0ec21b0.txt" in s.explain() for s in stated)


def test_each_step_says_how_it_is_known(lineage):
    moved = lineage.trace(parse_address("cws11:R3/c"), "later")[0][1]
    assert moved.explain().startswith("matched by the engine: text similarity 0.9")


@pytest.mark.parametrize("edition_id", ["r40", "cws11", "cws12"])
def test_trace_works_both_ways_for_every_node(lineage, editions, edition_id):
    for rec in editions[edition_id].recommendations:
        for address, _ in rec.texts():
            for direction in ("earlier", "later"):
                lineage.trace(address, direction)
        if edition_id != "r40":
            assert (
                lineage.trace(rec.address, "earlier")
                or rec.new is not None
                or edition_id == "cws12"
                and rec.number in {2, 9}
            )


def cli(*argv):
    import io

    from recreg.cli import run

    out, err = io.StringIO(), io.StringIO()
    code = run(["--registry", str(ROOT / "registry"), *argv], out, err)
    return code, out.getvalue(), err.getvalue()


def test_trace_command_says_how_each_step_is_known():
    code, out, _ = cli("trace", "cws12:R5/d")
    assert code == 0
    assert "← cws11:R3/c  matched by the engine: text similarity 0.95" in out
    assert "← r40:R22  related-to, stated in 000_5b54c0e7e0ec21b0.txt, Recommendation 3, Related 40 Rec." in out
    code, out, _ = cli("trace", "r40:R18", "--format", "json")
    import json

    data = json.loads(out)
    assert data["missing"] == "CWS/6/3, Annex" and data["later"] == [] and data["earlier"] == []


def test_coverage_command_json_groups_full_addresses():
    import json

    code, out, _ = cli("coverage", "r40", "cws12", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["dropped"] == ["r40:R5", "r40:R18", "r40:R38"]
    assert [d["node"] for d in data["related"] if len(d["into"]) > 1] == ["r40:R16", "r40:R36"]
    assert data["new"] == ["cws12:R2", "cws12:R9"]
    assert data["summary"] == {
        "carried": 0,
        "carried_into_several": 0,
        "merged": 0,
        "related": 37,
        "dropped": 3,
        "new": 2,
    }


@pytest.mark.parametrize(
    "argv",
    [
        ("trace", "cws12:R99"),
        ("trace", "R5"),
        ("trace", "nope:R1"),
        ("coverage", "r40", "nope"),
        ("coverage", "cws12", "cws12"),
    ],
)
def test_lineage_commands_refuse_bad_input_in_one_line(argv):
    code, out, err = cli(*argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err


def test_coverage_markdown_draws_the_chain_as_mermaid():
    code, out, _ = cli("coverage", "r40", "cws12", "--format", "markdown")
    assert code == 0
    block = out.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert block.startswith("flowchart LR\n")
    assert [line.strip().split("[")[0] for line in block.splitlines() if "subgraph" in line] == [
        "subgraph r40_col",
        "subgraph cws11_col",
        "subgraph cws12_col",
    ]
    assert "  r40_R16 -.-> cws11_R2\n" in block and "  r40_R16 -.-> cws11_R6\n" in block  # stated in the draft's column
    assert "  cws11_R3 --> cws12_R3\n" in block and "  cws11_R4 --> cws12_R1\n" in block  # matched by the engine
    assert "  class r40_R5,r40_R18,r40_R38 dropped\n" in block
    assert "  class cws11_R1,cws11_R10 new\n" in block
    from markdown_it import MarkdownIt

    tables = [t for t in MarkdownIt("commonmark").enable("table").parse(out) if t.type == "tr_open"]
    assert len(tables) == 1 + 42  # header + every r40 node and the 2 new ones


def test_mermaid_labels_cannot_break_out(tmp_path):
    import shutil

    from recreg.engine.lineage import picture_of_chain
    from recreg.render.markdown import mermaid

    registry = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry)
    path = registry / "cws12.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'title: "RECOMMENDATIONS ON ICT AND INTELLECTUAL PROPERTY ADMINISTRATION"',
            'title: "X\\"] --> evil[\\"<script>alert(1)</script>\\n```"',
        ),
        encoding="utf-8",
    )
    editions = recreg.load_registry(registry).all()
    block = mermaid(picture_of_chain(build_lineage(editions), editions["cws11"], editions["cws12"]))
    assert "<script>" not in block and '"]' not in block.split("subgraph cws12_col[")[1].split("\n")[0][:-2]
    assert block.count("```") == 2
