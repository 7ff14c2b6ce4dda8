"""What the terminal output looks like: width, wrapping, plurals, titles, and forgiving input."""

from __future__ import annotations

import json

import pytest

from conftest import REGISTRY, recreg


def test_piped_text_keeps_each_paragraph_on_one_line(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    out = recreg("diff", "cws11", "cws12", "-r", "R8").out
    # The split part's word diff is one line, however long.
    line = next(line for line in out.splitlines() if "technology roadmaps" in line)
    assert "decommissioning plans" in line and len(line) > 100


def test_columns_sets_the_width_text_is_wrapped_at(monkeypatch):
    monkeypatch.setenv("COLUMNS", "70")
    out = recreg("diff", "cws11", "cws12", "-r", "R8").out
    assert max(len(line) for line in out.splitlines()) <= 70
