"""The published site in a real browser: headless Chromium crawls it, searches it, follows permalinks, checks access.

The site is the bundled registry's, with its history and two example surveys (so that the
status pages and each recommendation's implementation are there too), opened from files
(``file://``) as a reviewer opens a downloaded site; the permalink ``cws11/R4/`` is also
opened from a web server on the loopback address, as GitHub Pages serves it. Accessibility
is checked with axe-core (``tests/vendor/axe-core/axe.min.js``, vendored: docs/dependencies.md),
injected into each kind of page. Screenshots go to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from test_browser import ARTIFACTS, WIDTHS
from test_site import build, registry_with_surveys

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# One page of each kind, by path from the site's root.
KINDS = {
    "home": "index.html",
    "edition": "cws12/index.html",
    "recommendation": "rec/cooperative-projects/index.html",
    "recommendations": "rec/index.html",
    "changes": "changes/cws11/cws12/index.html",
    "status": "status/example/cws12/index.html",
    "surveys": "status/index.html",
    "search": "search/index.html?q=blockchain",
}

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("published")
    return build(registry_with_surveys(root), root / "site")


@pytest.fixture(scope="module")
def server(site):
    """Serve the site on the loopback address, as a static host serves it (``cws11/R4/`` gives its index.html)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def severe(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def landed(driver, start: str) -> str:
    """Wait until a forwarding page has gone on, and return where it went."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: d.current_url.split("#")[0] != start.split("#")[0])
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return driver.current_url


GATHER = """return [Array.from(document.querySelectorAll('[id]'), e => e.id),
  Array.from(document.querySelectorAll('a[href], link[href], script[src], form[action]'), e => e.href || e.src || e.action)]"""


def test_a_crawl_of_every_page_finds_no_broken_link(browser, site):
    browser.set_window_size(WIDTHS["desktop"], 900)
    base = site.as_uri() + "/"
    every = {path.as_uri() for path in site.rglob("*.html")}
    permalinks = {
        uri
        for uri in every
        if uri.removeprefix(base).split("/")[0] in {"r40", "cws11", "cws12"} and uri.count("/") - base.count("/") == 2
    }
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    queue, seen, errors, forwarded = [base + "index.html"], set(), [], {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        browser.get(url)
        if url in permalinks:
            forwarded[url] = landed(browser, url)
            continue
        errors += [(url, entry["message"]) for entry in severe(browser)]
        found_ids, found_links = browser.execute_script(GATHER)
        ids[url] = set(found_ids)
        for link in found_links:
            links.append((url, link))
            target = link.split("#")[0].split("?")[0]
            if target.startswith(base) and target.endswith(".html") and target not in seen:
                queue.append(target)
    assert errors == []
    assert seen == every, sorted(every - seen)[:5]  # every page is linked from another, none is left out
    broken = []
    for page, link in links:
        parts = urlsplit(link)
        if parts.scheme in {"data", "http", "https"}:  # the empty icon; evidence links of survey answers
            continue
        if parts.scheme != "file":
            broken.append((page, link))
            continue
        target = f"file://{parts.path}"
        if not Path(unquote(parts.path)).is_file():
            broken.append((page, link))
        elif parts.fragment and unquote(parts.fragment) not in ids.get(target, ()):
            broken.append((page, link))
    assert broken == []
    # Each permalink lands on its recommendation's page, at an element of that page.
    for start, end in forwarded.items():
        target, _, fragment = end.partition("#")
        assert target in ids and unquote(fragment) in ids[target], (start, end)
    assert len(forwarded) == 60


def test_opening_a_draft_number_lands_on_the_adopted_recommendation(browser, site, server):
    from selenium.webdriver.common.by import By

    browser.set_window_size(WIDTHS["desktop"], 900)
    for start in (f"{server}/cws11/R4/", (site / "cws11" / "R4" / "index.html").as_uri()):
        browser.get(start)
        end = landed(browser, start)
        assert end.endswith("/rec/digital-transformation/index.html#cws11:R4"), end
        assert browser.find_element(By.TAG_NAME, "h1").text == "digital-transformation"
        assert browser.find_element(By.CSS_SELECTOR, "p.numbers").text == "cws12 R1 · cws11 R4"
        assert "In use: Recommendation 1 of cws12" in browser.find_element(By.CSS_SELECTOR, "p.now").text
        assert browser.find_element(By.ID, "cws11:R4").is_displayed()
    # A node after the number: an action, an item, a footnote.
    for start, end in (
        (f"{server}/cws11/R4/#d", "#cws11:R4/d"),
        (f"{server}/cws11/R4/#d/ii", "#cws11:R4/d/ii"),
        (f"{server}/cws12/R6/#fn2", "#cws12:R6-fn2"),
    ):
        browser.get(start)
        assert landed(browser, start).endswith(end)
        assert browser.find_element(By.ID, end[1:]).is_displayed()
    # Served, the site loads nothing from anywhere else.
    assert all(
        name.startswith(server)
        for name in browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    )


def test_searching_blockchain_finds_the_adopted_r10_and_the_draft_r5(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(WIDTHS["desktop"], 900)
    browser.get((site / "index.html").as_uri())
    box = browser.find_element(By.ID, "q")
    box.send_keys("blockchain", Keys.ENTER)  # the home page's form opens the search page
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results li"))
    assert browser.current_url.endswith("/search/index.html?q=blockchain")
    assert browser.find_element(By.ID, "q").get_attribute("value") == "blockchain"
    results = {a.text: a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#results li > a")}
    base = site.as_uri()
    assert results["cws12 R10 · emerging-technologies"] == f"{base}/rec/emerging-technologies/index.html#cws12:R10"
    assert results["cws11 R5 · emerging-technologies"] == f"{base}/rec/emerging-technologies/index.html#cws11:R5"
    assert browser.find_element(By.ID, "search-status").text == "4 texts match “blockchain”."
    marks = browser.find_elements(By.CSS_SELECTOR, "#results mark")
    assert marks and {m.text.lower() for m in marks} == {"blockchain"}
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "site-search.png"))
    # Searching again on the page itself, then following a result.
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys("geospatial nonexistentword", Keys.ENTER)
    WebDriverWait(browser, 10).until(
        lambda d: "No recommendation matches" in d.find_element(By.ID, "search-status").text
    )
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys("blockchain", Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results li"))
    browser.find_element(By.LINK_TEXT, "cws12 R10 · emerging-technologies").click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("#cws12:R10"))
    assert browser.find_element(By.ID, "cws12:R10").is_displayed()
    assert severe(browser) == []


def test_hostile_text_stays_text_in_search_results(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from test_render_markdown import HOSTILE, hostile_registry

    site = build(hostile_registry(tmp_path), tmp_path / "site")
    browser.get((site / "search" / "index.html").as_uri() + "?q=alert")
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results li"))
    assert browser.title.startswith("Search")
    assert browser.find_elements(By.CSS_SELECTOR, "#results script, #results img") == []
    assert any('<script>alert("x")</script>' in p.text for p in browser.find_elements(By.CSS_SELECTOR, "#results p"))
    assert HOSTILE.split(" | ")[0] in browser.find_element(By.ID, "results").text


def axe_violations(driver) -> list[dict]:
    """Run axe-core on the page in the browser and return its violations: rule, impact, the first nodes."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(120)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => "
        "({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))),"
        " e => done([{id: 'axe failed', impact: 'critical', nodes: [String(e)]}]));"
    )


