"""The neighbour pass of the recommendation level tips what the text leaves open, never more."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recreg.engine.assignment import _assign
from recreg.engine.measures import RECOMMENDATIONS as LEVEL


def test_a_chain_of_swaps_bought_by_neighbour_bonuses_leaves_the_text_assignment_standing():
    # By text, old 2 is new 2's (0.78) and old 0 is new 1's (0.39). Old 1 has no pair at
    # the minimum; its neighbour (old 0 -> new 1) lifts its pair with new 2 to 0.42, and
    # taking it would make old 2 give up new 2 for new 1 (0.77): a better sum only because
    # of the bonus, with old 2 paired behind the rival it scores higher with.
    edges = {(0, 1): 0.39, (1, 2): 0.37, (2, 0): 0.6, (2, 1): 0.77, (2, 2): 0.78}
    found = _assign(edges, {}, LEVEL, [])
    assert sorted((i, j) for i, j, _, _ in found) == [(0, 1), (2, 2)]
    assert all(margin >= 0 for *_, margin in found)


def test_neighbours_decide_between_near_ties():
    # Old 1 resembles new 1 (0.62) about as much as new 3 (0.63), an added text elsewhere;
    # its neighbours old 0 and old 2 stand beside new 1 as new 0 and new 2.
    edges = {(0, 0): 0.9, (1, 1): 0.62, (1, 3): 0.63, (2, 2): 0.9}
    found = {(i, j): (score, margin) for i, j, score, margin in _assign(edges, {}, LEVEL, [])}
    assert set(found) == {(0, 0), (1, 1), (2, 2)}
    # The text ranked the pair second: its margin is 0, never negative, a near tie.
    assert found[1, 1] == (0.62, 0.0)


SCORES = st.floats(min_value=0.0, max_value=1.0).map(lambda x: round(x, 2))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.tuples(st.integers(0, 5), st.integers(0, 5)), SCORES, max_size=20))
def test_no_margin_is_negative_and_no_pair_is_under_the_minimum(edges):
    for i, j, score, margin in _assign(edges, {}, LEVEL, []):
        assert margin >= 0
        assert score == edges[i, j] and score + 2 * LEVEL.neighbour >= LEVEL.minimum
