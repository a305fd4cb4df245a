"""Issue 5: zero external requests, search from file:// and a sub-path, the zip, an
air-gapped build, and offline after the first visit (servers: test_hosting.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, Watch, copy_project, search_finds, serve, site_pages, styles_loaded

pytestmark = pytest.mark.browser
SUB = "/some/sub/path/"


def visit_all(browser, base: str, pages: list[str], allowed: str) -> list[str]:
    context = browser.new_context()
    watch = Watch(context, allowed)
    page = context.new_page()
    problems = []
    for rel in pages:
        page.goto(base + rel)
        if not styles_loaded(page):
            problems.append(f"{rel}: styles not loaded")
    search_finds(page, "bakery", "tips/ask-details-that-show-care.html")
    # Navigation works: follow the first tip link from the home page.
    page.goto(base + "index.html")
    page.locator("article a[href='tips/be-curious.html']").first.click()
    page.wait_for_selector("h1:has-text('Be curious')")
    context.close()
    return problems + [f"external request: {u}" for u in watch.external]


def test_every_page_from_file_makes_no_external_request_and_search_works(browser, built_site):
    assert visit_all(browser, built_site.as_uri() + "/", site_pages(built_site), "file://") == []


def test_every_page_under_a_sub_path_makes_no_external_request_and_search_works(browser, built_site):
    with serve(built_site, SUB) as base:
        assert visit_all(browser, base, site_pages(built_site), base) == []


def test_the_watch_sees_external_requests(browser, tmp_path):
    (tmp_path / "x.html").write_text('<img src="https://cdn.example.org/x.png"><script src="http://203.0.113.1/a.js"></script>')
    context = browser.new_context()
    watch = Watch(context, "file://")
    context.new_page().goto((tmp_path / "x.html").as_uri())
    context.close()
    assert len(watch.external) == 2


def test_no_source_maps_and_local_search_shim(built_site):
    assert not list(built_site.rglob("*.map"))
    shim = built_site / "assets" / "javascripts" / "iframe-worker.js"
    assert shim.read_bytes() == (ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js").read_bytes()
    assert '<script src="assets/javascripts/iframe-worker.js">' in (built_site / "index.html").read_text()


# --------------------------------------------------------------------------- the zip


def test_zip_unpacks_to_a_working_site(browser, built_site, tmp_path, root):
    from rapport import __version__
    from rapport.model import load_site
    from rapport.model.release import zip_folder

    archive = built_site / "building-trust-rapport.zip"
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path)
    top = zip_folder(load_site(root / "mkdocs.yml"))
    assert top.startswith(f"building-trust-rapport-{__version__}-20"), "the folder names the version and content date"
    assert all(n.startswith(f"{top}/") for n in names)
    assert f"{top}/index.html" in names
    assert f"{top}/SHA256SUMS" not in names
    assert not any(n.endswith(".zip") for n in names), "the zip does not contain itself"
    assert not any("/deploy/" in n for n in names), "server-only files stay out of the zip"
    assert not any(n.endswith(("/.htaccess", "/web.config")) for n in names), "server files stay out of the zip"
    folder = tmp_path / top
    problems = visit_all(browser, folder.as_uri() + "/", ["index.html", "tips/driver-seat.html", "pocket-card.html"], "file://")
    assert problems == []


def test_home_page_links_the_zip_with_its_size(built_site):
    html = (built_site / "index.html").read_text()
    m = re.search(r'<a href="building-trust-rapport.zip" download>Download for offline use</a> \('
                  r'<span class="rp-size" data-file="building-trust-rapport.zip">ZIP, ([\d.]+) (KB|MB)</span>\)', html)
    assert m
    shown = float(m.group(1)) * (1000 if m.group(2) == "MB" else 1)
    size = (built_site / "building-trust-rapport.zip").stat().st_size / 1000
    assert abs(shown - size) <= (1 if m.group(2) == "KB" else 50), (shown, size)
    with zipfile.ZipFile(built_site / "building-trust-rapport.zip") as zf:
        inside = zf.read(next(n for n in zf.namelist() if n.endswith("/index.html") and n.count("/") == 1)).decode()
    assert m.group(0) in inside, "the copy inside the zip shows the same size"


# --------------------------------------------------------------------------- air-gapped build


def test_build_succeeds_with_no_network_at_all(tmp_path):
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -n is not permitted here, so a network-less build cannot be tried")
    project = copy_project(tmp_path / "project")
    out = tmp_path / "out" / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(["unshare", "-n", str(Path(os.sys.executable).parent / "rapport"), "build",
                           "--config", str(project / "mkdocs.yml"), "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (out / "pocket-card.pdf").is_file() and (out / "building-trust-rapport.zip").is_file()
    # And `make site` would install nothing: its setup stamps are up to date.
    stamps = subprocess.run(["make", "-q", "-C", str(ROOT), ".venv/.stamp-site", "node_modules/.stamp"])
    assert stamps.returncode == 0, "make would reinstall dependencies (a network step) on the next build"


# --------------------------------------------------------------------------- service worker


CACHED = "caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys())))).then(l => l.flat().map(r => r.url))"


def controlled(page) -> None:
    """Wait until the service worker has installed (its cache filled), controls the page, and has
    kept the page with what it loaded."""
    page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_selector("html[data-rp-page-kept=yes]", state="attached")


def test_a_first_visit_keeps_the_shell_and_the_page_and_nothing_else(browser, built_site):
    """A first visit costs little more than the page: the worker caches its edition's theme and our
    assets, search index and home page, and the page; no other page, no PDF, not the other edition.
    With the server gone, that page reads; a page never opened shows its edition's home page."""
    from rapport.model import strings

    context = browser.new_context()
    page = context.new_page()
    with serve(built_site, SUB) as base:
        page.goto(base + "tips/be-curious.html")
        controlled(page)
        cached = sorted(u[len(base):] for u in page.evaluate(CACHED))
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == base + "sw.js"
    rest = [u for u in cached if not u.startswith("assets/")]
    assert rest == ["index.html", "search/search_index.json", "tips/be-curious.html"], rest
    assert "assets/rapport/questions.js" in cached and any(u.startswith("assets/stylesheets/main.") for u in cached)
    assert not [u for u in cached if u.endswith(".pdf") or u.startswith("es/")]
    # The server is gone: the page read stays readable, with its styles; another opens the home
    # page (at its own address, so its links work), which says why.
    page.goto(base + "tips/be-curious.html")
    assert page.locator("h1").inner_text().startswith("Be curious") and styles_loaded(page)
    page.goto(base + "tips/driver-seat.html")
    assert page.url == base + "index.html#rp-not-kept" and styles_loaded(page)
    assert page.locator(".rp-not-kept").inner_text() == strings.ui("en")["js"]["not_kept"]
    page.locator("article a[href='tips/be-curious.html']").first.click()
    page.wait_for_selector("h1:has-text('Be curious')")
    context.close()


