"""The two ways of scoring many texts (pure Python for small problems, scipy for large) agree."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recreg.engine.measures as measures
import recreg.engine.relations as relations

WORDS = st.lists(st.sampled_from([f"w{k}" for k in range(40)]), min_size=1, max_size=12)


def both_paths(function, monkeypatch):
    """Return what `function()` gives by the small-problem path, then by the large-problem one."""
    monkeypatch.setattr(measures, "DENSE_LIMIT", 10**9)
    monkeypatch.setattr(measures, "CONTAINER_LIMIT", 10**9)
    small = function()
    monkeypatch.setattr(measures, "DENSE_LIMIT", 0)
    monkeypatch.setattr(measures, "CONTAINER_LIMIT", -1)
    return small, function()


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(WORDS, min_size=2, max_size=30), cut=st.integers(1, 29), floor=st.sampled_from([0.0, 0.2, 0.5]))
def test_scored_pairs_are_the_same_by_either_path(texts, cut, floor):
    cut = min(cut, len(texts) - 1)
    model = measures.Cosine(texts)
    with pytest.MonkeyPatch.context() as patch:
        small, large = both_paths(
            lambda: measures.scored_pairs(model, range(cut), range(cut, len(texts)), floor), patch
        )
    # Scores a rounding error from the floor may fall either side of it.
    close = {pair for pair, score in (small | large).items() if abs(score - floor) < 1e-9}
    assert small.keys() - close == large.keys() - close
    assert all(small[pair] == pytest.approx(large[pair], abs=1e-12) for pair in small.keys() & large.keys())


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(WORDS, min_size=2, max_size=30), cut=st.integers(1, 29))
def test_the_sole_container_is_the_same_by_either_path(texts, cut):
    cut = min(cut, len(texts) - 1)
    model = measures.Cosine(texts)
    with pytest.MonkeyPatch.context() as patch:
        small, large = both_paths(
            lambda: relations._sole_containers(model, list(range(cut)), range(cut, len(texts))), patch
        )
    assert small == large
    for part, whole in small.items():
        assert model.contained(part, whole) >= measures.CONTAINED


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(WORDS, min_size=2, max_size=30), cut=st.integers(1, 29), share=st.sampled_from([0.3, 0.45, 0.6, 1.0])
)
def test_containers_are_every_whole_holding_the_share_by_either_path(texts, cut, share):
    cut = min(cut, len(texts) - 1)
    model = measures.Cosine(texts)
    parts, wholes = list(range(cut)), list(range(cut, len(texts)))
    with pytest.MonkeyPatch.context() as patch:
        small, large = both_paths(lambda: measures.containers(model, parts, wholes, share), patch)
    for found in (small, large):
        assert set(found) == set(parts)
        for part in parts:
            # Asking every whole, by the definition: a share a rounding error from the threshold may go either way.
            expected = {whole for whole in wholes if model.contained(part, whole) >= share + 1e-9}
            borderline = {whole for whole in wholes if abs(model.contained(part, whole) - share) <= 1e-9}
            assert expected <= set(found[part]) <= expected | borderline
            for whole, held in found[part].items():
                assert held == pytest.approx(model.contained(part, whole) * model._total(part), abs=1e-9)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(["ip", "offices", "should", "data", "the", "wipo", "x"]), max_size=70),
    st.lists(st.sampled_from(["ip", "offices", "should", "data", "the", "wipo", "y"]), max_size=70),
)
def test_the_similarity_of_small_diffs_is_rapidfuzz_s_to_the_last_bit(a, b):
    from rapidfuzz.distance import Indel

    from recreg.engine import textdiff

    textdiff._BEFORE_RAPIDFUZZ[0] = 1
    assert textdiff.similarity(a, b) == (Indel.normalized_similarity(a, b) if a or b else 1.0)
    assert textdiff.similarity(a, b) == (Indel.normalized_similarity(a, b) if a or b else 1.0)  # and by rapidfuzz
