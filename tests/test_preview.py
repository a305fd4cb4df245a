"""rapport.pipeline.preview: `make serve` is the same build as `make site` (profile preview):
it serves what the build writes, shows every problem on the pages instead of stopping or
hanging, counts them as `make site` would, and recovers when they are fixed."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT, copy_project, free_port
from rapport.app import build_site


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()
    except OSError:
        return 0, b""


def wait_for(url: str, test, seconds: float = 60) -> bytes:
    deadline = time.monotonic() + seconds
    body = b""
    while time.monotonic() < deadline:
        status, body = get(url)
        if status == 200 and test(body):
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} never matched; last body: {body[:300]!r}")


@contextlib.contextmanager
def preview(project):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "rapport.cli", "serve", "--config", str(project / "mkdocs.yml"),
                             "--port", str(port)], cwd=project, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        # SIGTERM, not Ctrl-C's SIGINT: a test run started in the background has SIGINT ignored,
        # and so has every process it starts.
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


@pytest.fixture
def served(project):
    with preview(project) as base:
        yield base, project


def test_the_preview_shows_problems_then_recovers_and_serves_the_downloads(served):
    base, project = served
    tip = project / "docs" / "tips" / "first-tip.md"
    good = tip.read_text()
    wait_for(base + "tips/first-tip.html", lambda b: b"rq-question" in b and b"rp-preview-problems" not in b)
    pdf = wait_for(base + "pocket-card.pdf", lambda b: b.startswith(b"%PDF"))
    assert len(pdf) > 1000
    assert wait_for(base + "pocket-card.html", lambda b: b"PDF, " in b and b" KB</span>" in b)
    assert wait_for(base + "building-trust-rapport.zip", lambda b: b.startswith(b"PK"))

    tip.write_text(good.replace("    correct: true\n", "", 1) + "\nTODO: finish this.\n\nTODO: and this.\n")
    page = wait_for(base + "tips/first-tip.html", lambda b: b"rp-preview-problems" in b).decode()
    assert "docs/tips/first-tip.md:36:1</code> question-answer: no option is marked correct" in page
    # Placeholders stop `make site`: counted as problems, one line for the file.
    assert "3 problems to fix before the site can be published" in page
    assert re.search(r"docs/tips/first-tip\.md</code> placeholder: placeholder text is still on these lines: \d+, \d+ \(2 in all\)",
                     page), page[page.index("rp-preview-problems"):][:1500]
    home = wait_for(base + "index.html", lambda b: b"rp-preview-problems" in b).decode()
    assert "question-answer" in home and "3 problems to fix" in home, "errors on every page"

    tip.write_text(good)
    wait_for(base + "tips/first-tip.html", lambda b: b"rp-preview-problems" not in b and b"rq-question" in b)


def test_make_serve_uses_the_port_given(project):
    port = free_port()
    proc = subprocess.Popen(["make", "-s", "-C", str(ROOT), "serve", f"PORT={port}", f"CONFIG={project / 'mkdocs.yml'}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/index.html", lambda b: b"Tiny Training" in b)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def files_of(folder) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_the_preview_serves_every_file_make_site_builds_both_languages_included(tmp_path):
    """The three commands: `make site` and `make serve` give the same files; a plain engine run
    refuses with one line and writes nothing."""
    project = copy_project(tmp_path / "project", "bilingual")
    built = build_site(project / "mkdocs.yml", project / "site")
    files = files_of(project / "site")
    assert {"es/index.html", "es/pocket-card.pdf", "handbook-letter.pdf", "building-trust-rapport-scorm12.zip",
            "building-trust-rapport.zip", "sw.js", "SHA256SUMS", "deploy/csp.txt"} <= files, sorted(files)
    assert [f for f in built.findings if f.severity == "error"] == []
    with preview(project) as base:
        wait_for(base + "index.html", lambda b: b"Tiny" in b or b"rp-language" in b)
        for rel in sorted(files):
            status, body = get(base + rel)
            assert status == 200, rel
        switch = re.search(r'<nav class="rp-language"[^>]*>.*?href="([^"]+)"', get(base + "index.html")[1].decode(), re.S)
        assert switch and get(base + switch.group(1))[0] == 200, "the language switch leads to a page the preview has"
    served = project / ".cache" / "rapport" / "preview" / "site"
    assert files_of(served) == files, "the preview holds exactly what make site builds"

    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--config-file", str(project / "mkdocs.yml"),
                            "--site-dir", str(tmp_path / "plain")], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert plain.returncode != 0 and "make site" in plain.stderr, plain.stderr
    assert "Traceback" not in plain.stderr
    assert not (tmp_path / "plain").exists() or files_of(tmp_path / "plain") == set()


def test_a_new_tip_then_the_preview_shows_its_placeholders_and_missing_translation(tmp_path):
    """For authors' first step: `make new-tip`, then `make serve`: no traceback, every page served,
    the panel lists the placeholders (grouped) and the Spanish translation still pending."""
    project = copy_project(tmp_path / "project", "bilingual")
    made = subprocess.run(["make", "-s", "-C", str(ROOT), "new-tip", "TITLE=Notice small wins",
                           f"CONFIG={project / 'mkdocs.yml'}"], capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    with preview(project) as base:
        page = wait_for(base + "tips/notice-small-wins.html", lambda b: b"rp-preview-problems" in b).decode()
        panel = page[page.index("rp-preview-problems"):page.index("</div>", page.index("rp-preview-problems"))]
        assert "docs/tips/notice-small-wins.md</code> placeholder: placeholder text is still on these lines:" in panel
        assert panel.count("placeholder:") == 1, "placeholders are one line per file"
        # The Spanish page `make new-tip` wrote: a translation pending, never an error; the
        # Spanish edition shows a page that says so and links the English tip.
        assert "parity" not in panel, panel
        status, spanish = get(base + "es/tips/notice-small-wins.html")
        assert status == 200 and "todavía no está traducida" in spanish.decode(), spanish[:300]
        assert "Traceback" not in page
        for rel in ("index.html", "es/index.html", "pocket-card.html", "es/pocket-card.html"):
            assert get(base + rel)[0] == 200, rel


def test_unreadable_settings_while_serving_answer_every_request_then_recover(served):
    base, project = served
    wait_for(base + "index.html", lambda b: b"Tiny Training" in b)
    config = project / "mkdocs.yml"
    good = config.read_text()
    config.write_text(good.replace("use_directory_urls: false", "use_directory_urls: [unclosed"))
    page = wait_for(base + "index.html", lambda b: b"rp-preview-problems" in b).decode()
    assert "mkdocs.yml" in page and "Traceback" not in page
    status, body = get(base + "tips/first-tip.html")  # any address answers, at once, with the problem
    assert status in (200, 404) and b"rp-preview-problems" in body
    tip = project / "docs" / "tips" / "first-tip.md"
    config.write_text(good)
    tip.write_text(tip.read_text().replace("minutes:", "minutes: TODO\nold_minutes:", 1))
    page = wait_for(base + "tips/first-tip.html", lambda b: b"rq-question" in b).decode()
    assert "Traceback" not in page


def test_a_preview_started_with_broken_spanish_settings_recovers_and_watches_docs_es(tmp_path):
    project = copy_project(tmp_path / "project", "bilingual")
    es = project / "mkdocs.es.yml"
    good = es.read_text()
    es.write_text(good.replace("docs_dir: docs-es\n", "docs_dir: docs-es\nuse_directory_urls: maybe\n"))
    with preview(project) as base:
        page = wait_for(base + "index.html", lambda b: b"rp-preview-problems" in b).decode()
        assert "mkdocs.es.yml:5:1" in page and 'lang="en"' in page
        status, body = get(base + "es/index.html")
        assert status == 404 and b"rp-preview-problems" in body, "every address says why"
        es.write_text(good)
        wait_for(base + "es/index.html", lambda b: b"rp-language" in b)
        home = project / "docs-es" / "index.md"
        home.write_text(home.read_text() + "\nUna frase nueva para la vista previa.\n")
        wait_for(base + "es/index.html", lambda b: "Una frase nueva".encode() in b)


SENTENCE = "A sentence this save added."


def gated(gate, entered):
    """STEPS with the paper step waiting at `gate` (`entered` set when a build reaches it): the
    test decides when the downloads of a save are made, so it sees the moment between."""
    import dataclasses

    from rapport.outputs import STEPS

    def hold(step):
        def run(run, site, folder):
            entered.set()
            assert gate.wait(120), "the test never opened the gate"
            return step.run(run, site, folder)

        run.__name__ = step.run.__name__
        return dataclasses.replace(step, run=run)

    return tuple(hold(s) if s.name == "paper_step" else s for s in STEPS)


def book_text(path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


def edit(project, words: str) -> None:
    tip = project / "docs" / "tips" / "first-tip.md"
    text = tip.read_text(encoding="utf-8")
    text = re.sub(rf"\n{re.escape(SENTENCE)}( \w+)?\n", "\n", text)
    tip.write_text(text.replace("\n## ", f"\n{SENTENCE} {words}\n\n## ", 1), encoding="utf-8")


def test_a_save_shows_its_pages_first_then_its_downloads_and_a_newer_save_wins(project, tmp_path):
    """After a save the new pages are in place while the PDFs are still being made: the last ones
    stand in, with their sizes, and the panel says so. Then the whole build goes in place and the
    browsers reload. A save during that build stops it: only the newest save's build goes in."""
    import threading

    from rapport.model import strings
    from rapport.pipeline.preview import Preview

    gate, entered = threading.Event(), threading.Event()
    gate.set()
    out = tmp_path / "preview"
    preview = Preview(project / "mkdocs.yml", out, gated(gate, entered), "mkdocs")
    reloads = []
    preview.reload = lambda: reloads.append(1)
    making = strings.text("en", "preview_making")
    page = out / "tips" / "first-tip.html"
    try:
        preview.rebuild()  # the first build: whole at once
        assert (out / "handbook-letter.pdf").is_file() and making not in page.read_text()

        gate.clear()
        entered.clear()
        edit(project, "One")
        preview.rebuild()  # returns with the pages in place; the downloads are being made
        assert entered.wait(60)
        html = page.read_text()
        assert f"{SENTENCE} One" in html and making in html
        assert f"{SENTENCE} One" not in book_text(out / "handbook-letter.pdf"), "the last handbook stands in"
        assert re.search(r"PDF, \d+ KB</span>", (out / "pocket-card.html").read_text()), "its size in the link"
        assert reloads == []
        gate.set()
        preview.wait()
        html = page.read_text()
        assert f"{SENTENCE} One" in html and making not in html
        assert f"{SENTENCE} One" in book_text(out / "handbook-letter.pdf")
        assert reloads == [1]

        gate.clear()
        entered.clear()
        edit(project, "Two")
        preview.rebuild()
        older = preview.follow
        assert entered.wait(60)
        edit(project, "Three")
        preview.rebuild()  # while the build for "Two" waits at its paper step
        assert f"{SENTENCE} Three" in page.read_text()
        gate.set()
        older.join()
        preview.wait()
        html = page.read_text()
        assert f"{SENTENCE} Three" in html and making not in html
        assert f"{SENTENCE} Three" in book_text(out / "handbook-letter.pdf")
        assert reloads == [1, 1], "the build for Two stopped: one reload, for Three"
        assert not list(tmp_path.glob(".site-*")), "nothing left beside the preview"

        gate.clear()
        edit(project, "Five")
        preview.rebuild()
        edit(project, "Six")
        preview.rebuild()  # two builds in the background, both at the gate; then the preview stops
        gate.set()
        preview.stop()
        assert not any(t.is_alive() for t in preview.follows), "stopping waits for every build it started"
        assert not list(tmp_path.glob(".site-*")) and not list(tmp_path.glob("..site-*")), "each removed what it wrote"
    finally:
        gate.set()
        preview.stop()