def test_the_worker_keeps_and_serves_this_sites_files_alone(browser, built_site, tmp_path):
    """On a host that serves other pages beside the site (here at the root, as `make site` builds
    by default), the worker keeps none of them, even open in a tab of their own; the pocket card,
    opened first, is kept with its font."""
    root = tmp_path / "root"
    shutil.copytree(built_site, root)
    (root / "hr").mkdir()
    (root / "hr" / "payslip.html").write_text("<!doctype html><title>Payslip</title><p>Payslip of Jane</p>")
    context = browser.new_context()
    other = context.new_page()
    page = context.new_page()
    with serve(root, "/") as base:
        other.goto(base + "hr/payslip.html?id=7")
        page.goto(base + "pocket-card.html")
        controlled(page)
        other.reload()
        page.evaluate("fetch('hr/payslip.html'); fetch('nothing-here.html').catch(() => null)")
        page.wait_for_load_state("networkidle")
        cached = sorted(u[len(base):] for u in page.evaluate(CACHED))
    assert not [u for u in cached if u.startswith("hr/") or u.startswith("nothing")], cached
    assert "pocket-card.html" in cached and any(u.startswith("assets/fonts/") for u in cached), cached
    from playwright.sync_api import Error

    with pytest.raises(Error, match="ERR_CONNECTION_REFUSED"):  # offline: the browser's error, not a kept copy
        other.goto(base + "hr/payslip.html")
    context.close()


