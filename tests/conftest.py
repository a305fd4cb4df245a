"""Shared fixtures: the real site is built once per test session; fixture projects are
copies of the real one with one thing changed, built into tmp_path."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from rapport.build import BuildError, build_site

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once with the same pipeline `make site` uses."""
    out = tmp_path_factory.mktemp("built") / "site"
    build_site(ROOT / "mkdocs.yml", out)
    return out


def copy_project(dest: Path) -> Path:
    """A copy of the project's content and theme that a test may change and build."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    (dest / "node_modules").symlink_to(ROOT / "node_modules")  # installed by `make`, shared read-only
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def build_fails(project: Path) -> str:
    """Build a fixture project that must fail; return the author-facing message."""
    with pytest.raises(BuildError) as info:
        build_site(project / "mkdocs.yml", project / "site")
    return str(info.value)


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
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
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
    """Every page of a built site, relative to it (404.html is for servers only)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