@pytest.mark.browser
def test_the_browser_shows_a_save_then_reloads_itself_when_its_downloads_are_made(browser, project, tmp_path):
    import threading

    from rapport.model import strings
    from rapport.pipeline.preview import start

    gate, entered = threading.Event(), threading.Event()
    gate.set()
    port = free_port()
    (tmp_path / ".site-staging-left").mkdir()  # by a preview killed in the middle of a build
    preview, server = start(project / "mkdocs.yml", tmp_path / "preview", gated(gate, entered), "127.0.0.1", port,
                            "mkdocs")
    assert not (tmp_path / ".site-staging-left").exists()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    making = strings.text("en", "preview_making")
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}/tips/first-tip.html")
        gate.clear()
        edit(project, "Four")
        # The server reloads the page after the pages go in place; the downloads wait at the gate.
        page.wait_for_function("([s, m]) => document.body.innerText.includes(s) && document.body.innerText.includes(m)",
                               arg=[f"{SENTENCE} Four", making], timeout=60000)
        assert entered.wait(60)
        gate.set()
        # No reload from the test: the page loads again by itself when the whole build is in place.
        page.wait_for_function("([s, m]) => document.body.innerText.includes(s) && !document.body.innerText.includes(m)",
                               arg=[f"{SENTENCE} Four", making], timeout=60000)
    finally:
        gate.set()
        page.close()
        server.shutdown()
        preview.stop()
