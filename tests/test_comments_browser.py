"""A real browser opens the disposition of comments: headless Chromium, as tests/test_browser.py runs it."""

from __future__ import annotations

import pytest
from comment_documents import CSV, import_comments
from test_browser import WIDTHS, cli, open_at  # the browser fixture is conftest.py's

HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>'


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The example's disposition page, and one whose commenter and comment are markup."""
    from comment_documents import registry_copy_at

    root = tmp_path_factory.mktemp("disposition")
    registry = registry_copy_at(root)
    hostile = root / "hostile.csv"
    quoted = HOSTILE.replace('"', '""')
    hostile.write_text(
        f'MB/NC,Clause,Comments,Proposed change\n"{quoted}",R3(c),"{quoted}","{quoted}"\n', encoding="utf-8"
    )
    for source, name in ((CSV, "example"), (hostile, "hostile")):
        assert import_comments(registry, source, "--edition", "cws11", "--as", name).code == 0
    found = {}
    for name in ("example", "hostile"):
        path = root / f"disposition-{name}.html"
        code, _, err = cli("--registry", registry, "comments", "disposition", name, "--format", "html", "-o", path)
        assert code == 0, err
        found[name] = path
    return found


@pytest.mark.parametrize("device", WIDTHS)
def test_the_disposition_page_in_a_browser(browser, pages, device):
    from selenium.webdriver.common.by import By

    open_at(browser, pages["example"], WIDTHS[device], f"disposition-example-{device}.png")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.disposition tbody tr")
    assert len(rows) == 12 and all(row.is_displayed() for row in rows)
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.counts tbody tr")) == 4  # three commenters and the total
    moved = browser.find_element(By.ID, "office-a-3")
    assert "MOVED to Recommendation 5(d)" in moved.text and "moved from R3/c to R5/d" in moved.text
    place = moved.find_element(By.CSS_SELECTOR, ".place.moved")
    assert place.value_of_css_property("color") != browser.find_element(By.TAG_NAME, "body").value_of_css_property(
        "color"
    )
    orphaned = browser.find_element(By.ID, "office-a-4")
    assert "ORPHANED: the quoted words were deleted from Recommendation 1(c)" in orphaned.text
    # The word diff of a quote: what was there struck out, what is there now underlined.
    weakened = browser.find_element(By.ID, "office-a-2")
    assert weakened.find_element(By.TAG_NAME, "del").text == "should"
    assert weakened.find_element(By.TAG_NAME, "ins").text == "are encouraged to"
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_markup_in_comments_stays_text(browser, pages):
    from selenium.webdriver.common.by import By

    open_at(browser, pages["hostile"], WIDTHS["desktop"], "disposition-hostile-desktop.png")
    assert browser.title != "pwned"
    assert browser.find_elements(By.CSS_SELECTOR, "main img, main script") == []
    row = browser.find_element(By.CSS_SELECTOR, "table.disposition tbody tr")
    cells = row.find_elements(By.CSS_SELECTOR, "td")
    assert cells[2].text == HOSTILE and cells[3].text == HOSTILE
    assert HOSTILE in browser.find_element(By.CSS_SELECTOR, "table.counts tbody th").text
