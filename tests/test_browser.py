"""A real browser opens the HTML report: headless Chromium through selenium and chromedriver.

Uses Debian's ``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` (packages ``chromium`` and
``chromium-driver``; ``.ci/run`` installs them when absent) and skips without them. The page is
opened from a file, as a reviewer opens a downloaded report, at a desktop and a phone width;
screenshots are kept in ``tests/artifacts/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_render_markdown import REGISTRY, cli

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WIDTHS = {"desktop": 1280, "phone": 390}

# The `browser` fixture (headless Chromium) is in conftest.py, shared with test_site_browser.py.
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")


def page_file(tmp_path_factory, argv: list[str], name: str) -> Path:
    """Write a page with recreg's own -o, as a user would, and return its path."""
    path = tmp_path_factory.mktemp("pages") / name
    code, _, err = cli("--registry", REGISTRY, *argv, "--format", "html", "-o", path)
    assert code == 0, err
    return path


def open_at(driver, path: Path, width: int, screenshot: str) -> None:
    """Open a page at a width, check the console, and keep a full-height screenshot."""
    driver.set_window_size(width, 900)
    driver.get(path.as_uri())
    severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not severe, severe
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height + 200, 16000))
    ARTIFACTS.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / screenshot))


@pytest.mark.parametrize("device", WIDTHS)
def test_report_in_a_browser(browser, tmp_path_factory, device):
    from selenium.webdriver.common.by import By

    path = page_file(tmp_path_factory, ["diff", "cws11", "cws12"], "cws11-cws12.html")
    open_at(browser, path, WIDTHS[device], f"diff-cws11-cws12-{device}.png")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.summary tbody tr")
    assert len(rows) == 10 and all(row.is_displayed() for row in rows)
    # A weakened modality is highlighted: shown, in its own colour, not the page's.
    mark = browser.find_element(By.CSS_SELECTOR, "p.inline mark.m-weakened")
    assert mark.is_displayed() and mark.text == "should"
    background = mark.value_of_css_property("background-color")
    assert background not in {
        "rgba(0, 0, 0, 0)",
        browser.find_element(By.TAG_NAME, "body").value_of_css_property("background-color"),
    }
    # Nothing is wider than the window: a phone scrolls down, never sideways.
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    # The summary links to the sections.
    assert browser.find_element(By.ID, "new-R2").is_displayed()


def test_views_switch_without_a_script(browser, tmp_path_factory):
    from selenium.webdriver.common.by import By

    path = page_file(tmp_path_factory, ["diff", "cws11", "cws12"], "views.html")
    browser.set_window_size(WIDTHS["desktop"], 900)
    browser.get(path.as_uri())
    inline = browser.find_element(By.CSS_SELECTOR, "#new-R2 p.inline")
    side = browser.find_element(By.CSS_SELECTOR, "#new-R2 div.side")
    assert inline.is_displayed() and not side.is_displayed()
    browser.find_element(By.CSS_SELECTOR, "label[for=view-side]").click()
    assert side.is_displayed() and not inline.is_displayed()
    browser.find_element(By.CSS_SELECTOR, "label[for=view-inline]").click()
    assert inline.is_displayed()


@pytest.mark.parametrize("device", WIDTHS)
def test_edition_page_in_a_browser(browser, tmp_path_factory, device):
    from selenium.webdriver.common.by import By

    path = page_file(tmp_path_factory, ["render", "cws12"], "cws12.html")
    open_at(browser, path, WIDTHS[device], f"render-cws12-{device}.png")
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.annex tbody tr")) == 10
    footnote = browser.find_element(By.ID, "R6-fn2")
    assert footnote.is_displayed() and "Global Identifier Project" in footnote.text
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


