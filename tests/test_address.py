"""Addresses: the sources' spellings are read, one canonical form is printed, bad forms are refused."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recreg.edition.address import Address, parse_address
from recreg.errors import RecregError


@pytest.mark.parametrize("text", ["R6", "R06", "R006"])
def test_zero_padding_is_read_as_the_same_number(text):
    assert parse_address(text) == Address(None, 6)
    assert parse_address(f"r40:{text}") == Address("r40", 6)


@pytest.mark.parametrize(
    "text, address, kind",
    [
        ("cws12", Address("cws12"), "edition"),
        ("cws12:R5", Address("cws12", 5), "recommendation"),
        ("cws12:R5/d", Address("cws12", 5, "d"), "action"),
        ("cws11:R7/a/ii", Address("cws11", 7, "a", "ii"), "item"),
        ("cws12:R6/fn2", Address("cws12", 6, footnote=2), "footnote"),
        ("R3", Address(None, 3), "recommendation"),
        ("R3/c", Address(None, 3, "c"), "action"),
    ],
)
def test_canonical_addresses_parse_and_print_back(text, address, kind):
    assert parse_address(text) == address
    assert str(address) == text
    assert address.kind == kind


@pytest.mark.parametrize(
    "text, printed", [("r40:R06", "r40:R6"), ("cws12:R06/fn02", "cws12:R6/fn2"), ("  cws12:R5/d ", "cws12:R5/d")]
)
def test_non_canonical_input_prints_canonically(text, printed):
    assert str(parse_address(text)) == printed


def test_default_edition_applies_only_when_none_is_written():
    assert parse_address("R5/d", default_edition="cws12") == Address("cws12", 5, "d")
    assert parse_address("cws11:R5/d", default_edition="cws12") == Address("cws11", 5, "d")


def test_local_part_and_navigation():
    item = parse_address("cws11:R7/a/ii")
    assert item.local == "R7/a/ii"
    assert item.recommendation() == Address("cws11", 7)
    assert Address("cws11", 7).child("a").child("ii") == item
    assert str(item.with_edition("cws12")) == "cws12:R7/a/ii"
    assert str(item.with_edition(None)) == "R7/a/ii"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "cws12:",
        ":R1",
        "CWS12:R1",
        "cws12:r1",
        "cws12:R",
        "cws12:R0",
        "cws12:R00",
        "cws12:R-1",
        "cws12:R1.5",
        "cws12:R1/A",
        "cws12:R1/ab",
        "cws12:R1/a/iv/x",
        "cws12:R1/a/2",
        "cws12:R1/a/",
        "cws12:R6/fn",
        "cws12:R6/fn0",
        "cws12:R6/fn2/a",
        "cws12:R6/a/fn2",
        "cws12:R5:d",
        "cws12:R5 /d",
        "cws12::R5",
        "1cws:R5",
        "cws12:R٣",  # a digit, but not an ASCII one
        "cws12:R" + "1" * 5000,  # more digits than int() accepts
    ],
)
def test_bad_forms_are_refused(text):
    with pytest.raises(RecregError) as caught:
        parse_address(text, option="--recommendation")
    problem = caught.value.problems[0]
    assert problem.file == "--recommendation"
    assert "is not an address" in problem.message
    assert "cws12:R5/d" in problem.expected
    assert "\n" not in str(caught.value)


EDITIONS = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
NUMBERS = st.integers(min_value=1, max_value=10**12)
ROMAN = st.sampled_from(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xiv", "xl", "c"])
LETTERS = st.sampled_from("abcdefghijklmnopqrstuvwxyz")


@st.composite
def addresses(draw) -> Address:
    """Draw any address the grammar can express."""
    edition = draw(st.none() | EDITIONS)
    if draw(st.booleans()) and edition is not None:
        return Address(edition)
    number = draw(NUMBERS)
    shape = draw(st.sampled_from(["recommendation", "action", "item", "footnote"]))
    if shape == "footnote":
        return Address(edition, number, footnote=draw(NUMBERS))
    action = draw(LETTERS) if shape in {"action", "item"} else None
    item = draw(ROMAN) if shape == "item" else None
    return Address(edition, number, action, item)


@given(addresses())
def test_printing_then_parsing_gives_back_the_address(address):
    text = str(address)
    assert parse_address(text) == address
    assert str(parse_address(text)) == text


@given(addresses(), st.integers(min_value=1, max_value=4))
def test_zero_padding_never_changes_the_address(address, zeros):
    if address.number is None:
        return
    padded = str(address).replace(f"R{address.number}", f"R{'0' * zeros}{address.number}", 1)
    assert parse_address(padded) == address


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30) | st.from_regex(r"[a-z0-9:R/fnivx ]{0,20}"))
def test_any_text_is_an_address_or_a_recreg_error(text):
    try:
        address = parse_address(text)
    except RecregError:
        return
    assert parse_address(str(address)) == address


@given(st.lists(addresses(), max_size=12))
def test_addresses_of_every_shape_sort_together(items):
    ordered = sorted(items)  # a recommendation beside its actions, with or without an edition
    for before, after in pairwise(ordered):
        assert not after < before


def test_a_recommendation_sorts_before_its_actions_and_items():
    assert sorted(
        [Address("r40", 3, "a", "ii"), Address("r40", 3, "a"), Address("r40", 3), Address("r40", 2, "b")]
    ) == [Address("r40", 2, "b"), Address("r40", 3), Address("r40", 3, "a"), Address("r40", 3, "a", "ii")]
