"""rapport.preview: `make serve` shows problems on the page instead of hanging, recovers when
they are fixed, and serves the card PDFs, their sizes and the zip."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT, free_port


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, b""
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


@pytest.fixture
def served(project):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--config-file", str(project / "mkdocs.yml"),
                             "--dev-addr", f"127.0.0.1:{port}"], cwd=project, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    try:
        yield f"http://127.0.0.1:{port}/", project
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)


def test_the_preview_shows_problems_then_recovers_and_serves_the_downloads(served):
    base, project = served
    tip = project / "docs" / "tips" / "first-tip.md"
    good = tip.read_text()
    wait_for(base + "tips/first-tip.html", lambda b: b"rq-question" in b and b"rp-preview-problems" not in b)
    pdf = wait_for(base + "pocket-card.pdf", lambda b: b.startswith(b"%PDF"))
    assert len(pdf) > 1000
    assert wait_for(base + "pocket-card.html", lambda b: b"PDF, " in b and b" KB</span>" in b)
    assert wait_for(base + "building-trust-rapport.zip", lambda b: b.startswith(b"PK"))

    tip.write_text(good.replace("    correct: true\n", "", 1) + "\nTODO: finish this.\n")
    page = wait_for(base + "tips/first-tip.html", lambda b: b"rp-preview-problems" in b).decode()
    assert "docs/tips/first-tip.md:36:1</code> question-answer: no option is marked correct" in page
    assert "placeholder (warning): placeholder text is still here" in page
    home = wait_for(base + "index.html", lambda b: b"rp-preview-problems" in b).decode()
    assert "question-answer" in home and "placeholder (warning)" not in home, "errors on every page; warnings on their own"

    tip.write_text(good)
    wait_for(base + "tips/first-tip.html", lambda b: b"rp-preview-problems" not in b and b"rq-question" in b)


def test_make_serve_uses_the_port_given(project):
    port = free_port()
    proc = subprocess.Popen(["make", "-s", "-C", str(ROOT), "serve", f"PORT={port}", f"CONFIG={project / 'mkdocs.yml'}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/index.html", lambda b: b"Tiny Training" in b)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=20)