@pytest.mark.parametrize("device", WIDTHS)
def test_lineage_picture_in_a_browser(browser, tmp_path_factory, device):
    """The coverage page draws the 40 -> the draft ten -> the adopted ten, and it fits the screen."""
    from selenium.webdriver.common.by import By

    path = page_file(tmp_path_factory, ["coverage", "r40", "cws12"], "coverage-r40-cws12.html")
    open_at(browser, path, WIDTHS[device], f"coverage-r40-cws12-{device}.png")
    svg = browser.find_element(By.CSS_SELECTOR, "figure.lineage svg")
    assert svg.is_displayed()
    assert len(svg.find_elements(By.CSS_SELECTOR, "rect")) == 60  # 40 + 10 + 10 recommendations
    assert len(svg.find_elements(By.CSS_SELECTOR, "path")) == 49  # 39 stated steps + 10 matched pairs
    assert svg.size["width"] <= WIDTHS[device]
    # The diff report draws the same chain for its pairs.
    path = page_file(tmp_path_factory, ["diff", "cws11", "cws12"], "cws11-cws12.html")
    browser.get(path.as_uri())
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.lineage svg rect")) == 37 + 10 + 10


HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>'


@pytest.fixture(scope="module")
def status_pages(tmp_path_factory):
    """Status pages of a registry copy with the example survey, the draft ten's, and one with hostile names."""
    from test_survey_import import EXAMPLES

    root = tmp_path_factory.mktemp("status")
    registry = shutil.copytree(REGISTRY, root / "registry")
    hostile = root / "hostile.csv"
    hostile.write_text(
        f'office,office name,R1(a),R1(a) comment\nx1,"{HOSTILE.replace(chr(34), chr(34) * 2)}",implemented,'
        f'"{HOSTILE.replace(chr(34), chr(34) * 2)}"\n',
        encoding="utf-8",
    )
    for source, name, edition in (
        (EXAMPLES / "example-wide.csv", "example", "cws12"),
        (EXAMPLES / "draft-ten-wide.csv", "draft-ten", "cws11"),
        (hostile, "hostile", "cws12"),
    ):
        code, _, err = cli(
            "--registry",
            registry,
            "survey",
            "import",
            source,
            "--edition",
            edition,
            "--as",
            name,
            "--date",
            "2025-06-30",
        )
        assert code == 0, err
    pages = {}
    for name, argv in {
        "example": ["cws12", "--survey", "example"],
        "draft-ten": ["cws12", "--survey", "draft-ten"],
        "hostile": ["cws12", "--survey", "hostile"],
        "by-office": ["cws12", "--survey", "example", "--by-office"],
    }.items():
        path = root / f"status-{name}.html"
        code, _, err = cli("--registry", registry, "status", *argv, "--format", "html", "-o", path)
        assert code == 0, err
        pages[name] = path
    return pages


@pytest.mark.parametrize("device", WIDTHS)
def test_status_page_in_a_browser(browser, status_pages, device):
    from selenium.webdriver.common.by import By

    open_at(browser, status_pages["example"], WIDTHS[device], f"status-example-{device}.png")
    overview = browser.find_element(By.CSS_SELECTOR, "figure.overview svg")
    assert overview.is_displayed() and overview.size["width"] <= WIDTHS[device]
    # One bar per recommendation, in parts coloured by status: the chart is drawn, not just written.
    assert len(overview.find_elements(By.CSS_SELECTOR, "rect[fill='none']")) == 10
    assert len(overview.find_elements(By.CSS_SELECTOR, "rect:not([fill='none'])")) > 30
    bars = browser.find_elements(By.CSS_SELECTOR, "table.status svg.bar")
    assert len(bars) == 36 and all(bar.size["height"] > 0 for bar in bars)  # 10 recommendations + 26 actions
    # Nothing was fetched: no resource besides the page itself.
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_answers_carried_from_the_draft_show_what_to_confirm(browser, status_pages):
    from selenium.webdriver.common.by import By

    open_at(browser, status_pages["draft-ten"], WIDTHS["desktop"], "status-draft-ten-desktop.png")
    row = browser.find_element(By.ID, "R6/a")
    assert "4 to confirm" in row.text
    row.find_element(By.CSS_SELECTOR, "details.answers summary").click()
    changes = row.find_element(By.CSS_SELECTOR, "div.changes")
    assert (
        changes.is_displayed()
        and "given to cws11:R7/a" in changes.text
        and "weakened: should → are encouraged to" in changes.text
    )
    assert "to confirm" not in browser.find_element(By.ID, "R7/a").text


