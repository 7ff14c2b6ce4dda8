"""Indicators: optional key performance indicators on a recommendation or action, checked and shown."""

from __future__ import annotations

import json

from conftest import add_indicators, position, recreg, replace_once

from recreg.registry.folder import Registry


def test_an_edition_with_indicators_validates_and_builds_them(registry_copy):
    add_indicators(registry_copy)
    result = recreg("--registry", registry_copy, "validate")
    assert result.code == 0, result.out
    edition = Registry(registry_copy).edition("cws12")
    indicator = edition.indicator("digitized-share")
    assert str(indicator.owner) == "cws12:R5/a" and indicator.unit == "percent"
    assert indicator.target == 90 and indicator.meets(95) and not indicator.meets(80)
    assert edition.indicator("governance-review-age").meets(12) is True
    assert [i.id for i in edition.all_indicators()] == ["governance-review-age", "digitized-share"]


def test_bundled_editions_define_no_indicators():
    registry = Registry.find()
    for edition_id in registry.ids():
        assert list(registry.edition(edition_id).all_indicators()) == []


def test_duplicate_indicator_id_is_located(registry_copy):
    path = add_indicators(registry_copy)
    text = replace_once(path.read_text(encoding="utf-8"), "- id: digitized-share", "- id: governance-review-age")
    path.write_text(text, encoding="utf-8")
    result = recreg("--registry", registry_copy, "validate", path)
    assert result.code == 1
    line, column = position(text, 'governance-review-age\n            measures: "Share', 0)
    assert f"{path}:{line}:{column}: duplicate indicator id 'governance-review-age'" in result.out


def test_a_target_names_one_bound(registry_copy):
    path = add_indicators(registry_copy)
    text = replace_once(
        path.read_text(encoding="utf-8"),
        "              at_least: 90\n",
        "              at_least: 90\n              at_most: 95\n",
    )
    path.write_text(text, encoding="utf-8")
    result = recreg("--registry", registry_copy, "validate", path)
    assert result.code == 1 and "target" in result.out


def test_show_and_render_include_indicators(registry_copy):
    add_indicators(registry_copy)
    shown = json.loads(recreg("--registry", registry_copy, "show", "cws12:R5/a", "--format", "json").out)
    assert shown["indicators"] == [
        {
            "id": "digitized-share",
            "owner": "cws12:R5/a",
            "measures": "Share of the office's IP documents available in machine-readable full text (fictional, for tests)",
            "unit": "percent",
            "target": {"at_least": 90.0},
            "source": {"file": "fictional-proposal.txt", "at": "para 2"},
        }
    ]
    whole = json.loads(recreg("--registry", registry_copy, "show", "cws12", "--format", "json").out)
    assert whole["recommendations"][0]["indicators"] == []
    text = recreg("--registry", registry_copy, "show", "cws12:R5/a").out
    assert "Indicator digitized-share:" in text and "percent; target at least 90" in text
    markdown = recreg("--registry", registry_copy, "render", "cws12", "--format", "markdown").out
    assert "*Indicator governance-review-age: Months since" in markdown and "target at most 24 months" in markdown
    html = recreg("--registry", registry_copy, "render", "cws12", "--format", "html").out
    assert 'id="kpi-digitized-share"' in html
