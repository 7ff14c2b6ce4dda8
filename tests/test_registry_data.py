"""The bundled editions, read through the library, against what the source documents say.

The expectations were taken by reading the sources (the four documents in
../shared/seeds, described in their README) and are written out here, so these tests
run without them. Only the last test reads the sources, and skips when they are absent.
"""

from __future__ import annotations

import re

import pytest
from conftest import REGISTRY, SHARED, edition_text, position, replace_once

import recreg
from recreg.edition.address import Address, parse_address
from recreg.edition.model import Action, Edition, Footnote, Item, Recommendation
from recreg.errors import InvalidInput, RecregError


@pytest.fixture(scope="module")
def registry():
    return recreg.load_registry(REGISTRY)


@pytest.fixture(scope="module")
def cws11(registry):
    return registry.edition("cws11")


@pytest.fixture(scope="module")
def cws12(registry):
    return registry.edition("cws12")


@pytest.fixture(scope="module")
def r40(registry):
    return registry.edition("r40")


# -- the library, without the command line ----------------------------------------------------


def test_library_returns_typed_objects(cws12):
    assert isinstance(cws12, Edition) and recreg.Edition is Edition
    rec = cws12.recommendation(6)
    assert isinstance(rec, Recommendation)
    assert (rec.address, rec.id, rec.number) == (Address("cws12", 6), "cooperative-projects", 6)
    assert all(isinstance(action, Action) for action in rec.actions)
    assert [action.address for action in rec.actions] == [Address("cws12", 6, "a"), Address("cws12", 6, "b")]
    (footnote,) = rec.footnotes
    assert isinstance(footnote, Footnote) and footnote.address == Address("cws12", 6, footnote=2)


@pytest.mark.parametrize(
    "address, kind, text",
    [
        ("cws12:R5/d", Action, "IP offices are encouraged to share and disseminate data and documentation, without"),
        ("cws12:R1/e/iv", Item, "exploring use of biometric identification technologies."),
        ("cws12:R6/fn2", Footnote, "Such as the Global Identifier Project"),
        ("cws12:R06", Recommendation, "IP offices are encouraged to contribute to multilateral"),
    ],
)
def test_node_lookup_by_address(cws12, address, kind, text):
    node = cws12.node(parse_address(address))
    assert isinstance(node, kind)
    assert (node.text if kind is not Recommendation else node.statement).startswith(text)
    assert node.address == parse_address(address)


@pytest.mark.parametrize("address", ["cws12:R11", "cws12:R5/e", "cws12:R1/e/v", "cws12:R5/fn2", "cws12:R6/fn1"])
def test_node_lookup_of_what_does_not_exist(cws12, address):
    assert cws12.node(parse_address(address)) is None


def test_whole_edition_by_address(cws12):
    assert cws12.node(parse_address("cws12")) is cws12


def test_registry_lists_and_reads_every_edition(registry):
    assert registry.ids() == ["cws11", "cws12", "r40"]
    assert sorted(registry.all()) == ["cws11", "cws12", "r40"]


def test_registry_unknown_edition_raises_recreg_error(registry):
    with pytest.raises(RecregError) as caught:
        registry.edition("cws13")
    assert "unknown edition 'cws13'" in str(caught.value)