def test_keeping_the_whole_course_keeps_every_page_and_pdf_of_the_edition(browser, built_site):
    """The home page's button asks the worker for the rest of its edition; the status says so in
    the page's language; then, with no server, a page never opened and a PDF open from the cache."""
    from rapport.model import strings

    context = browser.new_context()
    page = context.new_page()
    with serve(built_site, SUB) as base:
        page.goto(base + "es/index.html")
        controlled(page)
        box = page.locator(".rp-keep-offline")
        box.wait_for(state="visible")
        assert "es/handbook-letter.pdf" not in " ".join(page.evaluate(CACHED))
        assert re.fullmatch(r"Descarga unos \d+,\d MB\.", box.locator(".rp-keep-size").inner_text())
        button = box.get_by_role("button", name=strings.ui("es")["keep_button"])
        button.focus()
        page.keyboard.press("Enter")  # from the keyboard; the focus stays on the button while it saves
        page.wait_for_selector(".rp-keep-offline[data-kept=saving]", state="attached")
        assert page.evaluate("document.activeElement.classList.contains('rp-keep-button')")
        page.wait_for_selector(".rp-keep-offline[data-kept=yes]")
        assert page.evaluate("document.activeElement.classList.contains('rp-keep-button')")
        assert box.get_by_role("status").inner_text() == strings.ui("es")["js"]["keep_done"]
        cached = {u[len(base):] for u in page.evaluate(CACHED)}
    wanted = {p.relative_to(built_site).as_posix() for p in (built_site / "es").rglob("*")
              if p.is_file() and not p.name.endswith(".zip")}
    assert wanted <= cached, sorted(wanted - cached)[:5]
    assert not [u for u in cached if u.startswith("tips/")], "not the other edition"
    page.goto(base + "es/facilitators/role-play-boundaries.html")
    assert page.locator("h1").inner_text().startswith("Juego de roles") and styles_loaded(page)
    assert page.evaluate("fetch('../handbook-letter.pdf').then(r => r.status)") == 200
    page.goto(base + "es/index.html")  # a later visit: the page says it is kept
    page.wait_for_selector(".rp-keep-offline[data-kept=yes]")
    context.close()


def test_keeping_the_course_says_when_it_could_not_and_may_be_tried_again(browser, built_site, tmp_path):
    from rapport.model import strings

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    missing = site / "attendance.pdf"
    missing.rename(tmp_path / "attendance.pdf")  # the server answers 404 for it
    context = browser.new_context()
    page = context.new_page()
    with serve(site, SUB) as base:
        page.goto(base + "index.html")
        controlled(page)
        page.locator(".rp-keep-button").click()
        page.wait_for_selector(".rp-keep-offline[data-kept=failed]")
        assert page.locator(".rp-keep-status").inner_text() == strings.ui("en")["js"]["keep_failed"]
        assert page.locator(".rp-keep-button").get_attribute("aria-disabled") is None
        (tmp_path / "attendance.pdf").rename(missing)
        page.locator(".rp-keep-button").click()
        page.wait_for_selector(".rp-keep-offline[data-kept=yes]")
    context.close()


def test_service_worker_never_registers_from_file(browser, built_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto((built_site / "index.html").as_uri())
    page.wait_for_timeout(300)
    assert page.evaluate("!('serviceWorker' in navigator) || navigator.serviceWorker.controller === null")
    assert page.locator(".rp-offline-download").is_hidden(), "the zip link is hidden in the offline copy"
    assert page.locator(".rp-keep-offline").is_hidden(), "no worker: no offer to keep the course"
    context.close()


def test_a_new_build_gets_a_new_cache(built_site, tmp_path):
    from rapport.outputs.service_worker import write_service_worker

    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    before = re.search(r'const VERSION = "(\w+)"', (copy / "sw.js").read_text()).group(1)
    page = copy / "words-matter.html"
    page.write_text(page.read_text().replace("Words matter", "Words matter a lot", 1))
    write_service_worker(copy, (("", "en"), ("es/", "es")))
    after = re.search(r'const VERSION = "(\w+)"', (copy / "sw.js").read_text()).group(1)
    assert before != after
    files = (copy / "sw.js").read_text()
    assert '"tips/be-curious.html"' in files and "building-trust-rapport.zip" not in files