@pytest.mark.parametrize("device, scheme", [("desktop", "light"), ("phone", "light"), ("desktop", "dark")])
def test_every_kind_of_page_is_accessible_and_fits_a_phone(browser, site, device, scheme):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    # Colours are checked in the scheme the reader's system asks for: report.css has a dark one.
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"media": "", "features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )
    found = {}
    for kind, path in KINDS.items():
        browser.set_window_size(WIDTHS[device], 900)
        browser.get(site.as_uri() + "/" + path)
        if kind == "search":
            WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results li"))
        serious = [v for v in axe_violations(browser) if v["impact"] in {"serious", "critical"}]
        if serious:
            found[kind] = serious
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (kind, overflow)
        landmarks = browser.execute_script(
            "return ['header.site nav', 'main#main', 'footer', 'h1'].map(s => document.querySelectorAll(s).length)"
        )
        assert landmarks == [1, 1, 1, 1], kind
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(WIDTHS[device], min(height + 100, 16000))
        ARTIFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / f"site-{kind}-{device}-{scheme}.png"))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    assert found == {}


def test_every_control_is_reached_by_the_keyboard(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(WIDTHS["desktop"], 900)
    for path in (
        "index.html",
        "search/index.html?q=blockchain",
        "changes/cws11/cws12/index.html",
        "status/example/cws12/index.html",
    ):
        browser.get(site.as_uri() + "/" + path)
        if path.startswith("search"):
            WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results li"))
        controls = "Array.from(document.querySelectorAll('a[href], input, button, summary')).filter(e => e.checkVisibility() && !(e.type === 'radio' && !e.checked))"
        count = browser.execute_script(f"return {controls}.length")
        reached = []
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        for _ in range(count + 3):
            reached.append(browser.execute_script(f"return {controls}.indexOf(document.activeElement)"))
            browser.switch_to.active_element.send_keys(Keys.TAB)
        assert reached[0] == 0 and browser.execute_script(f"return {controls}[0].getAttribute('href')") == "#main", path
        assert set(range(count)) <= set(reached), (path, sorted(set(range(count)) - set(reached))[:5])
    # The view of a diff switches from the keyboard: its radios are reached, the arrows switch them.
    browser.get(site.as_uri() + "/changes/cws11/cws12/index.html")
    radio = browser.find_element(By.ID, "view-inline")
    radio.send_keys(Keys.ARROW_RIGHT)
    assert browser.find_element(By.ID, "view-side").is_selected()
    assert browser.find_element(By.CSS_SELECTOR, "section.pair div.side").is_displayed()


def test_printed_pages_leave_out_navigation_and_forms(browser, site):
    from selenium.webdriver.common.by import By

    browser.get(site.as_uri() + "/rec/digital-transformation/index.html")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.CSS_SELECTOR, "header.site").is_displayed()
        assert not browser.find_element(By.CSS_SELECTOR, "ul.toc").is_displayed()
        assert browser.find_element(By.ID, "cws12:R1").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert browser.print_page()  # Chromium lays the page out on paper without failing
