"""Shared fixtures: an isolated environment for every test, the CLI as a function, bad-file helpers."""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from recreg.cli import run

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "registry"
# Debian's headless Chromium and its driver (.ci/run installs them), for the browser tests.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# The source documents live beside the project; tests that read them skip without them.
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory, monkeypatch):
    """Keep every test off the user's cache and registry settings."""
    # The validator remembers the digests of valid files; a shared cache would let one
    # test skip the schema check another test relies on.
    monkeypatch.setenv("RECREG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("RECREG_REGISTRY", raising=False)
    monkeypatch.delenv("RECREG_NO_CACHE", raising=False)
    # pytest-xdist's workers get COLUMNS=80 from execnet; the tests expect no terminal at all.
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


@dataclass
class Result:
    """What a run of the command line gave: exit code and both streams."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    @property
    def out_lines(self) -> list[str]:
        return self.out.splitlines()


def recreg(*argv: str | Path) -> Result:
    """Run ``recreg ARGV`` in-process and return its exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    code = run([str(arg) for arg in argv], out, err)
    result = Result(code, out.getvalue(), err.getvalue())
    # Whatever the input, a user never sees a traceback.
    assert "Traceback" not in result.out + result.err
    return result


@pytest.fixture
def registry_copy(tmp_path) -> Path:
    """A writable copy of the bundled registry (the real editions, for links to resolve)."""
    return Path(shutil.copytree(REGISTRY, tmp_path / "registry"))


def edition_text(edition_id: str) -> str:
    """Return the text of a bundled edition file."""
    return (REGISTRY / f"{edition_id}.yaml").read_text(encoding="utf-8")


def replace_once(text: str, old: str, new: str) -> str:
    """Replace a passage that occurs exactly once, so a test alters precisely what it says."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def position(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """Return the 1-based line and column (in characters) of the one occurrence of needle, plus offset."""
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    index = text.index(needle) + offset
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


# Indicators for tests only: the bundled editions define none (their sources define none).
FICTIONAL_INDICATORS = {
    "R3/a": """        indicators:
          - id: governance-review-age
            measures: "Months since the data governance framework was last evaluated (fictional, for tests)"
            unit: months
            target:
              at_most: 24
            source:
              file: fictional-proposal.txt
              at: para 1
""",
    "R5/a": """        indicators:
          - id: digitized-share
            measures: "Share of the office's IP documents available in machine-readable full text (fictional, for tests)"
            unit: percent
            target:
              at_least: 90
            source:
              file: fictional-proposal.txt
              at: para 2
""",
}


def add_indicators(registry: Path, edition_id: str = "cws12") -> Path:
    """Give an edition of a registry copy the fictional indicators above, after R3(a)'s and R5(a)'s texts."""
    path = registry / f"{edition_id}.yaml"
    text = path.read_text(encoding="utf-8")
    anchors = {
        "R3/a": '        text: "IP offices should establish and maintain a data governance framework which includes data '
        'governance strategy, data management policy, and data protection policies and guidelines."\n',
        "R5/a": '        text: "IP offices should digitize paper-based or image-based IP documents into machine-readable '
        'full text formats, where possible structured data formats either in XML or JSON following relevant WIPO Standards."\n',
    }
    for key, anchor in anchors.items():
        text = replace_once(text, anchor, anchor + FICTIONAL_INDICATORS[key])
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium through selenium, one per test module; skips without selenium, chromium or its driver."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("headless Chromium needs Debian's chromium and chromium-driver (.ci/run installs them)")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="recreg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
