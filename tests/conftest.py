"""Shared fixtures: the real site is built once per test session; tests that change
content copy a small fixture project from tests/fixtures/ into tmp_path, never the real pages."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import socket
import threading
from pathlib import Path

import pytest

from rapport.app import build_site
from rapport.model import RapportError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# The sub-path the real site is built for in the tests (`make site BASE=...`): pages must not care.
BASE = "/some/sub/path/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once with the same pipeline `make site` uses, for servers at BASE."""
    out = tmp_path_factory.mktemp("built") / "site"
    build_site(ROOT / "mkdocs.yml", out, base=BASE)
    return out


@pytest.fixture(scope="session")
def a4_paper(built_site, tmp_path_factory) -> Path:
    """The real site's paper as an agency that asks for A4 gets it (`extra.paper.size: a4`): the
    project copied with that setting, its paper written from the built pages into a copy of the
    site (both editions). The real site builds Letter only, the default."""
    from rapport.model import load_site
    from rapport.outputs import paper

    base = tmp_path_factory.mktemp("a4")
    project = base / "project"
    shutil.copytree(ROOT, project, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".cache", "site", "build", "node_modules", "tests", "*.egg-info", "__pycache__", ".pytest_cache",
        ".ruff_cache"))
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    if (ROOT / ".git").exists():  # the same commit, so the same content date on every page
        (project / ".git").symlink_to(ROOT / ".git")
    config = project / "mkdocs.yml"
    assert "  paper:\n    size: letter\n" in config.read_text(), "the real site builds Letter"
    config.write_text(config.read_text().replace("  paper:\n    size: letter\n", "  paper:\n    size: a4\n"))
    out = base / "site"
    shutil.copytree(built_site, out)
    for name, folder in (("mkdocs.yml", out), ("mkdocs.es.yml", out / "es")):
        paper.write(load_site(project / name), folder)
    return out


@pytest.fixture(scope="session")
def paper_pdf(built_site, a4_paper):
    """A paper PDF of the real site by its name: an A4 book or form from `a4_paper`, the rest from the site."""
    return lambda name: (a4_paper if re.search(r"(?<!pocket-card)-a4\.pdf$", name) else built_site) / name


def copy_project(dest: Path, name: str = "tiny") -> Path:
    """A copy of a fixture project (tests/fixtures/<name>) with the real theme, to change and build."""
    shutil.copytree(FIXTURES / name, dest)
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    (dest / "node_modules").symlink_to(ROOT / "node_modules")  # installed by `make`, shared read-only
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    """The tiny fixture project: one tip (docs/tips/first-tip.md), home and card page."""
    return copy_project(tmp_path / "project")


def build_fails(project: Path) -> str:
    """Build a fixture project that must fail; return the author-facing message."""
    with pytest.raises(RapportError) as info:
        build_site(project / "mkdocs.yml", project / "site")
    return str(info.value)


def add_tip(project: Path, slug: str, text: str) -> Path:
    """Write docs/tips/<slug>.md and list it last under Tips in the fixture's nav."""
    path = project / "docs" / "tips" / f"{slug}.md"
    path.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Pocket card:", f"      - tips/{slug}.md\n  - Pocket card:"))
    return path


# --------------------------------------------------------------------------- browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium) "
                    "or `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser):
    # The pages' own policy would block the test tools' injected scripts (axe, wait_for_function);
    # tests of the policy itself (test_csp.py, nginx) open contexts without this.
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    yield ctx
    ctx.close()


# --------------------------------------------------------------------------- local servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder under a sub-path, as an intranet server would."""

    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return "/nonexistent"
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/"):
    """A plain HTTP server on 127.0.0.1 serving `folder` under `prefix`; yields its base URL."""
    handler = type("Handler", (SubPathHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def site_pages(site: Path) -> list[str]:
    """Every page of a built site, relative to it (404.html is for servers only; the session
    slides, slides-60.html …, are Marp's pages, not the theme's: decks())."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html" and not re.fullmatch(r"slides-\d+\.html", p.name))


def decks(site: Path) -> list[str]:
    """The session slides' web pages (rapport.outputs.slides), relative to the site."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("slides-*.html"))


def search_finds(page, word: str, target: str) -> None:
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # narrow screens: the search button opens the box
        page.locator("label[for='__search']").first.click()
    box.click()
    page.keyboard.type(word, delay=20)  # typed as a person types: the theme searches on key events
    page.wait_for_selector(f".md-search-result__item a[href*='{target}']", timeout=10000)


def take_final_check(page, wrong: int = 0, button: str = "Score my check") -> str:
    """On the final check page: answer the first `wrong` questions wrong and the rest right,
    score it, and return the result's text."""
    final = page.locator(".rq-final")
    for n, question in enumerate(final.locator(".rq-final-item:not([hidden]) .rq-question").all()):
        qid = question.get_attribute("id")
        for li in question.locator(".rq-key-item.rq-wrong" if n < wrong else ".rq-key-item.rq-right").all()[:1 if n < wrong else None]:
            question.locator(f"#{qid}-{li.get_attribute('data-option')}").check()
    page.get_by_role("button", name=button).click()
    final.locator(".rq-final-result .rq-result").wait_for()  # a locator, not a script: works under the pages' policy
    return final.locator(".rq-final-result").inner_text()


class Watch:
    """Logs every request a page makes; blocks and counts anything not local."""

    def __init__(self, context, allowed_prefix: str):
        self.allowed = allowed_prefix
        self.external: list[str] = []
        self.failed_styles: list[str] = []
        context.route(re.compile(r"^(https?|wss?|ftp)://"), self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.allowed):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()


def styles_loaded(page) -> bool:
    return page.evaluate("""() => getComputedStyle(document.querySelector('.md-header')).position === 'sticky'
        && Array.from(document.styleSheets).some(s => (s.href || '').includes('assets/stylesheets/main.'))""")


def pytest_collection_modifyitems(config, items):
    """Every test that launches the browser is marked `browser`, and every test that reaches a
    package registry `network` (the offline kit downloads every package), whether or not it says so:
    `pytest -m "not browser and not network"` runs the rest."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"browser", "context"}:
            item.add_marker(pytest.mark.browser)
        if "kit" in names:
            item.add_marker(pytest.mark.network)