def test_hostile_names_and_comments_stay_text(browser, status_pages):
    from selenium.webdriver.common.by import By

    for name in ("hostile",):
        open_at(browser, status_pages[name], WIDTHS["desktop"], f"status-{name}-desktop.png")
        assert browser.title != "pwned"
        assert browser.find_elements(By.CSS_SELECTOR, "main img, main script") == []
        row = browser.find_element(By.ID, "R1/a")
        row.find_element(By.CSS_SELECTOR, "details.answers summary").click()
        cells = row.find_elements(By.CSS_SELECTOR, "table.answers td")
        assert cells[0].text == HOSTILE and cells[2].text == HOSTILE


def test_by_office_matrix_in_a_browser(browser, status_pages):
    from selenium.webdriver.common.by import By

    open_at(browser, status_pages["by-office"], WIDTHS["desktop"], "status-by-office-desktop.png")
    cells = browser.find_elements(By.CSS_SELECTOR, "table.matrix td.cell")
    assert len(cells) == 26 * 6
    implemented = browser.find_element(By.CSS_SELECTOR, "table.matrix td.s-implemented")
    assert implemented.value_of_css_property("background-color") == "rgba(26, 127, 55, 1)"


def test_a_21_office_grid_prints_every_office_readably(browser, tmp_path_factory):
    """Chromium prints status --by-office of 21 offices to A4 (DevTools' Page.printToPDF): every office is on paper, named."""
    import base64
    import subprocess

    from selenium.webdriver.common.by import By

    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (poppler-utils; .ci/run installs it)")
    root = tmp_path_factory.mktemp("offices")
    registry = shutil.copytree(REGISTRY, root / "registry")
    names = [f"National Intellectual Property Office {n:02d}" for n in range(1, 22)]
    statuses = ["implemented", "partly implemented", "planned", "not planned", "not applicable", "unknown"]
    rows = ["office,R1(a),R1(b),R2(a),R3(a)"] + [
        f"{name},{','.join(statuses[(i + j) % 6] for j in range(4))}" for i, name in enumerate(names)
    ]
    (root / "offices.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = cli(
        "--registry",
        registry,
        "survey",
        "import",
        root / "offices.csv",
        "--edition",
        "cws12",
        "--as",
        "offices",
        "--date",
        "2025-06-30",
    )
    assert code == 0, err
    page = root / "by-office.html"
    code, _, err = cli(
        "--registry", registry, "status", "cws12", "--survey", "offices", "--by-office", "--format", "html", "-o", page
    )
    assert code == 0, err
    open_at(browser, page, WIDTHS["desktop"], "status-21-offices-desktop.png")
    # On screen: every office's name is shown whole (nothing clipped), every grid fits the window.
    headers = browser.find_elements(By.CSS_SELECTOR, "table.matrix th.office")
    assert [h.text for h in headers] == names
    assert browser.execute_script(
        "return [...document.querySelectorAll('table.matrix th.office')].every(h => h.scrollWidth <= h.clientWidth + 1 && h.scrollHeight <= h.clientHeight + 1)"
    )
    assert (
        browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )
    # On paper: A4 with Chromium's default margins; every table within the page's width, every name in the PDF's text.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.set_window_size(794, 1123)  # an A4 page at 96 dpi
    assert browser.execute_script(
        "return [...document.querySelectorAll('table.matrix')].every(t => t.getBoundingClientRect().right <= document.documentElement.clientWidth)"
    )
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(
        browser.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True})[
            "data"
        ]
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "status-21-offices.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(ARTIFACTS / "status-21-offices.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    # A name wraps within its column (National / Intellectual / Property / Office 07): its number ends it.
    printed = sorted({int(n) for n in re.findall(r"Office (\d\d)\b", text)})
    assert printed == list(range(1, 22)), f"{21 - len(printed)} offices not on paper"