def test_reading_an_invalid_file_raises_with_located_problems(tmp_path):
    path = tmp_path / "cws12.yaml"
    text = replace_once(edition_text("cws12"), "status: adopted\n", "status: approved\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        recreg.read_edition(path)
    (problem,) = caught.value.problems
    line, column = position(text, "status: approved", len("status: "))
    assert (problem.file, problem.line, problem.column, problem.key_path) == (str(path), line, column, "status")


def test_texts_in_reading_order(cws12):
    addresses = [str(address) for address, _ in cws12.recommendation(6).texts()]
    assert addresses == ["cws12:R6", "cws12:R6/a", "cws12:R6/b", "cws12:R6/fn2"]


# -- the editions, as the sources give them -----------------------------------------------------


def test_lineage():
    registry = recreg.load_registry(REGISTRY)
    assert [registry.edition(e).derives_from for e in ("r40", "cws11", "cws12")] == [None, "r40", "cws11"]
    assert [registry.edition(e).status for e in ("r40", "cws11", "cws12")] == ["noted", "draft", "adopted"]


def test_cws12_footnote_is_anchored_in_r6_a(cws12):
    rec = cws12.recommendation(6)
    assert rec.action("a").text == (
        "IP offices are encouraged to actively participate in the cooperative projects[^2] that the CWS approved or noted."
    )
    assert rec.footnote(2).text == (
        "Such as the Global Identifier Project, Unified API Catalogue Project and the provision of patent "
        "Authority Files in WIPO ST.37-compliant format considering PCT minimum documentation."
    )
    markers = [
        (str(address), marker)
        for r in cws12.recommendations
        for address, text in r.texts()
        for marker in re.findall(r"\[\^\d+\]", text)
    ]
    assert markers == [("cws12:R6/a", "[^2]")]  # the annex has one footnote


def test_cws12_structure(cws12):
    assert [len(r.actions) for r in cws12.recommendations] == [5, 3, 2, 2, 4, 2, 2, 2, 1, 3]
    assert [item.text for item in cws12.node(parse_address("cws12:R1/e")).items] == [
        "development of automated decision-making frameworks;",
        "use of qualified electronic signature in IP administration;",
        "optionally using a common global ID across IP offices; and",
        "exploring use of biometric identification technologies.",
    ]
    assert [item.text for item in cws12.node(parse_address("cws12:R9/a")).items] == [
        "internally run; and",
        "provided by external service providers if possible.",
    ]
    # The source's stray space is kept, as its note says.
    assert "AI- powered tools" in cws12.node(parse_address("cws12:R10/b")).text


def test_cws12_dates(cws12):
    assert {(d.event, d.value, d.source.file, d.source.at) for d in cws12.dates} == {
        ("session", "2024-09-16/2024-09-19", "003_92626e8d6b5d7826.txt", "para 1"),
        ("adopted", "2024-09", "002_5757cd416751eabe.txt", "para 11"),
    }


def test_cws11_new_recommendations(cws11):
    new = {rec.number: rec.new.text for rec in cws11.recommendations if rec.new}
    assert new == {1: "Not applicable as this is new", 10: "Not applicable as this is new"}
    assert not cws11.recommendation(1).links and not cws11.recommendation(10).links


# Column "Related 40 Rec." of the draft (000), per draft recommendation.
RELATED_40 = {
    2: [3, 4, 13, 14, 16, 17, 32],
    3: [22, 29],
    4: [1, 2, 6, 36, 39],
    5: [7, 12, 15],
    6: [10, 16, 21, 25, 28, 30, 31, 34],
    7: [8, 9, 11, 19, 23, 24, 35, 40],
    8: [20, 26, 27, 33],
    9: [36, 37],
}


def test_cws11_related_40(cws11):
    related = {rec.number: [link.target.number for link in rec.links] for rec in cws11.recommendations if rec.links}
    assert related == RELATED_40
    links = [link for rec in cws11.recommendations for link in rec.links]
    assert {(link.type, link.target.edition) for link in links} == {("related-to", "r40")}


def test_cws11_structure(cws11):
    assert [len(r.actions) for r in cws11.recommendations] == [3, 3, 3, 4, 3, 1, 2, 2, 2, 1]
    assert [item.text for item in cws11.node(parse_address("cws11:R7/a")).items] == [
        "Global Identifier pilot;",
        "Unified API catalog; and",
        "Provision of patent authority files following WIPO Standard ST.37.",
    ]
    # The draft leaves some texts without a final full stop; the transcription keeps that.
    assert cws11.recommendation(7).statement.endswith("and IP documentation")
    assert cws11.node(parse_address("cws11:R3/b")).text.endswith("where possible")


def test_r40_r06_is_quoted_in_full(r40):
    rec = r40.recommendation(6)
    assert rec.statement == (
        "Re-engineer and transform the current business models and workflow processes based on paper "
        "transactions into modernized and optimized business models and workflow processes based on digital "
        "IP data transactions, with collaboration of business, ICT and legal representatives at all stages"
    )
    assert rec.missing is None
    assert [d.text for d in rec.descriptions] == ["Re-engineering and digital transformation"]


def test_r40_texts_not_in_the_sources_are_recorded_as_missing(r40):
    assert [r.number for r in r40.recommendations] == list(range(1, 41))
    missing = [r.number for r in r40.recommendations if r.statement is None]
    assert missing == [n for n in range(1, 41) if n != 6]
    assert {r.missing.where for r in r40.recommendations if r.missing} == {"CWS/6/3, Annex"}


def test_r40_both_dates_of_cws6_are_kept(r40):
    assert {(d.event, d.value, d.source.file, d.source.at, d.quote) for d in r40.dates} == {
        ("session", "2018", "002_5757cd416751eabe.txt", "para 2", "At its sixth session in 2018"),
        ("session", "2019-10", "004_dd5824f5db9155ea.txt", "para 1", "At its sixth session, held in October 2019"),
    }


def test_r40_priorities_groups_and_descriptions(r40):
    # 004 para 6: the Task Force's priorities, all in Group 1, each with a short description.
    priorities = [r.number for r in r40.recommendations if r.priority]
    assert priorities == [4, 6, 9, 12, 15, 18, 23, 38, 39]
    described = {r.number: r.descriptions[0].text for r in r40.recommendations if r.descriptions}
    assert sorted(described) == priorities
    assert described[4] == described[18] == "Common conversion software tool to XML, e.g. DOCX convertor"
    assert described[12] == described[15]
    assert described[23] == "Providing IPOs’ authority file data or information to the International Bureau"
    # 004 para 4: R20, R33 and R35 were reallocated to Group 1 from Group 2.
    moved = {
        r.number: (r.group["value"], r.group.get("previous"))
        for r in r40.recommendations
        if r.group and r.group.get("previous")
    }
    assert moved == {20: (1, 2), 33: (1, 2), 35: (1, 2)}
    assert all(r.group["value"] == 1 for r in r40.recommendations if r.priority)


# -- word for word, against the sources themselves -----------------------------------------------


def fold(text: str) -> str:
    return " ".join(text.split())


def recorded_texts(edition: Edition):
    """Yield (where, text) for every text an edition claims to quote from a source."""
    for rec in edition.recommendations:
        for address, text in rec.texts():
            yield str(address), text
        for description in rec.descriptions:
            yield f"{rec.address} description", description.text
        if rec.new:
            yield f"{rec.address} new", rec.new.text
    for claim in edition.dates:
        if claim.quote:
            yield f"{edition.id} date {claim.value}", claim.quote


def test_every_recorded_text_is_verbatim_in_the_sources(registry):
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip(f"the source documents are not at {SHARED / 'seeds'}")
    # [footnoteRef:N] is an artefact of the extraction where a footnote is anchored (the seeds' README).
    corpus = fold(re.sub(r"\[footnoteRef:\d+\]", "", " ".join(p.read_text(encoding="utf-8") for p in seeds)))
    checked, misses = 0, []
    for edition_id in registry.ids():
        for where, text in recorded_texts(registry.edition(edition_id)):
            checked += 1
            if fold(re.sub(r"\[\^\d+\]", "", text)) not in corpus:
                misses.append(f"{where}: {text}")
    assert not misses, "not word for word in the sources:\n" + "\n".join(misses)
    # 43 texts of each of the ten (statements, actions, items, footnote, "new"), r40's R06 and
    # nine descriptions, five date quotes: none was skipped.
    assert checked >= 101
